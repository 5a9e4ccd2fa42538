/**
 * A cell a format reader could not turn into a value (a CSV row with the wrong number of fields, a JSON line that does
 * not parse): the assembler reports `problem` for the row, or skips it.
 */
export class CellProblem {
  constructor(readonly problem: string) {}
}

/** Score values as a format reader hands them over, before validation. */
export type RawScores =
  /** One array per class column (`columns[c][r]`). */
  | { kind: 'columns'; names: readonly string[]; columns: readonly ArrayLike<unknown>[] }
  /** One list (or `null`) per row. */
  | { kind: 'list'; name: string; lists: ArrayLike<unknown> }
  /**
   * Row-major values of `classes` per row: a `.npy` matrix (its columns named `0` … `K−1`), or with `list` the rows of
   * the list column `name` that all hold `classes` numbers (columns named `name[k]`).
   */
  | { kind: 'matrix'; name: string; values: ArrayLike<number>; classes: number; list?: boolean };

/**
 * One chunk as a format reader reads it: values of any JS type, checked by `ChunkAssembler`. Its arrays may be views
 * of the reader's buffers, valid until the reader is asked for the next chunk.
 */
export interface RawChunk {
  /** The 0-based file row of the chunk's first row. */
  firstRow: number;
  rows: number;
  scores: RawScores;
  /** The label column's values, when one was asked for. */
  labels?: { name: string; values: ArrayLike<unknown> };
}

/** Scores per chunk at most (8 MiB as float64), whatever `chunkRows` asks: rows of many classes make short chunks. */
export const CHUNK_VALUES = 1 << 20;

/** Rows per chunk for rows of `perRow` scores: at most `chunkRows` and {@link CHUNK_VALUES} scores, at least one. */
export function chunkRowsFor(chunkRows: number, perRow: number): number {
  return Math.max(1, Math.min(chunkRows, Math.floor(CHUNK_VALUES / Math.max(1, perRow))));
}

/** What a format reader reads: the column specs of the command line and the chunk size it should aim for. */
export interface SourceRequest {
  /** The score column spec (see `resolveScoreColumns`). */
  scores: string;
  /** The flag the spec came from (`--logits` or `--probabilities`), for errors. */
  scoresFlag: string;
  /** The label column (a path for `.npy` files), when labels are read. */
  labels?: string;
  /** Rows per chunk (Parquet row groups and Arrow record batches are cut to it), within {@link CHUNK_VALUES} scores. */
  chunkRows: number;
}
