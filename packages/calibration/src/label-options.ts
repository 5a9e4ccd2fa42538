/** The option of every function that takes labels. */
export interface LabelOptions {
  /**
   * A label that marks rows to leave out, as PyTorch's `ignore_index` (Hugging Face pads labels with −100): those rows
   * count nowhere, and the result is that of the other rows. Any integer; by default no label is ignored. Ignored rows
   * are still validated (finite scores, probability rows that are distributions), and at least one row must remain.
   */
  ignoreIndex?: number;
}
