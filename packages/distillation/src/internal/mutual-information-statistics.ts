import { InvalidArgumentError } from '@softlabels/core';

/** The estimate and the quantities it is built from. */
export interface MutualInformationStatistics {
  /** Î in nats. */
  estimate: number;
  /** The pooled within-example variance σ² (+∞ when it exceeds float64, as it may for draws near ±1.8e308). */
  variance: number;
}

/**
 * A power of two that brings the largest magnitude of the draws into [1, 2): Î does not change when every draw is
 * scaled by the same factor, and a power of two scales without rounding, so this only keeps the squares and sums of
 * draws near ±1e308 (or near 1e-308) from overflowing (or underflowing).
 */
function scaleOf(meanDraws: Float64Array, evalDraws: Float64Array): number {
  let largest = 0;
  for (const value of meanDraws) largest = Math.max(largest, Math.abs(value));
  for (const value of evalDraws) largest = Math.max(largest, Math.abs(value));
  return largest === 0 ? 1 : 2 ** Math.min(1023, -Math.floor(Math.log2(largest)));
}

/**
 * The estimator of Müller et al. (2019, App. A.2) in float64 on the host. `meanDraws` holds N rows of L draws
 * (row-major), `evalDraws` one fresh draw y_x per example.
 *
 * `μ_x = (1/L) Σ_l m_{x,l}`, `σ² = (1/(N·L)) Σ_x Σ_l (m_{x,l} − μ_x)²`, and
 * `Î = log N + (1/N) Σ_x [ a_{x,x} − logsumexp_{x'} a_{x,x'} ]` with `a_{x,x'} = −(y_x − μ_{x'})² / (2σ²)`.
 * Every bracket is ≤ 0 in floating point too (the log-sum-exp includes the x' = x term), so Î ≤ log N exactly. The
 * draws are first scaled by a power of two (see {@link scaleOf}), so any finite draws give a finite estimate.
 * @internal
 */
export function mutualInformationStatistics(
  meanDraws: Float64Array,
  evalDraws: Float64Array,
  examples: number,
  draws: number,
  parameter: string,
  functionName: string,
): MutualInformationStatistics {
  const factor = scaleOf(meanDraws, evalDraws);
  const means = new Float64Array(examples);
  let squares = 0;
  for (let x = 0; x < examples; x += 1) {
    let sum = 0;
    for (let l = 0; l < draws; l += 1) sum += (meanDraws[x * draws + l] as number) * factor;
    const mean = sum / draws;
    means[x] = mean;
    for (let l = 0; l < draws; l += 1) squares += ((meanDraws[x * draws + l] as number) * factor - mean) ** 2;
  }
  const variance = squares / (examples * draws);
  if (!(variance > 0)) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: variance,
      expected:
        'vary between the draws of at least one example (the pooled variance σ² must be > 0; ' +
        'is the augmentation random?)',
      got: 'σ² = 0',
    });
  }
  const scale = -1 / (2 * variance);
  const scores = new Float64Array(examples);
  let total = 0;
  for (let x = 0; x < examples; x += 1) {
    const y = (evalDraws[x] as number) * factor;
    let largest = Number.NEGATIVE_INFINITY;
    for (let other = 0; other < examples; other += 1) {
      const score = scale * (y - (means[other] as number)) ** 2;
      scores[other] = score;
      if (score > largest) largest = score;
    }
    let sum = 0;
    for (let other = 0; other < examples; other += 1) sum += Math.exp((scores[other] as number) - largest);
    const logSumExp = largest + Math.log(sum);
    total += (scores[x] as number) - logSumExp;
  }
  return { estimate: total / examples + Math.log(examples), variance: variance / factor / factor };
}
