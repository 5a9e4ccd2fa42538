import { readHostMatrix, readHostVector, readOptions, ShapeMismatchError, type TensorInput } from '@softlabels/core';

import { mutualInformationStatistics } from './internal/mutual-information-statistics';
import { prepareLogitMutualInformationOptions } from './internal/prepare-logit-mutual-information-options';
import type { LogitMutualInformationOptions } from './logit-mutual-information-options';

const FUNCTION_NAME = 'logitMutualInformation';

/**
 * Draws of a logit difference under random augmentation, split into the L draws that estimate each example's mean
 * and one fresh draw per example that is scored.
 *
 * @example
 * ```ts
 * import { logitMutualInformation, type LogitDifferenceDraws } from '@softlabels/distillation';
 *
 * const draws: LogitDifferenceDraws = { meanDraws: [[-5.1, -4.9], [4.9, 5.2]], evalDraws: [-5, 5] };
 * console.log(logitMutualInformation(draws) <= Math.log(2)); // true
 * ```
 */
export interface LogitDifferenceDraws {
  /** `[N, L]`: L ≥ 2 draws per example, used for μ_x and σ². */
  meanDraws: TensorInput;
  /** `[N]`: one further, independent draw y_x per example. */
  evalDraws: TensorInput;
}

function readSamples(samples: TensorInput | LogitDifferenceDraws): {
  meanDraws: Float64Array;
  evalDraws: Float64Array;
  examples: number;
  draws: number;
} {
  const split = typeof samples === 'object' && samples !== null && 'meanDraws' in samples;
  if (split) {
    readOptions(samples, ['meanDraws', 'evalDraws'], FUNCTION_NAME, 'samples');
    const mean = readHostMatrix(samples.meanDraws, 'samples.meanDraws', FUNCTION_NAME);
    const evalDraws = readHostVector(samples.evalDraws, 'samples.evalDraws', FUNCTION_NAME);
    if (evalDraws.length !== mean.rows) {
      throw new ShapeMismatchError({
        functionName: FUNCTION_NAME,
        parameter: 'samples.evalDraws',
        actual: [evalDraws.length],
        expected: `have one draw per row of samples.meanDraws (${mean.rows})`,
      });
    }
    checkSize(mean.rows, mean.columns, 'samples.meanDraws', 2);
    return { meanDraws: mean.values, evalDraws, examples: mean.rows, draws: mean.columns };
  }
  const matrix = readHostMatrix(samples, 'samples', FUNCTION_NAME);
  checkSize(matrix.rows, matrix.columns, 'samples', 3);
  const draws = matrix.columns - 1;
  const meanDraws = new Float64Array(matrix.rows * draws);
  const evalDraws = new Float64Array(matrix.rows);
  for (let x = 0; x < matrix.rows; x += 1) {
    meanDraws.set(matrix.values.subarray(x * matrix.columns, x * matrix.columns + draws), x * draws);
    evalDraws[x] = matrix.values[x * matrix.columns + draws] as number;
  }
  return { meanDraws, evalDraws, examples: matrix.rows, draws };
}

function checkSize(rows: number, columns: number, parameter: string, minColumns: number): void {
  if (rows < 2 || columns < minColumns) {
    throw new ShapeMismatchError({
      functionName: FUNCTION_NAME,
      parameter,
      actual: [rows, columns],
      expected: `have N >= 2 rows (examples) and at least ${minColumns} columns (L >= 2 draws${
        minColumns === 3 ? ' plus the fresh draw' : ''
      })`,
    });
  }
}

/**
 * The paper's estimate Î of the mutual information between the index X of a training example and a logit difference
 * Y under random augmentation (Müller et al. 2019, Sec. 4 and App. A.2), in nats (or bits).
 *
 * With `m_{x,l}` the L draws of example x and `y_x` a fresh draw: `μ_x = (1/L) Σ_l m_{x,l}`,
 * `σ² = (1/(N·L)) Σ_{x,l} (m_{x,l} − μ_x)²` (the pooled within-example variance, the paper's
 * `(1/N) Σ_x (f(d(z_x)) − μ_x)²` averaged over all L draws) and
 * `Î = (1/N) Σ_x [ −(y_x − μ_x)²/(2σ²) − log( (1/N) Σ_{x'} exp(−(y_x − μ_{x'})²/(2σ²)) ) ]`,
 * computed in float64 with a stable log-sum-exp over x'.
 *
 * Bounds and bias: Î ≤ log N always (exactly, also in floating point). It is *not* bounded below by 0: with no
 * information (all μ_x equal) the finite-sample estimator is negatively biased — about −0.14 for large N with L = 5
 * (−(1 + 1/L)/(2s) + ½·log(1 + 1/(L·s)) + 1/(2(s + 1/L)) with s = (L − 1)/L), because σ² underestimates the spread
 * of a fresh draw around μ_x. The value is returned unclamped. Paper settings: N = 600 (300 per class), L = 5; late in
 * label-smoothing training Î falls towards log 2 (two tight clusters, one per class, less the same bias).
 *
 * @param samples `[N, L + 1]` (the first L columns are the mean draws, the last the fresh draw) or
 *   `{ meanDraws: [N, L], evalDraws: [N] }`; tensors or arrays; N ≥ 2, L ≥ 2.
 * @throws {ShapeMismatchError} for N < 2, L < 2 or mismatched parts.
 * @throws {InvalidArgumentError} for NaN/Inf values, or when all draws of every example are equal (σ² = 0).
 *
 * @example
 * ```ts
 * import { logitMutualInformation } from '@softlabels/distillation';
 *
 * // Four examples, L = 2 draws each plus a fresh draw, two well separated clusters:
 * const samples = [
 *   [-5.1, -4.9, -5.0],
 *   [-4.8, -5.2, -5.1],
 *   [5.0, 5.1, 4.9],
 *   [4.9, 5.2, 5.0],
 * ];
 * const mi = logitMutualInformation(samples);
 * console.log(mi, Math.log(4)); // mi ≤ log 4
 * ```
 */
export function logitMutualInformation(
  samples: TensorInput | LogitDifferenceDraws,
  options?: LogitMutualInformationOptions,
): number {
  const { units } = prepareLogitMutualInformationOptions(options);
  const { meanDraws, evalDraws, examples, draws } = readSamples(samples);
  const { estimate } = mutualInformationStatistics(meanDraws, evalDraws, examples, draws, 'samples', FUNCTION_NAME);
  return units === 'bits' ? estimate / Math.LN2 : estimate;
}
