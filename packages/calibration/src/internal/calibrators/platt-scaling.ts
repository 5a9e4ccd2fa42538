/**
 * Platt scaling (Platt 1999) as a `fitCalibrator` method, one-vs-rest as scikit-learn 1.2's
 * `CalibratedClassifierCV(method='sigmoid')` and its `_sigmoid_calibration`.
 */
import type { HostRows, LabelledRows } from '../read-input';
import { fitLogistic } from './logistic-newton';
import type { CommonSettings, MethodDefinition, MethodFit } from './method-definition';
import { calibratedColumns, forEachColumn, mapColumns, scoresOf } from './one-vs-rest';
import { ColumnParameterReader } from './read-column-parameters';

/** A sigmoid `q = 1/(1 + exp(a·f + b))` of each calibrated column's score f (scikit-learn's `a_`, `b_`). */
export interface PlattParameters {
  /** Per calibrated column (class 1 alone for two classes), the slope a (negative when q grows with f). */
  a: Float64Array;
  /** Per calibrated column, the intercept b. */
  b: Float64Array;
}

/** The default `tolerance`: the largest gradient entry of the mean smoothed cross-entropy, per column. */
export const PLATT_TOLERANCE = 1e-12;
/** The default `maxIterations` (Newton steps per column). */
export const PLATT_MAX_ITERATIONS = 100;

/**
 * The scores, row-major as the rows, that each calibrated column is fitted on, as `CalibratedClassifierCV` reads a
 * prefit classifier: for logits its decision function (z₁ − z₀ for two classes, in column 1, which is s for the
 * binary form `[0, s]`; the logit of each class otherwise), for probabilities its `predict_proba` columns.
 */
export function plattScores(rows: HostRows): ArrayLike<number> {
  const values = scoresOf(rows);
  if (rows.kind !== 'logits' || rows.classes !== 2) return values;
  const out = new Float64Array(2 * rows.rows);
  for (let row = 0; row < rows.rows; row += 1) {
    out[2 * row + 1] = (values[2 * row + 1] as number) - (values[2 * row] as number);
  }
  return out;
}

function fit(rows: LabelledRows, settings: CommonSettings): MethodFit<PlattParameters> {
  const columns = calibratedColumns(rows.classes);
  const a = new Float64Array(columns.length);
  const b = new Float64Array(columns.length);
  let iterations = 0;
  let converged = true;
  forEachColumn(plattScores(rows), rows.rows, rows.classes, (f, index) => {
    const column = columns[index] as number;
    let positives = 0;
    for (const label of rows.labels) if (label === column) positives += 1;
    const negatives = rows.rows - positives;
    // Platt's targets, smoothed by his prior: t₊ = (N₊ + 1)/(N₊ + 2), t₋ = 1/(N₋ + 2).
    const high = (positives + 1) / (positives + 2);
    const low = 1 / (negatives + 2);
    const targets = Float64Array.from(rows.labels, (label) => (label === column ? high : low));
    // q = σ(−(a·f + b)) is logistic regression on f with weight −a and intercept −b; Platt starts at a = 0,
    // b = log((N₋ + 1)/(N₊ + 1)).
    const start = Float64Array.of(0, -Math.log((negatives + 1) / (positives + 1)));
    const result = fitLogistic(
      [f],
      targets,
      start,
      settings.tolerance ?? PLATT_TOLERANCE,
      settings.maxIterations ?? PLATT_MAX_ITERATIONS,
    );
    a[index] = -(result.coefficients[0] as number);
    b[index] = -(result.coefficients[1] as number);
    iterations = Math.max(iterations, result.iterations);
    converged &&= result.converged;
  });
  return { parameters: { a, b }, iterations, converged };
}

/** σ(−u) = 1/(1 + eᵘ) without overflow. */
function sigmoidOfMinus(u: number): number {
  if (u <= 0) return 1 / (1 + Math.exp(u));
  const e = Math.exp(-u);
  return e / (1 + e);
}

function apply(parameters: PlattParameters, rows: HostRows): Float64Array {
  return mapColumns(plattScores(rows), rows.rows, rows.classes, (f, index) => {
    const a = parameters.a[index] as number;
    const b = parameters.b[index] as number;
    return f.map((score) => sigmoidOfMinus(a * score + b));
  });
}

function fromJson(value: unknown, classes: number, functionName: string): PlattParameters {
  const reader = new ColumnParameterReader(functionName, classes);
  const record = reader.record(value, ['a', 'b']);
  return {
    a: reader.columnNumbers(record.a, 'a', {}),
    b: reader.columnNumbers(record.b, 'b', {}),
  };
}

/**
 * Platt scaling, one-vs-rest: each calibrated column (class 1 alone for two classes) gets `q = 1/(1 + exp(a·f + b))`
 * of its score f, the decision function for logits (z₁ − z₀ for two classes, each class's logit otherwise) and the
 * probability for probabilities, fitted to Platt's smoothed targets `(N₊ + 1)/(N₊ + 2)` and `1/(N₋ + 2)` from a = 0,
 * b = log((N₋ + 1)/(N₊ + 1)), by the safeguarded Newton method of `logistic-newton.ts` (`tolerance`: the gradient's
 * ∞-norm of the mean objective, default 1e-12; `maxIterations` per column, default 100; the fit reports the most
 * iterations of any column). Two classes give `[1 − q, q]`; more are divided by their row sums. The scores of logits
 * and of probabilities differ, so a calibrator applies to the kind it was fitted on only.
 */
export const plattScalingMethod: MethodDefinition<PlattParameters> = {
  method: 'platt',
  accepts: ['logits', 'probabilities'],
  fittedKindOnly: true,
  iterative: true,
  optionKeys: [],
  fit: (rows, _options, settings) => fit(rows, settings),
  apply,
  toJson: ({ a, b }) => ({ a: Array.from(a), b: Array.from(b) }),
  fromJson,
};
