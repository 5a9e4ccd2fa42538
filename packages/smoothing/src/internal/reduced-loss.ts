import type * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from '@softlabels/core';

/** What a loss returns for reduction `R`: a scalar for `'mean'`/`'sum'`, a tensor for `'none'` or a run-time choice. */
export type ReducedLoss<R extends Reduction> = [R] extends ['mean' | 'sum'] ? tf.Scalar : tf.Tensor;
