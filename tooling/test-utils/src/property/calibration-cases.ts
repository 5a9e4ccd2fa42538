import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';

import { type BinningCandidates, binnedReference } from './binned-reference';
import type { Bound } from './expect-within';
import { FLOAT32_BOUND, FLOAT64_BOUND } from './expect-within';
import { calibrationRowsReference, type CalibrationRowsReference } from './float64-references';
import type { HeapLayout } from './heap-layout';
import {
  classCounts,
  realiseDistributions,
  realiseValues,
  SeededValues,
  THREAD_THRESHOLD_ELEMENTS,
  valueRecipe,
  type ValueRecipe,
} from './seeded-values';

/**
 * How a calibration metric's scores are passed: a float32 tensor of any rank, a flat `Float32Array`, nested rows of
 * `Float32Array`s, nested number arrays, or a flat `Float64Array` (the last two are read in float64).
 */
export type ScoresForm = 'tensor' | 'float32-array' | 'float32-rows' | 'number-rows' | 'float64-array';

/** How the labels are passed. */
export type LabelsForm = 'int32-tensor' | 'float32-tensor' | 'numbers' | 'int32-array';

/** One batch of calibration input: its shape, the kind and values of the scores (as a seed), and the forms. */
export interface CalibrationCase {
  /** The scores' leading axes (rows = their product, at least 1). */
  leading: number[];
  /** At least 2. */
  classes: number;
  kind: 'logits' | 'probabilities';
  values: ValueRecipe;
  labelSeed: number;
  form: ScoresForm;
  labelForm: LabelsForm;
  /** Float32 elements allocated before the case's tensors. */
  filler: number;
}

/** The distribution tolerance of the metrics (their default): probabilities are drawn within half of it. */
const DISTRIBUTION_SLACK = 5e-4;

/**
 * Draws calibration batches: 1–`maxRows` rows (as one leading axis or several), 2 or more classes, logits or
 * probabilities (rows summing to 1, some with an entry a little below 0), every input form. `large` draws the few
 * cases of about 2¹⁸ scores.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { calibrationCase } from '@softlabels/test-utils';
 *
 * const [spec] = fc.sample(calibrationCase(), { numRuns: 1, seed: 5 });
 * console.log(spec!.classes >= 2); // true
 * ```
 */
export function calibrationCase(options: { maxRows?: number; large?: boolean } = {}): fc.Arbitrary<CalibrationCase> {
  const maxRows = options.maxRows ?? 120;
  const shape = options.large
    ? fc
        .record({ classes: fc.constantFrom(2, 3, 4, 10, 33), side: fc.constantFrom(-1, 0, 1) })
        .map(({ classes, side }) => ({ leading: [Math.ceil(THREAD_THRESHOLD_ELEMENTS / classes) + side], classes }))
    : fc.record({
        leading: fc.oneof(
          { weight: 4, arbitrary: fc.tuple(fc.oneof(fc.constant(1), fc.integer({ min: 2, max: maxRows }))) },
          { weight: 1, arbitrary: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 3 }) },
        ),
        classes: classCounts(70, 2),
      });
  return fc
    .record({
      shape,
      kind: fc.constantFrom('logits' as const, 'probabilities' as const),
      values: valueRecipe(),
      labelSeed: fc.nat(),
      form: fc.constantFrom<ScoresForm>(
        'tensor',
        'tensor',
        'float32-array',
        'float32-rows',
        'number-rows',
        'float64-array',
      ),
      labelForm: fc.constantFrom<LabelsForm>('int32-tensor', 'float32-tensor', 'numbers', 'int32-array'),
      filler: fc.nat({ max: 4099 }),
    })
    .map(({ shape: { leading, classes }, ...rest }) => ({ leading, classes, ...rest }));
}

/** The host data of a {@link CalibrationCase}. */
export interface CalibrationData {
  rows: number;
  classes: number;
  kind: 'logits' | 'probabilities';
  /** The scores as float32 values, row-major. */
  values: Float32Array;
  labels: Int32Array;
  /** Float64 per-row statistics of the scores. */
  reference: CalibrationRowsReference;
  /** 1 where the top label is the true class. */
  hits: Float64Array;
}

/**
 * The data of `spec`, with its float64 per-row reference.
 *
 * @example
 * ```ts
 * import { realiseCalibrationCase } from '@softlabels/test-utils';
 *
 * const data = realiseCalibrationCase({
 *   leading: [4], classes: 3, kind: 'logits', values: { seed: 1, style: 'normal', scale: 1 }, labelSeed: 2,
 *   form: 'tensor', labelForm: 'numbers', filler: 0,
 * });
 * console.log(data.rows, data.hits.length); // 4 4
 * ```
 */
export function realiseCalibrationCase(spec: CalibrationCase): CalibrationData {
  const rows = spec.leading.reduce((product, size) => product * size, 1);
  const { classes, kind } = spec;
  const values =
    kind === 'logits'
      ? realiseValues(spec.values, rows * classes, classes)
      : realiseDistributions(spec.values, rows, classes, DISTRIBUTION_SLACK);
  const random = new SeededValues(spec.labelSeed);
  const labels = Int32Array.from({ length: rows }, () => random.int(classes));
  const reference = calibrationRowsReference(values, kind, rows, classes, labels);
  const hits = Float64Array.from(reference.predicted, (predicted, row) => (predicted === labels[row] ? 1 : 0));
  return { rows, classes, kind, values, labels, reference, hits };
}

/**
 * The metric arguments of a case: `{ logits }` or `{ probabilities }` in the case's form, and the labels in theirs.
 * Tensors are allocated through `layout` (between guards); the layout disposes them.
 */
export function calibrationArguments(
  spec: CalibrationCase,
  data: CalibrationData,
  layout: HeapLayout,
): { input: { logits: unknown } | { probabilities: unknown }; labels: unknown } {
  const shape = [...spec.leading, data.classes];
  const rowsOf = (): Float32Array[] =>
    Array.from({ length: data.rows }, (_, row) => data.values.slice(row * data.classes, (row + 1) * data.classes));
  let scores: unknown;
  switch (spec.form) {
    case 'tensor':
      scores = layout.tensor(() => tf.tensor(data.values, shape), 'scores');
      break;
    case 'float32-array':
      scores = data.values.slice();
      break;
    case 'float32-rows':
      scores = rowsOf();
      break;
    case 'number-rows':
      scores = tf.tidy(() => tf.tensor(data.values, shape).arraySync());
      break;
    case 'float64-array':
      scores = Float64Array.from(data.values);
      break;
  }
  let labels: unknown;
  switch (spec.labelForm) {
    case 'int32-tensor':
      labels = layout.tensor(() => tf.tensor(data.labels, spec.leading, 'int32'), 'labels');
      break;
    case 'float32-tensor':
      labels = layout.tensor(() => tf.tensor(data.labels, spec.leading, 'float32'), 'labels');
      break;
    case 'numbers':
      labels = Array.from(data.labels);
      break;
    case 'int32-array':
      labels = data.labels.slice();
      break;
  }
  return { input: data.kind === 'logits' ? { logits: scores } : { probabilities: scores }, labels };
}

/**
 * What a metric's result may differ by from the float64 reference: float32 sums (and a float32 confidence's rounding
 * across bin edges) where the fused kernel computes the confidences (`precision: 'float32'`, any container: number
 * arrays are rounded to float32 for it), float64 otherwise.
 */
export function calibrationPrecision(data: CalibrationData, fused: boolean): { bound: Bound; slack: number } {
  return {
    bound: fused ? FLOAT32_BOUND : FLOAT64_BOUND,
    // A float32 softmax confidence is within a few 1e-7 of the float64 one; probabilities are taken as they are.
    slack: fused && data.kind === 'logits' ? 1e-5 : 1e-12,
  };
}

/**
 * The top-label binnings the reference allows for `data` (see {@link binnedReference}).
 *
 * @example
 * ```ts
 * import { realiseCalibrationCase, topLabelCandidates } from '@softlabels/test-utils';
 *
 * const data = realiseCalibrationCase({
 *   leading: [5], classes: 2, kind: 'probabilities', values: { seed: 1, style: 'normal', scale: 1 }, labelSeed: 2,
 *   form: 'tensor', labelForm: 'numbers', filler: 0,
 * });
 * console.log(topLabelCandidates(data, 10, 'uniform', 0).states.length >= 1); // true
 * ```
 */
export function topLabelCandidates(
  data: CalibrationData,
  bins: number,
  binning: 'uniform' | 'quantile',
  slack: number,
): BinningCandidates {
  return binnedReference(data.reference.confidence, data.hits, bins, binning, slack);
}

/** The one-vs-rest binnings of class `k`: p_k against 1{y = k}. */
export function classCandidates(data: CalibrationData, k: number, bins: number, slack: number): BinningCandidates {
  const values = Float64Array.from(
    { length: data.rows },
    (_, row) => data.reference.probabilities[row * data.classes + k] as number,
  );
  const positives = Float64Array.from(data.labels, (label) => (label === k ? 1 : 0));
  return binnedReference(values, positives, bins, 'uniform', slack);
}
