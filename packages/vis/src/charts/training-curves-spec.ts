import { InvalidArgumentError } from '@softlabels/core';

import { arrayOf, plainRecord, readChartOptions, text } from '../internal/chart-options';
import type { ChartSpec } from '../internal/chart-spec';
import { CATEGORY_COLOURS, CONFIG, SCHEMA } from '../internal/chart-theme';
import type { TrainingCurvesOptions } from './training-curves-spec-options';

const FUNCTION_NAME = 'trainingCurvesSpec';

/**
 * One training run: its name and per-epoch metric values (the `history` of tfjs-layers' `model.fit`).
 *
 * @example
 * ```ts
 * import type { TrainingRun } from '@softlabels/vis';
 *
 * const run: TrainingRun = { name: 'label smoothing ε=0.1', history: { loss: [1.4, 1.0], val_loss: [1.2, 0.95] } };
 * console.log(run.name); // label smoothing ε=0.1
 * ```
 */
export interface TrainingRun {
  /** Legend name, e.g. `'label smoothing ε=0.1'`. */
  name: string;
  /**
   * Metric name → one value per epoch, as in `(await model.fit(...)).history`. Keys with a `val_` prefix are drawn
   * dashed in the panel of the metric without the prefix (`val_loss` beside `loss`). Non-finite values are skipped.
   */
  history: Readonly<Record<string, readonly number[]>>;
}

const VALIDATION_PREFIX = 'val_';

/**
 * A vega-lite spec of training curves: one panel per metric (independent y scales), one colour per run, training
 * values solid and validation values (`val_` keys) dashed, x = epoch (1-based). Takes the plain `history` objects
 * tfjs-layers' `model.fit` returns.
 *
 * @example
 * ```ts
 * import { renderSvg, trainingCurvesSpec } from '@softlabels/vis';
 *
 * const spec = trainingCurvesSpec([
 *   { name: 'baseline', history: { loss: [1.2, 0.8, 0.6], val_loss: [1.1, 0.9, 0.85] } },
 *   { name: 'label smoothing', history: { loss: [1.4, 1.0, 0.9], val_loss: [1.2, 0.95, 0.9] } },
 * ]);
 * const svg = await renderSvg(spec);
 * console.log(svg.length > 0); // true
 * ```
 */
export function trainingCurvesSpec(runs: readonly TrainingRun[], options: TrainingCurvesOptions = {}): ChartSpec {
  const { layout, record } = readChartOptions(
    options,
    ['metrics'],
    { title: 'Training curves', width: 260, height: 180 },
    FUNCTION_NAME,
  );
  const list = arrayOf<TrainingRun>(runs, 'runs', FUNCTION_NAME, '{ name, history } runs');
  const rows: { run: string; metric: string; split: string; epoch: number; value: number }[] = [];
  const seen: string[] = [];
  list.forEach((run, runIndex) => {
    const name = text(run?.name, `runs[${runIndex}].name`, FUNCTION_NAME);
    if (list.slice(0, runIndex).some((other) => other.name === name)) {
      throw new InvalidArgumentError({
        functionName: FUNCTION_NAME,
        parameter: `runs[${runIndex}].name`,
        value: name,
        expected: 'differ from the names of the other runs',
      });
    }
    const history = plainRecord(run.history, `runs[${runIndex}].history`, FUNCTION_NAME, 'per-epoch metric arrays');
    for (const [key, values] of Object.entries(history)) {
      const validation = key.startsWith(VALIDATION_PREFIX);
      const metric = validation ? key.slice(VALIDATION_PREFIX.length) : key;
      if (!seen.includes(metric)) seen.push(metric);
      arrayOf<number>(values, `runs[${runIndex}].history.${key}`, FUNCTION_NAME, 'numbers').forEach((value, epoch) => {
        if (typeof value !== 'number') {
          throw new InvalidArgumentError({
            functionName: FUNCTION_NAME,
            parameter: `runs[${runIndex}].history.${key}[${epoch}]`,
            value,
            expected: 'be a number',
          });
        }
        if (Number.isFinite(value)) {
          rows.push({ run: name, metric, split: validation ? 'validation' : 'training', epoch: epoch + 1, value });
        }
      });
    }
  });
  const metrics =
    record.metrics === undefined
      ? seen
      : arrayOf<string>(record.metrics, 'options.metrics', FUNCTION_NAME, 'metric names').map((metric, index) => {
          if (!seen.includes(metric)) {
            throw new InvalidArgumentError({
              functionName: FUNCTION_NAME,
              parameter: `options.metrics[${index}]`,
              value: metric,
              expected: `name a metric of the runs (${seen.join(', ')})`,
            });
          }
          return metric;
        });
  const kept = rows.filter((row) => metrics.includes(row.metric));
  if (kept.length === 0) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'runs',
      value: runs,
      expected: 'hold at least one finite metric value',
    });
  }
  const names = list.map((run) => run.name);
  return {
    $schema: SCHEMA,
    ...(layout.title === '' ? {} : { title: layout.title }),
    config: CONFIG,
    data: { values: kept },
    facet: { field: 'metric', type: 'nominal', sort: metrics, title: null, header: { labelFontWeight: 'bold' } },
    columns: metrics.length,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: layout.width,
      height: layout.height,
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: {
          field: 'run',
          type: 'nominal',
          title: 'run',
          scale: {
            domain: names,
            range: names.map((_, index) => CATEGORY_COLOURS[index % CATEGORY_COLOURS.length] as string),
          },
        },
        detail: { field: 'split' },
      },
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.8 },
          encoding: {
            strokeDash: {
              field: 'split',
              type: 'nominal',
              title: 'split',
              scale: {
                domain: ['training', 'validation'],
                range: [
                  [1, 0],
                  [5, 3],
                ],
              },
              legend: { symbolType: 'stroke', symbolStrokeColor: '#444', symbolStrokeWidth: 2, symbolSize: 300 },
            },
          },
        },
        { mark: { type: 'point', size: 14, filled: true, opacity: 1 } },
      ],
    },
  };
}
