import type { ChartSpec } from '../internal/chart-spec';
import { checkNumber, InvalidArgumentError } from '@softlabels/core';

import {
  arrayOf,
  prepareLayout,
  prepareSpread,
  text,
  type ChartLayoutOptions,
  type Spread,
} from '../internal/chart-options';
import { CONFIG, SCHEMA } from '../internal/chart-theme';
import { referenceLayers, type ReferenceLevel } from '../internal/reference-layers';
import { describeSpread, paddedDomain, summarise } from '../internal/summarise';

const FUNCTION_NAME = 'eceByAlphaSpec';

/** One measured model: its label-smoothing α and its calibration error. */
export interface AlphaMeasurement {
  /** Label-smoothing α the model was trained with (0 = baseline). */
  alpha: number;
  /** Its calibration error on the test set (ECE or another metric named by `options.metric`). */
  ece: number;
  /** Seed or repeat index (informational). */
  seed?: number;
}

/** Plain data of {@link eceByAlphaSpec}. */
export interface EceByAlphaData {
  /** One entry per trained model; repeats (seeds) share an α. */
  measurements: readonly AlphaMeasurement[];
  /** Optional horizontal reference, e.g. the temperature-scaled baseline's ECE over seeds. */
  reference?: ReferenceLevel;
}

/** Options of {@link eceByAlphaSpec}. */
export interface EceByAlphaOptions extends ChartLayoutOptions {
  /** Error bars over repeats: `'min-max'` (default) or `'standard-deviation'`. */
  spread?: Spread;
  /** Y-axis title (default `'ECE (15 bins)'`). */
  metric?: string;
}

/**
 * A vega-lite line chart of calibration error against the label-smoothing α: the mean over seeds per α with error
 * bars (`spread`) and the single runs as faint dots, plus an optional horizontal reference level (e.g. the
 * temperature-scaled baseline, dashed, its range over seeds shaded) — the paper's Table 3 comparison as a picture.
 *
 * @example
 * ```ts
 * import { eceByAlphaSpec, renderSvg } from '@softlabels/vis';
 *
 * const spec = eceByAlphaSpec({
 *   measurements: [
 *     { alpha: 0, ece: 0.064, seed: 0 }, { alpha: 0, ece: 0.058, seed: 1 },
 *     { alpha: 0.05, ece: 0.023, seed: 0 }, { alpha: 0.05, ece: 0.027, seed: 1 },
 *     { alpha: 0.1, ece: 0.042, seed: 0 }, { alpha: 0.1, ece: 0.047, seed: 1 },
 *   ],
 *   reference: { label: 'temperature scaling', values: [0.019, 0.021] },
 * });
 * const svg = await renderSvg(spec);
 * console.log(svg.includes('temperature scaling')); // true
 * ```
 */
export function eceByAlphaSpec(data: EceByAlphaData, options: EceByAlphaOptions = {}): ChartSpec {
  const layout = prepareLayout(
    options,
    { title: 'Calibration error vs label smoothing α', width: 360, height: 240 },
    FUNCTION_NAME,
  );
  const spread = prepareSpread(options.spread, FUNCTION_NAME);
  const metric = text(options.metric ?? 'ECE (15 bins)', 'options.metric', FUNCTION_NAME);
  if (typeof data !== 'object' || data === null) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'data',
      value: data,
      expected: 'be { measurements, reference? }',
    });
  }
  const measurements = arrayOf<AlphaMeasurement>(
    data.measurements,
    'data.measurements',
    FUNCTION_NAME,
    'measurements',
  ).map((measurement, index) => {
    const parameter = `data.measurements[${index}]`;
    if (typeof measurement !== 'object' || measurement === null) {
      throw new InvalidArgumentError({
        functionName: FUNCTION_NAME,
        parameter,
        value: measurement,
        expected: 'be { alpha, ece }',
      });
    }
    return {
      alpha: checkNumber(measurement.alpha, `${parameter}.alpha`, FUNCTION_NAME, { min: 0, max: 1 }),
      ece: checkNumber(measurement.ece, `${parameter}.ece`, FUNCTION_NAME, { min: 0 }),
    };
  });
  if (measurements.length === 0) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'data.measurements',
      value: [],
      expected: 'hold at least one measurement',
    });
  }
  const alphas = [...new Set(measurements.map((measurement) => measurement.alpha))].sort((left, right) => left - right);
  const summaries = alphas.map((alpha) => ({
    alpha,
    ...summarise(
      measurements.filter((measurement) => measurement.alpha === alpha).map((measurement) => measurement.ece),
      spread,
    ),
  }));
  const y = { type: 'quantitative' as const, title: metric, scale: { zero: true } };
  const reference =
    data.reference === undefined ? [] : referenceLayers(data.reference, 'data.reference', FUNCTION_NAME, y);
  const x = {
    field: 'alpha',
    type: 'quantitative' as const,
    title: 'label smoothing α',
    scale: { domain: paddedDomain(alphas, 0.05, true), nice: false },
  };
  const colour = '#4e79a7';
  return {
    $schema: SCHEMA,
    title: {
      text: layout.title,
      subtitle: [`line: mean over seeds; ${describeSpread(spread)}`, 'small dots: single runs'],
    },
    config: CONFIG,
    width: layout.width,
    height: layout.height,
    layer: [
      ...reference,
      {
        data: { values: measurements },
        mark: { type: 'point', size: 16, opacity: 0.4, filled: true, color: colour },
        encoding: { x, y: { ...y, field: 'ece' } },
      },
      {
        data: { values: summaries },
        mark: { type: 'rule', strokeWidth: 1.5, color: colour },
        encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' } },
      },
      {
        data: { values: summaries },
        mark: { type: 'line', point: { size: 50, filled: true, color: colour }, strokeWidth: 2, color: colour },
        encoding: { x, y: { ...y, field: 'mean' } },
      },
    ],
  };
}
