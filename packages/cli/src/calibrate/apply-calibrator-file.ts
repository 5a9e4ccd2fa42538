import { basename, dirname, join } from 'node:path';

import { SoftlabelsError } from '@softlabels/core';

import { InputFileError } from '../errors/input-file-error';
import { type OutputFormat, outputExtension, outputFormatOf } from '../output/output-format';
import { withOutputFiles } from '../output/output-files';
import { openProbabilityWriter } from '../output/probability-writer';
import type { PredictionChunk, ScoreKind } from '../readers/prediction-chunk';
import { readPredictions } from '../readers/read-predictions';
import { readCalibratorFile } from './read-calibrator-file';

/** What {@link applyCalibratorFile} reads and where it writes. */
export interface ApplyCalibratorFileOptions {
  /** The score column spec (see `readPredictions`). */
  scores: string;
  kind: ScoreKind;
  /** A label column to copy into the output (for `.npy` input: the labels file), so the output can be calibrated. */
  labels?: string;
  /**
   * The output file; its extension picks the format (`.csv`, `.jsonl`/`.ndjson`, `.npy`). Default: the input's name
   * with `.calibrated` before the extension, in the input's format when it is one of those, else CSV.
   */
  out?: string;
  chunkRows?: number;
  /** Called after each chunk with the rows written so far and the chunk read. */
  onChunk?: (rowsWritten: number, chunk: PredictionChunk) => void;
}

/** `preds.csv` → `preds.calibrated.csv`; `preds.parquet` → `preds.calibrated.csv`. */
function defaultOut(input: string): string {
  const name = basename(input);
  const stem = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
  return join(dirname(input), `${stem}.calibrated.${outputExtension(name) ?? 'csv'}`);
}

/** `calibrated.npy` → `calibrated.labels.npy`, the name `--labels '{stem}.labels.npy'` reads. */
function npyLabelsPath(out: string): string {
  return out.replace(/\.npy$/i, '.labels.npy');
}

/**
 * Applies a calibrator file (`Calibrator.toJSON()`, as `softlabels calibrate --fit` writes it) to a prediction file,
 * chunk by chunk (memory: one chunk), and writes the calibrated probabilities: CSV and JSON Lines with columns
 * `p_0 … p_{K−1}` (and `label` when `options.labels` is given), `.npy` as a float32 `[N, K]` matrix (labels in
 * `<name>.labels.npy` beside it). Output is written under a temporary name and renamed when every row is written; a bad
 * row, a class count other than the calibrator's or an input kind its method refuses leaves nothing. Resolves to the
 * rows written and the paths.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { applyCalibratorFile, calibrateFiles } from '@softlabels/cli';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softlabels-'));
 * const file = join(dir, 'preds.csv');
 * writeFileSync(file, 'logit_0,logit_1,label\n2,0,0\n0,1,1\n1,0,1\n3,1,0\n');
 * const options = { scores: 'logit_*', kind: 'logits', labels: 'label' } as const;
 * await calibrateFiles([file], join(dir, 'fit'), { ...options, fit: 'temperature' });
 * const out = join(dir, 'calibrated.csv');
 * const { rows } = await applyCalibratorFile(join(dir, 'fit', 'calibrator.json'), file, { ...options, out });
 * console.log(rows, readFileSync(out, 'utf8').split('\n')[0]); // 4 'p_0,p_1,label'
 * ```
 */
export async function applyCalibratorFile(
  calibratorFile: string,
  input: string,
  options: ApplyCalibratorFileOptions,
): Promise<{ rows: number; written: string[] }> {
  const functionName = 'applyCalibratorFile';
  const out = options.out ?? defaultOut(input);
  const format: OutputFormat = outputFormatOf(out, 'out', functionName);
  const calibrator = await readCalibratorFile(calibratorFile);
  const withLabels = options.labels !== undefined;
  let rows = 0;
  const written = await withOutputFiles(async (output) => {
    const paths = {
      probabilities: await output.temporaryPath(out),
      ...(format === 'npy' && withLabels ? { labels: await output.temporaryPath(npyLabelsPath(out)) } : {}),
    };
    const writer = await openProbabilityWriter(format, paths, calibrator.classes, withLabels);
    try {
      for await (const chunk of readPredictions(input, {
        scores: options.scores,
        kind: options.kind,
        ...(options.labels === undefined ? {} : { labels: options.labels }),
        ...(options.chunkRows === undefined ? {} : { chunkRows: options.chunkRows }),
      })) {
        if (chunk.classes !== calibrator.classes) {
          throw new InputFileError({
            file: input,
            column: options.scores,
            problem: `has ${chunk.classes} classes, but ${calibrator.classes} were calibrated (${calibratorFile})`,
            functionName,
          });
        }
        const scores = { data: chunk.scores, dims: [chunk.rows, chunk.classes] };
        let probabilities: Float32Array;
        try {
          probabilities = calibrator.apply(
            options.kind === 'logits' ? { logits: scores } : { probabilities: scores },
          ).data;
        } catch (cause) {
          if (!SoftlabelsError.isInstance(cause)) throw cause;
          throw new InputFileError({ file: input, row: chunk.firstRow, problem: cause.message, functionName, cause });
        }
        await writer.write(probabilities, withLabels ? chunk.labels : undefined);
        rows += chunk.rows;
        options.onChunk?.(rows, chunk);
      }
      await writer.finish();
    } finally {
      await writer.close();
    }
  });
  return { rows, written };
}
