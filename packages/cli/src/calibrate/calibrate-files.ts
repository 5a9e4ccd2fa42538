import { join } from 'node:path';

import type { CalibrationSummary } from '@softlabels/calibration';

import { withOutputFiles } from '../output/output-files';
import { accumulateFiles, type AccumulateFilesOptions } from './accumulate-files';

/** `metrics.json`: the headline numbers first, then the rest of the accumulator's summary. */
export interface CalibrationMetrics {
  count: number;
  accuracy: number;
  /** Top-label ECE over equal-width bins, l1. */
  ece: number;
  mce: number;
  brier: number;
  /** `null` when infinite (a label had probability 0). */
  nll: number | null;
  bins: number;
  skipped: number;
  averageConfidence: number;
  rmsCalibrationError: number;
  classwiseCalibrationError: number;
  debiasedCalibrationError: number;
  reliability: CalibrationSummary['reliability'];
  histogram: CalibrationSummary['histogram'];
}

/**
 * Streams prediction files through `CalibrationAccumulator` and writes `metrics.json` into `outDir` (under a temporary
 * name, then renamed: a failed run leaves nothing). Resolves to the metrics and the paths written.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { calibrateFiles } from '@softlabels/cli';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softlabels-'));
 * const file = join(dir, 'preds.csv');
 * writeFileSync(file, 'logit_0,logit_1,label\n2,0,0\n0,1,1\n1,0,1\n');
 * const { metrics } = await calibrateFiles([file], join(dir, 'out'), {
 *   scores: 'logit_*', kind: 'logits', labels: 'label',
 * });
 * console.log(metrics.ece); // the expected calibration error
 * ```
 */
export async function calibrateFiles(
  files: readonly string[],
  outDir: string,
  options: AccumulateFilesOptions,
): Promise<{ metrics: CalibrationMetrics; written: string[] }> {
  const { accumulator, skipped } = await accumulateFiles(files, options);
  const summary = accumulator.compute();
  const metrics: CalibrationMetrics = {
    count: summary.count,
    accuracy: summary.accuracy,
    ece: summary.expectedCalibrationError,
    mce: summary.maximumCalibrationError,
    brier: summary.brierScore,
    nll: Number.isFinite(summary.negativeLogLikelihood) ? summary.negativeLogLikelihood : null,
    bins: accumulator.bins,
    skipped,
    averageConfidence: summary.averageConfidence,
    rmsCalibrationError: summary.rmsCalibrationError,
    classwiseCalibrationError: summary.classwiseCalibrationError,
    debiasedCalibrationError: summary.debiasedCalibrationError,
    reliability: summary.reliability,
    histogram: summary.histogram,
  };
  const written = await withOutputFiles((output) =>
    output.write(join(outDir, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`),
  );
  return { metrics, written };
}
