/**
 * Reads the JSON form of a `CalibrationAccumulator` back into a state, checking every field and every invariant an
 * accumulator's own state keeps, so that a hand-edited or corrupted state is refused instead of giving wrong metrics.
 */
import { checkNumber, InvalidArgumentError, readOptions } from '@softlabels/core';
import { checkClasswiseSize, createState, uniformEdges, type CalibrationState } from './calibration-state';
import { MAX_BINS } from './prepare-calibration-options';

const NAME = 'CalibrationAccumulator.fromJSON';

const KEYS = [
  'version',
  'bins',
  'distributionTolerance',
  'classes',
  'count',
  'correct',
  'confidenceSum',
  'nllSum',
  'brierSum',
  'binCount',
  'binConfidence',
  'binCorrect',
  'classCount',
  'classProbability',
  'classPositive',
] as const;

/** Relative slack on the bounds of float64 sums, far above their rounding and far below any edit that matters. */
const SUM_SLACK = 1e-9;

/** What {@link readAccumulatorJson} reads: the options and, once a batch fixed the class count, the state. */
export interface AccumulatorJsonContents {
  bins: number;
  distributionTolerance: number;
  state: CalibrationState | undefined;
}

function fail(parameter: string, value: unknown, expected: string, got?: string): never {
  throw new InvalidArgumentError({
    functionName: NAME,
    parameter,
    value,
    expected,
    ...(got === undefined ? {} : { got }),
  });
}

/** A count: an integer from 0 to 2⁵³ − 1, where every integer is exact in float64. */
function count(value: unknown, parameter: string, max = Number.MAX_SAFE_INTEGER): number {
  return checkNumber(value, parameter, NAME, { min: 0, max, integer: true });
}

/** A float64 sum of `rows` values each at least `low` (and at most `high`, when given). */
function sum(value: unknown, parameter: string, rows: number, low: number, high?: number): number {
  const slack = SUM_SLACK * Math.max(1, rows);
  return checkNumber(value, parameter, NAME, {
    min: rows * low - slack,
    ...(high === undefined ? {} : { max: rows * high + slack }),
  });
}

/** The bounds of a value that falls in bin `bin` of `edges`: (edge, next edge], the outer bins open by `tolerance`. */
function binBounds(edges: Float64Array, bin: number, tolerance: number): [number, number] {
  const low = bin === 0 ? -tolerance : (edges[bin] as number);
  const high = bin === edges.length - 2 ? 1 + tolerance : (edges[bin + 1] as number);
  return [low, high];
}

/**
 * The largest Brier term `Σ_k (p_k − y_k)²` of a row of `classes` entries in [−tol, 1 + tol] summing to within tol of
 * 1: `Σ p_k² ≤ (1 + tol) · Σ |p_k|`, `Σ |p_k| ≤ 1 + tol + 2 · classes · tol` and `1 − 2 p_y ≤ 1 + 2 tol`; 2 at tol 0.
 */
function maxBrierTerm(classes: number, tolerance: number): number {
  return (1 + tolerance) * (1 + tolerance + 2 * classes * tolerance) + 1 + 2 * tolerance;
}

function array(record: Record<string, unknown>, key: string, length: number): unknown[] {
  const values = record[key];
  if (!Array.isArray(values) || values.length !== length) {
    fail(`json.${key}`, values, `be an array of ${length} numbers`);
  }
  return values;
}

function total(values: Float64Array, from = 0, to = values.length): number {
  let result = 0;
  for (let index = from; index < to; index += 1) result += values[index] as number;
  return result;
}

function requireTotal(parameter: string, actual: number, expected: number, of: string): void {
  if (actual !== expected) fail(parameter, actual, `add up to ${of} (${expected})`, `a total of ${actual}`);
}

/**
 * Checks and reads `CalibrationAccumulator.toJSON()` output. Every count is an integer in [0, 2⁵³ − 1]; `correct`
 * is at most `count`; the bins' counts add up to `count` and their correct counts to `correct`, each at most its
 * bin's count; each class's bins hold every row once and the positives add up to `count`; sums of confidences and
 * probabilities lie within what rows inside the distribution tolerance give (each bin's within its edges, the outer
 * bins opened by the tolerance), the bins' confidences add up to `confidenceSum`; `nllSum` is not negative (beyond
 * that tolerance) and `brierSum` lies in [0, what rows inside the tolerance give]. Errors are {@link InvalidArgumentError}s naming the field (`json.count`).
 */
export function readAccumulatorJson(json: unknown): AccumulatorJsonContents {
  if (typeof json !== 'object' || json === null) {
    fail('json', json, 'be the output of CalibrationAccumulator.toJSON()');
  }
  const record = readOptions(json, KEYS, NAME, 'json');
  if (record.version !== 1) fail('json.version', record.version, 'be 1, the version toJSON() writes');
  const bins = checkNumber(record.bins, 'json.bins', NAME, { min: 1, max: MAX_BINS, integer: true });
  const tolerance = checkNumber(record.distributionTolerance, 'json.distributionTolerance', NAME, { min: 0 });
  const classes =
    record.classes === null ? 0 : checkNumber(record.classes, 'json.classes', NAME, { min: 2, integer: true });
  checkClasswiseSize(bins, classes, 'json.classes', NAME);

  const rows = count(record.count, 'json.count');
  if (classes === 0 && rows !== 0) fail('json.count', rows, 'be 0 while json.classes is null');
  const state = createState(bins, classes, uniformEdges(bins), true);
  state.count = rows;
  state.correct = count(record.correct, 'json.correct', rows);
  state.confidenceSum = sum(record.confidenceSum, 'json.confidenceSum', rows, -tolerance, 1 + tolerance);
  state.nllSum =
    record.nllSum === 'Infinity' ? Number.POSITIVE_INFINITY : sum(record.nllSum, 'json.nllSum', rows, -tolerance);
  state.brierSum = sum(record.brierSum, 'json.brierSum', rows, 0, maxBrierTerm(classes, tolerance));

  array(record, 'binCount', bins).forEach((value, bin) => {
    state.binCount[bin] = count(value, `json.binCount[${bin}]`, rows);
  });
  requireTotal('json.binCount', total(state.binCount), rows, 'json.count');
  array(record, 'binCorrect', bins).forEach((value, bin) => {
    state.binCorrect[bin] = count(value, `json.binCorrect[${bin}]`, state.binCount[bin] as number);
  });
  requireTotal('json.binCorrect', total(state.binCorrect), state.correct, 'json.correct');
  array(record, 'binConfidence', bins).forEach((value, bin) => {
    const inBin = state.binCount[bin] as number;
    const [low, high] = binBounds(state.edges, bin, tolerance);
    state.binConfidence[bin] = sum(value, `json.binConfidence[${bin}]`, inBin, low, high);
  });
  const binnedConfidence = total(state.binConfidence);
  if (!(Math.abs(binnedConfidence - state.confidenceSum) <= SUM_SLACK * Math.max(1, rows))) {
    fail(
      'json.confidenceSum',
      state.confidenceSum,
      `equal the sum of json.binConfidence (${binnedConfidence})`,
      `${state.confidenceSum}`,
    );
  }

  const slots = classes * bins;
  array(record, 'classCount', slots).forEach((value, slot) => {
    state.classCount[slot] = count(value, `json.classCount[${slot}]`, rows);
  });
  array(record, 'classPositive', slots).forEach((value, slot) => {
    state.classPositive[slot] = count(value, `json.classPositive[${slot}]`, state.classCount[slot] as number);
  });
  array(record, 'classProbability', slots).forEach((value, slot) => {
    const inSlot = state.classCount[slot] as number;
    const [low, high] = binBounds(state.edges, slot % bins, tolerance);
    state.classProbability[slot] = sum(value, `json.classProbability[${slot}]`, inSlot, low, high);
  });
  for (let k = 0; k < classes; k += 1) {
    requireTotal(
      `json.classCount[${k * bins}…${(k + 1) * bins - 1}]`,
      total(state.classCount, k * bins, (k + 1) * bins),
      rows,
      `json.count (every row puts class ${k} in one bin)`,
    );
  }
  if (classes > 0) requireTotal('json.classPositive', total(state.classPositive), rows, 'json.count');
  return { bins, distributionTolerance: tolerance, state: classes === 0 ? undefined : state };
}
