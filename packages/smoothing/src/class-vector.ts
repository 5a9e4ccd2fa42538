import type * as tf from '@tensorflow/tfjs-core';

/** One number per class: a plain array, a typed array or a 1-D tensor of length C. */
export type ClassVector = readonly number[] | Float32Array | Float64Array | tf.Tensor1D;
