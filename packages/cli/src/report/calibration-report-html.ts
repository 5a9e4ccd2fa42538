import type { CalibratorDiagnostics, CalibratorMethod } from '@softlabels/calibration';
import { reliabilityDiagramSpec, renderSvg } from '@softlabels/vis';

import type { CalibrationMetrics } from '../calibrate/calibration-metrics';
import { escapeHtml } from './escape-html';

/** What {@link calibrationReportHtml} shows. */
export interface CalibrationReportInput {
  /** The prediction files, as given. */
  files: readonly string[];
  metrics: CalibrationMetrics;
  /** The calibrator fitted on the same rows, when one was. */
  fit?: { method: CalibratorMethod; diagnostics: CalibratorDiagnostics };
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; color: #222; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; } td, th { padding: 0.25rem 0.9rem 0.25rem 0; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; } tr + tr td, tr + tr th { border-top: 1px solid #eee; }
figure { margin: 1.5rem 0; } code { font-size: 0.9em; }
`;

function row(name: string, value: string, note = ''): string {
  return `<tr><th scope="row">${escapeHtml(name)}</th><td class="number">${escapeHtml(value)}</td><td>${escapeHtml(note)}</td></tr>`;
}

function number(value: number | null, digits = 4): string {
  return value === null ? '∞' : value.toFixed(digits);
}

/**
 * A self-contained HTML page (no script, no stylesheet or font fetched) for `softlabels calibrate`: the metrics table,
 * the reliability diagram with the confidence histogram beneath (drawn by `@softlabels/vis` and inlined as SVG), and
 * the fitted calibrator's diagnostics when there is one.
 */
export async function calibrationReportHtml(input: CalibrationReportInput): Promise<string> {
  const { metrics } = input;
  const chart = await renderSvg(reliabilityDiagramSpec(metrics.reliability, { title: 'Reliability diagram' }));
  const table = [
    row('predictions', String(metrics.count), metrics.skipped > 0 ? `${metrics.skipped} invalid rows skipped` : ''),
    row('accuracy', number(metrics.accuracy), 'top-1'),
    row('ECE', number(metrics.ece), `top-label, ${metrics.bins} equal-width bins, l1`),
    row('MCE', number(metrics.mce), 'largest gap of a non-empty bin'),
    row('Brier score', number(metrics.brier), 'multiclass, in [0, 2]'),
    row('NLL', number(metrics.nll), 'mean negative log-likelihood of the labels'),
    row('mean confidence', number(metrics.averageConfidence)),
    row('RMS calibration error', number(metrics.rmsCalibrationError), 'top-label, l2'),
    row('classwise ECE', number(metrics.classwiseCalibrationError)),
    row('debiased calibration error', number(metrics.debiasedCalibrationError), 'Kumar et al., l2'),
  ].join('\n');
  const fit =
    input.fit === undefined
      ? ''
      : `<h2>Fitted calibrator: ${escapeHtml(input.fit.method)}</h2>
<p>Fitted on the rows above and written to <code>calibrator.json</code> (<code>softlabels apply</code> reads it). Its NLL
after fitting is measured on the same rows, so it is optimistic: measure the calibrated model on held-out rows.</p>
<table>
${row('NLL before', number(input.fit.diagnostics.nllBefore))}
${row('NLL after', number(input.fit.diagnostics.nllAfter))}
${row('iterations', String(input.fit.diagnostics.iterations))}
${row('converged', input.fit.diagnostics.converged ? 'yes' : 'no')}
</table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Calibration report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Calibration report</h1>
<p>${input.files.map((file) => `<code>${escapeHtml(file)}</code>`).join(', ')}</p>
<table>
${table}
</table>
<figure>
${chart}
</figure>
${fit}
</body>
</html>
`;
}
