/** One chunk of validated predictions, as every reader yields them. */
export interface PredictionChunk {
  /** Rows in this chunk (rows skipped by `skipInvalid` are not counted). */
  rows: number;
  /** Classes per row (the same in every chunk of a file). */
  classes: number;
  /** The scores (logits or probabilities), `rows × classes`, row-major. */
  scores: Float64Array;
  /** The label of each row, in `[0, classes)`; empty when no label column was asked for. */
  labels: Int32Array;
  /** The 0-based file row (header not counted) of the first row read into this chunk. */
  firstRow: number;
}

/** The file formats the readers understand. */
export type PredictionFormat = 'parquet' | 'arrow' | 'csv' | 'jsonl' | 'npy';

/** Whether a file's scores are raw logits or probabilities (rows summing to 1). */
export type ScoreKind = 'logits' | 'probabilities';
