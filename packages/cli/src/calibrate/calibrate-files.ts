import { join } from 'node:path';

import { type Calibrator, type CalibratorMethod, fitCalibrator } from '@softlabels/calibration';

import { withOutputFiles } from '../output/output-files';
import { calibrationReportHtml } from '../report/calibration-report-html';
import { accumulateFiles, type AccumulateFilesOptions } from './accumulate-files';
import { type CalibrationMetrics, metricsOf } from './calibration-metrics';
import { type IntervalSettings, metricIntervals } from './metric-intervals';
import { PredictionRows } from './prediction-rows';

export type { CalibrationMetrics } from './calibration-metrics';

/** What {@link calibrateFiles} reads and fits. */
export interface CalibrateFilesOptions extends AccumulateFilesOptions {
  /**
   * Fit a calibrator of this `fitCalibrator` method on the rows and write `calibrator.json`. The metrics stream, but
   * a fit needs every row at once: with `fit` the scores and labels are also gathered in memory (8 bytes per score and
   * 4 per label; the peak while the fit runs is about three times that).
   */
  fit?: CalibratorMethod;
  /**
   * Also write percentile bootstrap intervals of ECE, MCE, Brier score and NLL into `metrics.json` (`intervals`).
   * Like `fit`, this gathers the rows in memory.
   */
  bootstrap?: IntervalSettings;
}

/**
 * Streams prediction files through `CalibrationAccumulator` and writes into `outDir` `metrics.json`, `report.html`
 * (the metrics table, the reliability diagram and the confidence histogram as inline SVG; no network needed to view
 * it) and, with `options.fit`, `calibrator.json` (`Calibrator.toJSON()` of `@softlabels/calibration`'s
 * `fitCalibrator` on the same rows). With `options.bootstrap`, `metrics.json` also holds bootstrap intervals of the
 * headline metrics (`intervals`). Files are written under temporary names, then renamed: a failed run leaves
 * nothing. Resolves to the metrics, the fitted calibrator (with `fit`) and the paths written.
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
 * writeFileSync(file, 'logit_0,logit_1,label\n2,0,0\n0,1,1\n1,0,1\n3,1,0\n');
 * const { metrics, calibrator, written } = await calibrateFiles([file], join(dir, 'out'), {
 *   scores: 'logit_*', kind: 'logits', labels: 'label', fit: 'temperature',
 * });
 * console.log(metrics.ece, calibrator?.method); // the expected calibration error, 'temperature'
 * console.log(written.map((path) => path.split(/[\\/]/).at(-1))); // ['metrics.json', 'report.html', 'calibrator.json']
 * ```
 */
export async function calibrateFiles(
  files: readonly string[],
  outDir: string,
  options: CalibrateFilesOptions,
): Promise<{ metrics: CalibrationMetrics; calibrator?: Calibrator; written: string[] }> {
  const { fit, bootstrap, ...streamOptions } = options;
  const rows = fit === undefined && bootstrap === undefined ? undefined : new PredictionRows();
  const { accumulator, skipped } = await accumulateFiles(files, {
    ...streamOptions,
    onChunk: (rowsRead, chunk) => {
      rows?.add(chunk);
      options.onChunk?.(rowsRead, chunk);
    },
  });
  const gathered = rows?.take();
  const metrics: CalibrationMetrics = {
    ...metricsOf(accumulator, skipped),
    ...(bootstrap === undefined || gathered === undefined
      ? {}
      : {
          intervals: metricIntervals(gathered.scores, options.kind, gathered.labels, accumulator.bins, bootstrap),
        }),
  };
  let calibrator: Calibrator | undefined;
  if (fit !== undefined && gathered !== undefined) {
    const { scores, labels } = gathered;
    calibrator = fitCalibrator(fit, options.kind === 'logits' ? { logits: scores } : { probabilities: scores }, labels);
  }
  const report = await calibrationReportHtml({
    files,
    metrics,
    ...(calibrator === undefined ? {} : { fit: { method: calibrator.method, diagnostics: calibrator.diagnostics } }),
  });
  const written = await withOutputFiles(async (output) => {
    await output.write(join(outDir, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    await output.write(join(outDir, 'report.html'), report);
    if (calibrator !== undefined) {
      await output.write(join(outDir, 'calibrator.json'), `${JSON.stringify(calibrator.toJSON(), null, 2)}\n`);
    }
  });
  return { metrics, ...(calibrator === undefined ? {} : { calibrator }), written };
}
