/**
 * How a loss over rows is reduced, with PyTorch's names: `'none'` returns one value per row, `'sum'` their sum and
 * `'mean'` their mean (each loss documents its divisor, e.g. the summed class weights of the rows under
 * `classWeights`, as in PyTorch).
 *
 * @example
 * ```ts
 * import type { Reduction } from '@softlabels/core';
 *
 * const reduction: Reduction = 'sum';
 * console.log(reduction); // sum
 * ```
 */
export type Reduction = 'mean' | 'sum' | 'none';
