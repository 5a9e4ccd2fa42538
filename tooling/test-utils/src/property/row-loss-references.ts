// Float64 references for the property tests of the fused focal loss and confidence penalty, written from the papers'
// definitions over an explicit log-softmax, with per-element magnitudes (sums of the absolute values of the terms) for
// float32 error bounds.

import { lsceReference } from './float64-references';

/** A row-loss call: one of `labels` (index targets, possibly holding `ignoreIndex`) and `targets` (probability rows). */
export interface RowLossReferenceInput {
  logits: ArrayLike<number>;
  rows: number;
  classes: number;
  labels?: ArrayLike<number>;
  ignoreIndex?: number;
  targets?: ArrayLike<number>;
  epsilon: number;
}

/** Per-row losses with their derivatives and the sizes of their terms. */
export interface RowLossReference {
  /** ℓ_n (0 on ignored rows). */
  loss: Float64Array;
  /** The size of ℓ_n's terms. */
  lossMagnitude: Float64Array;
  /** ∂ℓ_n/∂z_{n,j}, `[rows, classes]`. */
  gradient: Float64Array;
  /** The size of the gradient's terms, per element. */
  gradientMagnitude: Float64Array;
  /** 1 on rows whose label is the ignore index. */
  ignored: Uint8Array;
}

interface RowParts {
  /** log p, the largest class's as −log1p(Σ_{c≠a} exp(z_c − max)) (accurate as p → 1). */
  logP: Float64Array;
  p: Float64Array;
  /** 1 − p, the largest class's as Σ_{c≠a} p_c. */
  complement: Float64Array;
}

function rowParts(logits: ArrayLike<number>, n: number, classes: number): RowParts {
  const z = Float64Array.from({ length: classes }, (_, c) => logits[n * classes + c] as number);
  let largest = 0;
  for (let c = 1; c < classes; c += 1) if ((z[c] as number) > (z[largest] as number)) largest = c;
  const max = z[largest] as number;
  let others = 0;
  for (let c = 0; c < classes; c += 1) if (c !== largest) others += Math.exp((z[c] as number) - max);
  const logSum = Math.log1p(others);
  const logP = z.map((value) => value - max - logSum);
  const p = logP.map(Math.exp);
  const complement = p.map((value, c) => (c === largest ? others / (1 + others) : 1 - value));
  return { logP, p, complement };
}

/** Row n's raw target t, or null for an ignored row. */
function targetOf(input: RowLossReferenceInput, n: number): Float64Array | null {
  const { classes, labels, targets, ignoreIndex } = input;
  if (labels === undefined)
    return Float64Array.from({ length: classes }, (_, c) => targets?.[n * classes + c] as number);
  const y = labels[n] as number;
  if (y === ignoreIndex) return null;
  return Float64Array.from({ length: classes }, (_, c) => (c === y ? 1 : 0));
}

/**
 * The softmax focal loss with label smoothing and α (Lin et al. 2017; Keras' smoothing): u_c = α_c·((1−ε)·t_c + ε/C),
 * f_c = (1 − p_c)^γ, ℓ = −Σ_c u_c·f_c·log p_c, and with γ held constant ∂ℓ/∂z_j = p_j·Σ_{c≠j} g_c − (1 − p_j)·g_j,
 * g_c = u_c·f_c·(1 − γ·p_c·log p_c/(1 − p_c)) (the ratio taken as −1 where 1 − p_c is 0). γ of row n is
 * `gammaOf(p_y, n)` with p_y = Σ t·p.
 *
 * @example
 * ```ts
 * import { focalLossReference } from '@softlabels/test-utils';
 *
 * const { loss } = focalLossReference({ logits: [0, 0], rows: 1, classes: 2, labels: [1], epsilon: 0, gammaOf: () => 0 });
 * console.log(loss[0]); // Math.LN2
 * ```
 */
export function focalLossReference(
  input: RowLossReferenceInput & {
    alpha?: ArrayLike<number>;
    gammaOf: (trueClassProbability: number, row: number) => number;
  },
): RowLossReference {
  const { logits, rows, classes, epsilon, alpha, gammaOf } = input;
  const loss = new Float64Array(rows);
  const lossMagnitude = new Float64Array(rows);
  const gradient = new Float64Array(rows * classes);
  const gradientMagnitude = new Float64Array(rows * classes);
  const ignored = new Uint8Array(rows);
  for (let n = 0; n < rows; n += 1) {
    const t = targetOf(input, n);
    if (t === null) {
      ignored[n] = 1;
      continue;
    }
    const { logP, p, complement } = rowParts(logits, n, classes);
    const gamma = gammaOf(
      p.reduce((sum, value, c) => sum + value * (t[c] as number), 0),
      n,
    );
    const g = new Float64Array(classes);
    const gSize = new Float64Array(classes);
    for (let c = 0; c < classes; c += 1) {
      const weight = alpha === undefined ? 1 : (alpha[c] as number);
      const u = weight * ((1 - epsilon) * (t[c] as number) + epsilon / classes);
      const uSize = weight * (Math.abs((1 - epsilon) * (t[c] as number)) + epsilon / classes);
      const q = complement[c] as number;
      const f = gamma === 0 ? 1 : Math.pow(q, gamma);
      const ratio = q > 0 ? (logP[c] as number) / q : -1;
      const pr = (p[c] as number) * ratio;
      loss[n] = (loss[n] as number) - u * f * (logP[c] as number);
      lossMagnitude[n] = (lossMagnitude[n] as number) + uSize * f * (Math.abs(logP[c] as number) + 1);
      g[c] = u * f * (1 - gamma * pr);
      gSize[c] = uSize * f * (1 + gamma * Math.abs(pr));
    }
    const gTotal = g.reduce((a, b) => a + b, 0);
    const sizeTotal = gSize.reduce((a, b) => a + b, 0);
    for (let j = 0; j < classes; j += 1) {
      const at = n * classes + j;
      gradient[at] = (p[j] as number) * (gTotal - (g[j] as number)) - (complement[j] as number) * (g[j] as number);
      gradientMagnitude[at] = (p[j] as number) * sizeTotal + (gSize[j] as number);
    }
  }
  return { loss, lossMagnitude, gradient, gradientMagnitude, ignored };
}

/** {@link confidencePenaltyReference}'s result: the two terms apart, each with the sizes of its terms. */
export interface ConfidencePenaltyReference {
  crossEntropy: RowLossReference;
  /** H(p_n) (0 on ignored rows). */
  entropy: Float64Array;
  /** Σ_c p_c·(|log p_c| + 1) per row. */
  entropyMagnitude: Float64Array;
  /** ∂H_n/∂z_{n,j} = −p_j·(log p_j + H). */
  entropyGradient: Float64Array;
  /** p_j·(|log p_j| + H). */
  entropyGradientMagnitude: Float64Array;
  /** PyTorch's 'mean' divisor of the cross-entropy term. */
  meanDivisor: number;
}

/**
 * The confidence penalty's two terms (Pereyra et al. 2017): PyTorch's label-smoothed cross-entropy (`lsceReference`,
 * uniform prior, class weights) and the unweighted entropy H(p) = −Σ_c p_c·log p_c of each row that is not ignored.
 *
 * @example
 * ```ts
 * import { confidencePenaltyReference } from '@softlabels/test-utils';
 *
 * const { entropy } = confidencePenaltyReference({ logits: [0, 0], rows: 1, classes: 2, labels: [1], epsilon: 0 });
 * console.log(entropy[0]); // Math.LN2
 * ```
 */
export function confidencePenaltyReference(
  input: RowLossReferenceInput & { classWeights?: ArrayLike<number> },
): ConfidencePenaltyReference {
  const { logits, rows, classes } = input;
  const crossEntropy = lsceReference(input);
  const entropy = new Float64Array(rows);
  const entropyMagnitude = new Float64Array(rows);
  const entropyGradient = new Float64Array(rows * classes);
  const entropyGradientMagnitude = new Float64Array(rows * classes);
  for (let n = 0; n < rows; n += 1) {
    if (crossEntropy.ignored[n] === 1) continue;
    const { logP, p } = rowParts(logits, n, classes);
    let h = 0;
    for (let c = 0; c < classes; c += 1) {
      h -= (p[c] as number) * (logP[c] as number);
      entropyMagnitude[n] = (entropyMagnitude[n] as number) + (p[c] as number) * (Math.abs(logP[c] as number) + 1);
    }
    entropy[n] = h;
    for (let j = 0; j < classes; j += 1) {
      entropyGradient[n * classes + j] = -(p[j] as number) * ((logP[j] as number) + h);
      entropyGradientMagnitude[n * classes + j] = (p[j] as number) * (Math.abs(logP[j] as number) + h);
    }
  }
  return {
    crossEntropy,
    entropy,
    entropyMagnitude,
    entropyGradient,
    entropyGradientMagnitude,
    meanDivisor: crossEntropy.meanDivisor,
  };
}
