import { checkNumber, InvalidArgumentError } from '@softlabels/core';

import { arrayOf, checkSeed, describeSpread, prepareSpread, readChartOptions, text } from '../internal/chart-options';
import type { ChartSpec } from '../internal/chart-spec';
import { CONFIG, SCHEMA } from '../internal/chart-theme';
import { paddedDomain } from '../internal/padded-domain';
import { referenceLayers, type ReferenceLevel } from '../internal/reference-layers';
import type { EceByEpsilonOptions } from './ece-by-epsilon-spec-options';
import { summarise } from './summarise';

const FUNCTION_NAME = 'eceByEpsilonSpec';

/**
 * One measured model: its label-smoothing ε and its calibration error.
 *
 * @example
 * ```ts
 * import type { EpsilonMeasurement } from '@softlabels/vis';
 *
 * const measurement: EpsilonMeasurement = { epsilon: 0.1, ece: 0.042, seed: 0 };
 * console.log(measurement.epsilon); // 0.1
 * ```
 */
export interface EpsilonMeasurement {
  /** Label-smoothing ε the model was trained with (0 = baseline). */
  epsilon: number;
  /** Its calibration error on the test set (ECE or another metric named by `options.metric`). */
  ece: number;
  /** Seed or repeat index, an integer (informational: not drawn). */
  seed?: number;
}

/**
 * Plain data of {@link eceByEpsilonSpec}.
 *
 * @example
 * ```ts
 * import type { EceByEpsilonData } from '@softlabels/vis';
 *
 * const data: EceByEpsilonData = { measurements: [{ epsilon: 0, ece: 0.06 }, { epsilon: 0.1, ece: 0.04 }] };
 * console.log(data.measurements.length); // 2
 * ```
 */
export interface EceByEpsilonData {
  /** One entry per trained model; repeats (seeds) share an ε. */
  measurements: readonly EpsilonMeasurement[];
  /** Optional horizontal reference, e.g. the temperature-scaled baseline's ECE over seeds. */
  reference?: ReferenceLevel;
}

/**
 * A vega-lite line chart of calibration error against the label-smoothing ε: the mean over seeds per ε with error
 * bars (`spread`) and the single runs as faint dots, plus an optional horizontal reference level (e.g. the
 * temperature-scaled baseline, dashed, its range over seeds shaded) — the paper's Table 3 comparison as a picture.
 *
 * @example
 * ```ts
 * import { eceByEpsilonSpec, renderSvg } from '@softlabels/vis';
 *
 * const spec = eceByEpsilonSpec({
 *   measurements: [
 *     { epsilon: 0, ece: 0.064, seed: 0 }, { epsilon: 0, ece: 0.058, seed: 1 },
 *     { epsilon: 0.05, ece: 0.023, seed: 0 }, { epsilon: 0.05, ece: 0.027, seed: 1 },
 *     { epsilon: 0.1, ece: 0.042, seed: 0 }, { epsilon: 0.1, ece: 0.047, seed: 1 },
 *   ],
 *   reference: { label: 'temperature scaling', values: [0.019, 0.021] },
 * });
 * const svg = await renderSvg(spec);
 * console.log(svg.includes('temperature scaling')); // true
 * ```
 */
export function eceByEpsilonSpec(data: EceByEpsilonData, options: EceByEpsilonOptions = {}): ChartSpec {
  const { layout, record } = readChartOptions(
    options,
    ['spread', 'metric'],
    { title: 'Calibration error vs label smoothing ε', width: 360, height: 240 },
    FUNCTION_NAME,
  );
  const spread = prepareSpread(record.spread, FUNCTION_NAME);
  const metric = text(record.metric ?? 'ECE (15 bins)', 'options.metric', FUNCTION_NAME);
  if (typeof data !== 'object' || data === null) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'data',
      value: data,
      expected: 'be { measurements, reference? }',
    });
  }
  const measurements = arrayOf<EpsilonMeasurement>(
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
        expected: 'be { epsilon, ece }',
      });
    }
    checkSeed(measurement.seed, `${parameter}.seed`, FUNCTION_NAME);
    return {
      epsilon: checkNumber(measurement.epsilon, `${parameter}.epsilon`, FUNCTION_NAME, { min: 0, max: 1 }),
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
  const epsilons = [...new Set(measurements.map((measurement) => measurement.epsilon))].sort(
    (left, right) => left - right,
  );
  const summaries = epsilons.map((epsilon) => {
    const { mean, lower, upper, count } = summarise(
      measurements.filter((measurement) => measurement.epsilon === epsilon).map((measurement) => measurement.ece),
      spread,
    );
    return { epsilon, mean, lower, upper, count };
  });
  const y = { type: 'quantitative' as const, title: metric, scale: { zero: true } };
  const reference =
    data.reference === undefined ? [] : referenceLayers(data.reference, 'data.reference', FUNCTION_NAME, y);
  const x = {
    field: 'epsilon',
    type: 'quantitative' as const,
    title: 'label smoothing ε',
    scale: { domain: paddedDomain(epsilons, 0.05, true), nice: false },
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
