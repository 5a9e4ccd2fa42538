import type { ChartSpec } from '@softlabels/vis';

import { calibrationSections } from './calibration-rows';
import type { CalibrationResults } from './results';

/** Section colours (Tableau 10), in the order of the calibration table's sections. */
const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1'];

/**
 * A vega-lite dot plot of the test ECE of every row of the calibration table — label smoothing per ε, the
 * training-time alternatives, the post-hoc calibrators of the baseline — one line per row in the table's order: the
 * mean over seeds as a dot coloured by section, ± 1 sd as a bar, the seeds as small dots, and the baseline after
 * temperature scaling as a dashed vertical line. The look follows `@softlabels/vis`'s charts.
 *
 * @example
 * ```ts
 * import { eceByMethodSpec } from './ece-by-method-spec';
 * // const svg = await renderSvg(eceByMethodSpec(results.calibration));
 * ```
 */
export function eceByMethodSpec(calibration: CalibrationResults): ChartSpec {
  const sections = calibrationSections(calibration);
  const rows = sections.flatMap(({ short, rows: entries }) =>
    entries.map((row) => ({ section: short, row: row.label, ece: row.ece })),
  );
  const order = rows.map((entry) => entry.row);
  const seeds = rows.flatMap(({ section, row, ece }) => ece.values.map((value) => ({ section, row, ece: value })));
  const summaries = rows.map(({ section, row, ece }) => ({
    section,
    row,
    mean: ece.mean,
    lower: ece.mean - ece.sd,
    upper: ece.mean + ece.sd,
  }));
  const reference = calibration.temperatureScaling.ece.mean;
  const y = { field: 'row', type: 'nominal' as const, title: null, sort: order, axis: { labelLimit: 320 } };
  const x = { type: 'quantitative' as const, title: 'test ECE (15 bins)', scale: { zero: true } };
  const colour = {
    field: 'section',
    type: 'nominal' as const,
    title: null,
    scale: { domain: sections.map((section) => section.short), range: COLOURS.slice(0, sections.length) },
    legend: { orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: 480 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Test ECE of every network and calibrator',
      subtitle: [
        'dot: mean over seeds; bar: ± 1 sd; small dots: single seeds',
        'dashed: baseline + temperature scaling',
      ],
    },
    config: {
      background: 'white',
      font: 'DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif',
      padding: 8,
      view: { stroke: '#888' },
      axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6', domainColor: '#888', tickColor: '#888' },
      legend: { labelFontSize: 11, labelLimit: 420, symbolOpacity: 1 },
      title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start', offset: 10 },
    },
    width: 420,
    height: { step: 22 },
    layer: [
      {
        data: { values: [{ reference }] },
        mark: { type: 'rule', color: '#444', strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { x: { ...x, field: 'reference' } },
      },
      {
        data: { values: seeds },
        mark: { type: 'point', size: 16, opacity: 0.45, filled: true },
        encoding: { y, x: { ...x, field: 'ece' }, color: colour },
      },
      {
        data: { values: summaries },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { y, x: { ...x, field: 'lower' }, x2: { field: 'upper' }, color: colour },
      },
      {
        data: { values: summaries },
        mark: { type: 'point', size: 70, filled: true, opacity: 1 },
        encoding: { y, x: { ...x, field: 'mean' }, color: colour },
      },
    ],
  };
}
