import { CalibrationAccumulator } from '@softlabels/calibration';

import type { InputFileError } from '../errors/input-file-error';
import type { PredictionChunk, ScoreKind } from '../readers/prediction-chunk';
import { readPredictions } from '../readers/read-predictions';

/** What {@link accumulateFiles} reads. */
export interface AccumulateFilesOptions {
  /** The score column spec (see `readPredictions`). */
  scores: string;
  kind: ScoreKind;
  /** The label column (for `.npy`: the labels file). */
  labels: string;
  /** Equal-width bins (default 15). */
  bins?: number;
  chunkRows?: number;
  skipInvalid?: boolean;
  onSkip?: (error: InputFileError) => void;
  /** Called before each file is read, with its index in `files`. */
  onFile?: (index: number) => void;
  /** Called after each chunk with the rows read so far (over all files) and the chunk itself. */
  onChunk?: (rowsRead: number, chunk: PredictionChunk) => void;
}

/**
 * Streams prediction files chunk by chunk through one `CalibrationAccumulator` (memory: bins × classes plus one
 * chunk) and returns it with the number of rows skipped.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { accumulateFiles } from '@softlabels/cli';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softlabels-'));
 * const file = join(dir, 'preds.csv');
 * writeFileSync(file, 'logit_0,logit_1,label\n2,0,0\n0,1,1\n1,0,1\n');
 * const { accumulator } = await accumulateFiles([file], { scores: 'logit_*', kind: 'logits', labels: 'label' });
 * console.log(accumulator.compute().expectedCalibrationError);
 * ```
 */
export async function accumulateFiles(
  files: readonly string[],
  options: AccumulateFilesOptions,
): Promise<{ accumulator: CalibrationAccumulator; skipped: number }> {
  const accumulator = new CalibrationAccumulator({ bins: options.bins ?? 15 });
  let skipped = 0;
  let rowsRead = 0;
  for (const [index, file] of files.entries()) {
    options.onFile?.(index);
    for await (const chunk of readPredictions(file, {
      scores: options.scores,
      kind: options.kind,
      labels: options.labels,
      ...(options.chunkRows === undefined ? {} : { chunkRows: options.chunkRows }),
      skipInvalid: options.skipInvalid ?? false,
      onSkip: (error) => {
        skipped += 1;
        options.onSkip?.(error);
      },
    })) {
      const scores = { data: chunk.scores, dims: [chunk.rows, chunk.classes] };
      accumulator.update(options.kind === 'logits' ? { logits: scores } : { probabilities: scores }, chunk.labels);
      rowsRead += chunk.rows;
      options.onChunk?.(rowsRead, chunk);
    }
  }
  return { accumulator, skipped };
}
