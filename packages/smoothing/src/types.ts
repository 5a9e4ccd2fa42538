import type * as tf from '@tensorflow/tfjs-core';

/** How per-row losses are combined: averaged (PyTorch's rules, see the README), summed, or returned as they are. */
export type Reduction = 'mean' | 'sum' | 'none';

/** One number per class: a plain array, a typed array or a 1-D tensor of length C. */
export type ClassVector = readonly number[] | Float32Array | Float64Array | tf.Tensor1D;
