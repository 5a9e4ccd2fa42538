import { InvalidArgumentError } from '@softlabels/core';

import type { InputFileError } from '../errors/input-file-error';
import { ChunkAssembler } from './chunk-assembler';
import type { PredictionChunk, PredictionFormat, ScoreKind } from './prediction-chunk';
import type { RawChunk, SourceRequest } from './raw-chunk';
import { readArrow } from './read-arrow';
import { readCsv } from './read-csv';
import { readJsonLines } from './read-json-lines';
import { readNpy } from './read-npy';
import { readParquet } from './read-parquet';

/** What {@link readPredictions} reads from a file. */
export interface ReadPredictionsOptions {
  /** The score column spec: names `'a,b,c'`, a glob `'logit_*'` or one list-valued column (`'*'` for `.npy`). */
  scores: string;
  /** Whether the scores are logits or probabilities (checked to be distributions). */
  kind: ScoreKind;
  /** The label column (for `.npy`: the labels file, see `npyLabelsPath`); omit to read scores only. */
  labels?: string;
  /** The format; by default from the extension (see {@link formatOf}). */
  format?: PredictionFormat;
  /**
   * Rows per chunk at most (Parquet row groups and Arrow record batches are cut into chunks of this many rows); a
   * chunk also holds at most 2^20 scores (8 MiB as float64), so rows of many classes make shorter chunks.
   */
  chunkRows?: number;
  /** Leave invalid rows out (each reported to `onSkip`) instead of failing on the first. */
  skipInvalid?: boolean;
  onSkip?: (error: InputFileError) => void;
  /** How far probability rows may stray from a distribution (default 1e-3, as the calibration metrics). */
  distributionTolerance?: number;
}

/** Default rows per chunk of the formats without chunks of their own. */
export const DEFAULT_CHUNK_ROWS = 65_536;

const EXTENSIONS: Record<string, PredictionFormat> = {
  parquet: 'parquet',
  pq: 'parquet',
  arrow: 'arrow',
  arrows: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
  csv: 'csv',
  tsv: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  npy: 'npy',
};

/**
 * The format of a prediction file from its extension: `.parquet`/`.pq`, `.arrow`/`.arrows`/`.feather`/`.ipc`,
 * `.csv`/`.tsv`, `.jsonl`/`.ndjson`, `.npy`. An unknown extension is an {@link InvalidArgumentError}.
 *
 * @example
 * ```ts
 * import { formatOf } from '@softlabels/cli';
 *
 * console.log(formatOf('logs/day-1.parquet')); // parquet
 * ```
 */
export function formatOf(file: string): PredictionFormat {
  const extension = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : EXTENSIONS[extension];
  if (format === undefined) {
    throw new InvalidArgumentError({
      functionName: 'formatOf',
      parameter: 'file',
      value: file,
      expected: `end in one of .${Object.keys(EXTENSIONS).join(', .')}`,
    });
  }
  return format;
}

const READERS: Record<PredictionFormat, (file: string, request: SourceRequest) => AsyncGenerator<RawChunk>> = {
  parquet: readParquet,
  arrow: readArrow,
  csv: readCsv,
  jsonl: readJsonLines,
  npy: readNpy,
};

/**
 * Streams a prediction file as validated {@link PredictionChunk}s of at most `chunkRows` rows and 2^20 scores (Parquet
 * page by page and large pages piece by piece, Arrow IPC record batch by batch), so memory holds one chunk (and for
 * Arrow the record batch apache-arrow reads) whatever the file's row groups or pages. A missing or mistyped column, a
 * label outside `[0, classes)`, a NaN or infinite score, a ragged list or a truncated file is an `InputFileError`
 * naming the file, row and column; with `skipInvalid` bad rows are left out instead (errors of the whole file still
 * throw).
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readPredictions } from '@softlabels/cli';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softlabels-'));
 * const file = join(dir, 'preds.csv');
 * writeFileSync(file, 'logit_0,logit_1,label\n2,0,0\n0,1,1\n1,0,1\n');
 * let rows = 0;
 * for await (const chunk of readPredictions(file, { scores: 'logit_*', kind: 'logits', labels: 'label' })) {
 *   rows += chunk.rows;
 * }
 * console.log(rows); // 3
 * ```
 */
export async function* readPredictions(file: string, options: ReadPredictionsOptions): AsyncGenerator<PredictionChunk> {
  const format = options.format ?? formatOf(file);
  const assembler = new ChunkAssembler({
    file,
    kind: options.kind,
    skipInvalid: options.skipInvalid ?? false,
    ...(options.onSkip === undefined ? {} : { onSkip: options.onSkip }),
    distributionTolerance: options.distributionTolerance ?? 1e-3,
  });
  const request: SourceRequest = {
    scores: options.scores,
    scoresFlag: options.kind === 'logits' ? '--logits' : '--probabilities',
    chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
    ...(options.labels === undefined ? {} : { labels: options.labels }),
  };
  for await (const raw of READERS[format](file, request)) {
    const chunk = assembler.assemble(raw);
    if (chunk.rows > 0) yield chunk;
  }
}
