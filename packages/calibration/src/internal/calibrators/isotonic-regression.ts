/**
 * Isotonic regression (Zadrozny & Elkan 2002) as a `fitCalibrator` method, one-vs-rest as scikit-learn 1.2's
 * `CalibratedClassifierCV(method='isotonic')` with `IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1)`.
 */
import type { HostRows, LabelledRows } from '../read-input';
import type { MethodDefinition } from './method-definition';
import { calibratedColumns, forEachColumn, mapColumns, positivesOf, probabilitiesOf } from './one-vs-rest';
import { poolAdjacentViolators } from './pool-adjacent-violators';
import { sortOrder } from './sort-order';
import { ColumnParameterReader } from './read-column-parameters';

/** A fitted non-decreasing map of each calibrated column: `y` at the points `x`, linear between them. */
export interface IsotonicParameters {
  /** Per calibrated column (class 1 alone for two classes), the increasing x of the fitted points. */
  thresholds: Float64Array[];
  /** The fitted values at those points, non-decreasing, in [0, 1]. */
  values: Float64Array[];
}

/**
 * x values closer than this to the first x of their group are one point (scikit-learn's `_make_unique` pools by
 * `np.finfo(float64).resolution`, so ties include values within 1e-15 of each other).
 */
const TIE_RESOLUTION = 1e-15;

/**
 * Fits `IsotonicRegression(increasing=True, out_of_bounds='clip', y_min=0, y_max=1)` to scores `x` and 0/1 targets
 * `positive` (0 or 1), as scikit-learn does it: rows sorted by x; each group of x within {@link TIE_RESOLUTION} of
 * its first x becomes one point at that first x, with the group's fraction of positives as target and its size as
 * weight; pool adjacent violators; clip to [0, 1]; and drop the points whose value equals both neighbours' (they do
 * not change the interpolation).
 */
export function fitIsotonicColumn(x: Float64Array, positive: Uint8Array): { x: Float64Array; y: Float64Array } {
  const order = sortOrder(x);
  const pointX = new Float64Array(x.length);
  const pointY = new Float64Array(x.length);
  const pointW = new Float64Array(x.length);
  let points = 0;
  let groupX = Number.NaN;
  let groupCount = 0;
  let groupPositives = 0;
  // In x order (ties in any order: a group's point is its first x, its target a count).
  for (let rank = 0; rank < order.length; rank += 1) {
    const row = order[rank] as number;
    const value = x[row] as number;
    if (groupCount > 0 && value - groupX >= TIE_RESOLUTION) {
      pointX[points] = groupX;
      pointY[points] = groupPositives / groupCount;
      pointW[points] = groupCount;
      points += 1;
      groupCount = 0;
      groupPositives = 0;
    }
    if (groupCount === 0) groupX = value;
    groupCount += 1;
    groupPositives += positive[row] as number;
  }
  pointX[points] = groupX;
  pointY[points] = groupPositives / groupCount;
  pointW[points] = groupCount;
  points += 1;
  const y = pointY.subarray(0, points);
  poolAdjacentViolators(y, pointW.subarray(0, points));
  for (let index = 0; index < points; index += 1) y[index] = Math.min(Math.max(y[index] as number, 0), 1);
  // The kept values go to pointW (its weights are spent), so that y stays whole for the comparisons.
  let kept = 0;
  for (let index = 0; index < points; index += 1) {
    const value = y[index] as number;
    const inner = index > 0 && index < points - 1;
    if (inner && value === y[index - 1] && value === y[index + 1]) continue;
    pointX[kept] = pointX[index] as number;
    pointW[kept] = value;
    kept += 1;
  }
  return { x: pointX.slice(0, kept), y: pointW.slice(0, kept) };
}

/**
 * The fitted map at `value`: clipped to [x₀, x_last], then linear between the points around it, as scikit-learn's
 * `IsotonicRegression.predict` (SciPy's `interp1d`: the first point at or above the value closes the segment, whose
 * slope is `(y_hi − y_lo)/(x_hi − x_lo)`); a single point is a constant.
 */
export function interpolateIsotonic(x: Float64Array, y: Float64Array, value: number): number {
  const last = x.length - 1;
  if (last === 0) return y[0] as number;
  const clipped = Math.min(Math.max(value, x[0] as number), x[last] as number);
  let low = 0;
  let high = last + 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((x[middle] as number) < clipped) low = middle + 1;
    else high = middle;
  }
  const hi = Math.min(Math.max(low, 1), last);
  const xLow = x[hi - 1] as number;
  const yLow = y[hi - 1] as number;
  const slope = ((y[hi] as number) - yLow) / ((x[hi] as number) - xLow);
  return slope * (clipped - xLow) + yLow;
}

function fit(rows: LabelledRows): IsotonicParameters {
  const parameters: IsotonicParameters = { thresholds: [], values: [] };
  const columns = calibratedColumns(rows.classes);
  forEachColumn(probabilitiesOf(rows), rows.rows, rows.classes, (x, index) => {
    const fitted = fitIsotonicColumn(x, positivesOf(rows.labels, columns[index] as number));
    parameters.thresholds.push(fitted.x);
    parameters.values.push(fitted.y);
  });
  return parameters;
}

function apply(parameters: IsotonicParameters, rows: HostRows): Float64Array {
  return mapColumns(probabilitiesOf(rows), rows.rows, rows.classes, (x, index) => {
    const thresholds = parameters.thresholds[index] as Float64Array;
    const values = parameters.values[index] as Float64Array;
    return x.map((value) => interpolateIsotonic(thresholds, values, value));
  });
}

function fromJson(value: unknown, classes: number, functionName: string): IsotonicParameters {
  const reader = new ColumnParameterReader(functionName, classes);
  const record = reader.record(value, ['thresholds', 'values']);
  const thresholds = reader.lists(record.thresholds, 'thresholds', {});
  const values = reader.lists(record.values, 'values', { min: 0, max: 1 }, (column) => {
    return (thresholds[column] as Float64Array).length;
  });
  thresholds.forEach((x, column) => {
    const parameter = `json.parameters.thresholds[${column}]`;
    if (x.length === 0) reader.fail(parameter, [], 'hold a point');
    reader.ordered(x, parameter, true);
    reader.ordered(values[column] as Float64Array, `json.parameters.values[${column}]`, false);
  });
  return { thresholds, values };
}

/**
 * Isotonic regression, one-vs-rest: on probabilities (logits are softmaxed first), each calibrated column (class 1
 * alone for two classes) gets the non-decreasing map that is the least-squares fit of its one-vs-rest 0/1 targets
 * (see {@link fitIsotonicColumn}), applied by linear interpolation and clipped outside the fitted range (see
 * {@link interpolateIsotonic}). Two classes give `[1 − q, q]`; more are divided by their row sums (all-zero rows
 * become uniform). Closed form: one pass, always converged.
 */
export const isotonicRegressionMethod: MethodDefinition<IsotonicParameters> = {
  method: 'isotonic',
  accepts: ['logits', 'probabilities'],
  iterative: false,
  optionKeys: [],
  fit: (rows) => ({ parameters: fit(rows), iterations: 1, converged: true }),
  apply,
  toJson: ({ thresholds, values }) => ({
    thresholds: thresholds.map((x) => Array.from(x)),
    values: values.map((y) => Array.from(y)),
  }),
  fromJson,
};
