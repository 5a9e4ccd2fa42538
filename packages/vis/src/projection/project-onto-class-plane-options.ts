import type * as tf from '@tensorflow/tfjs-core';
import type { NumericData } from '@softlabels/core';

/**
 * Options of {@link projectOntoClassPlane}.
 *
 * @example
 * ```ts
 * import type { ProjectOntoClassPlaneOptions } from '@softlabels/vis';
 *
 * const options: ProjectOntoClassPlaneOptions = { labels: [0, 2, 1], select: 'chosen-classes' };
 * console.log(options.select); // chosen-classes
 * ```
 */
export interface ProjectOntoClassPlaneOptions {
  /** Integer class label of each example (length N): copied into the points and used by `select`. */
  labels?: tf.Tensor | NumericData;
  /**
   * `'all'` (default) keeps every example; `'chosen-classes'` keeps only examples labelled a, b or c, as in the
   * paper's figures (needs `labels`).
   */
  select?: 'all' | 'chosen-classes';
}
