/** Options of `sparseLabelDataset`. */
export interface SparseLabelDatasetOptions {
  /** The number of classes C: the one-hot targets are `[batch, C]`, the model's output width. Required. */
  numClasses: number;
  /** Examples per batch (default 32, as `model.fit`); the last batch of an epoch may be smaller. */
  batchSize?: number;
  /** A fresh random order of the examples for each epoch (default true, as `model.fit`); `false` keeps their order. */
  shuffle?: boolean;
  /** Seed of the shuffling (default 0): the same seed gives the same batches on every platform. */
  seed?: number;
}
