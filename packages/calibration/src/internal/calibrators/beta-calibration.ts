/**
 * Beta calibration (Kull, Silva Filho & Flach 2017), the three-parameter 'abm' model of the `betacal` package, as a
 * `fitCalibrator` method, one-vs-rest as scikit-learn's `CalibratedClassifierCV` arranges its calibrators.
 */
import type { HostRows, LabelledRows } from '../read-input';
import { fitLogistic } from './logistic-newton';
import type { CommonSettings, MethodDefinition, MethodFit } from './method-definition';
import { calibratedColumns, forEachColumn, mapColumns, positivesOf, probabilitiesOf } from './one-vs-rest';
import { ColumnParameterReader } from './read-column-parameters';
import { PROBABILITY_FLOOR } from './row-transforms';

/** The map `q = 1/(1 + 1/(e^c · p^a / (1 − p)^b))` of each calibrated column's probability p. */
export interface BetaParameters {
  /** Per calibrated column (class 1 alone for two classes), the exponent a ≥ 0 of p. */
  a: Float64Array;
  /** Per calibrated column, the exponent b ≥ 0 of 1 − p. */
  b: Float64Array;
  /** Per calibrated column, the log-odds offset c. */
  c: Float64Array;
}

/** The default `tolerance`: the largest gradient entry of the mean cross-entropy of each logistic fit. */
export const BETA_TOLERANCE = 1e-12;
/** The default `maxIterations`: Newton steps per logistic fit. */
export const BETA_MAX_ITERATIONS = 100;

/** The features `[ln p, −ln(1 − p)]` of probabilities clipped to [1e-15, 1 − 1e-15] (`PROBABILITY_FLOOR`). */
function betaFeatures(p: Float64Array): [Float64Array, Float64Array] {
  const logP = new Float64Array(p.length);
  const minusLogQ = new Float64Array(p.length);
  for (let row = 0; row < p.length; row += 1) {
    const clipped = Math.min(Math.max(p[row] as number, PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR);
    logP[row] = Math.log(clipped);
    minusLogQ[row] = -Math.log1p(-clipped);
  }
  return [logP, minusLogQ];
}

interface ColumnFit {
  a: number;
  b: number;
  c: number;
  iterations: number;
  converged: boolean;
}

/**
 * The 'abm' fit of one column, with betacal's rule for a negative exponent: fit a, b, c; if a < 0, refit without
 * ln p (a = 0), else if b < 0, refit without −ln(1 − p) (b = 0). Where that refit's exponent is negative too (betacal
 * would keep it, giving a decreasing map), it is dropped as well, leaving the constant map of the intercept.
 */
function fitColumn(p: Float64Array, positive: Float64Array, tolerance: number, maxIterations: number): ColumnFit {
  const [logP, minusLogQ] = betaFeatures(p);
  let iterations = 0;
  const run = (features: Float64Array[]) => {
    const result = fitLogistic(features, positive, new Float64Array(features.length + 1), tolerance, maxIterations);
    iterations += result.iterations;
    return result;
  };
  const full = run([logP, minusLogQ]);
  const [a, b, c] = full.coefficients as unknown as [number, number, number];
  if (a >= 0 && b >= 0) return { a, b, c, iterations, converged: full.converged };
  const keepB = a < 0;
  const single = run([keepB ? minusLogQ : logP]);
  const [weight, intercept] = single.coefficients as unknown as [number, number];
  if (weight >= 0) {
    return { a: keepB ? 0 : weight, b: keepB ? weight : 0, c: intercept, iterations, converged: single.converged };
  }
  const constant = run([]);
  return { a: 0, b: 0, c: constant.coefficients[0] as number, iterations, converged: constant.converged };
}

function fit(rows: LabelledRows, settings: CommonSettings): MethodFit<BetaParameters> {
  const columns = calibratedColumns(rows.classes);
  const parameters: BetaParameters = {
    a: new Float64Array(columns.length),
    b: new Float64Array(columns.length),
    c: new Float64Array(columns.length),
  };
  let iterations = 0;
  let converged = true;
  forEachColumn(probabilitiesOf(rows), rows.rows, rows.classes, (x, index) => {
    const positive = Float64Array.from(positivesOf(rows.labels, columns[index] as number));
    const result = fitColumn(
      x,
      positive,
      settings.tolerance ?? BETA_TOLERANCE,
      settings.maxIterations ?? BETA_MAX_ITERATIONS,
    );
    parameters.a[index] = result.a;
    parameters.b[index] = result.b;
    parameters.c[index] = result.c;
    iterations = Math.max(iterations, result.iterations);
    converged &&= result.converged;
  });
  return { parameters, iterations, converged };
}

function apply(parameters: BetaParameters, rows: HostRows): Float64Array {
  return mapColumns(probabilitiesOf(rows), rows.rows, rows.classes, (x, index) => {
    const [logP, minusLogQ] = betaFeatures(x);
    const a = parameters.a[index] as number;
    const b = parameters.b[index] as number;
    const c = parameters.c[index] as number;
    return logP.map((value, row) => {
      const s = c + a * value + b * (minusLogQ[row] as number);
      const e = Math.exp(-Math.abs(s));
      return s >= 0 ? 1 / (1 + e) : e / (1 + e);
    });
  });
}

function fromJson(value: unknown, classes: number, functionName: string): BetaParameters {
  const reader = new ColumnParameterReader(functionName, classes);
  const record = reader.record(value, ['a', 'b', 'c']);
  return {
    a: reader.columnNumbers(record.a, 'a', { min: 0 }),
    b: reader.columnNumbers(record.b, 'b', { min: 0 }),
    c: reader.columnNumbers(record.c, 'c', {}),
  };
}

/**
 * Beta calibration, one-vs-rest: on probabilities (logits are softmaxed first), each calibrated column (class 1
 * alone for two classes) maps p ↦ 1/(1 + 1/(e^c · p^a / (1 − p)^b)), a logistic regression on `[ln p, −ln(1 − p)]`
 * with p clipped to [1e-15, 1 − 1e-15], unregularised, fitted from zero by the safeguarded Newton method of
 * `logistic-newton.ts` (`tolerance`: the gradient's ∞-norm of the mean cross-entropy, default 1e-12;
 * `maxIterations` per logistic fit, default 100; the fit reports the most Newton steps of any column, refits
 * included). A negative exponent is refitted at 0 as betacal does (see `fitColumn`), so every map is non-decreasing.
 * A column that its features separate (a class no fit row has, say) has no finite optimum: the fit stops at the
 * tolerance, with a near-step map. Two classes give `[1 − q, q]`; more are divided by their row sums.
 */
export const betaCalibrationMethod: MethodDefinition<BetaParameters> = {
  method: 'beta',
  accepts: ['logits', 'probabilities'],
  iterative: true,
  optionKeys: [],
  fit: (rows, _options, settings) => fit(rows, settings),
  apply,
  toJson: ({ a, b, c }) => ({ a: Array.from(a), b: Array.from(b), c: Array.from(c) }),
  fromJson,
};
