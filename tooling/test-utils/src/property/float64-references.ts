// Float64 references for the property tests, written from the definitions (PyTorch's cross_entropy and
// binary_cross_entropy_with_logits, Guo et al.'s calibration statistics, Hinton's distillation loss) with plain loops
// over explicit softmax and log-softmax, independent of the packages' own formulas. Each also returns per-element
// magnitudes (sums of the absolute values of the terms) where terms cancel, for float32 error bounds.

import { FLOAT32_BOUND } from './expect-within';

/** log softmax of `width` values at `offset`, each multiplied by `scale` first, in float64. */
export function logSoftmaxRow(values: ArrayLike<number>, offset: number, width: number, scale = 1): Float64Array {
  let top = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < width; c += 1) top = Math.max(top, (values[offset + c] as number) * scale);
  let sum = 0;
  for (let c = 0; c < width; c += 1) sum += Math.exp((values[offset + c] as number) * scale - top);
  const logSum = Math.log(sum);
  return Float64Array.from({ length: width }, (_, c) => (values[offset + c] as number) * scale - top - logSum);
}

/** What {@link lsceReference} needs: one of `labels` (index targets) and `targets` (probability targets). */
export interface LsceReferenceInput {
  logits: ArrayLike<number>;
  rows: number;
  classes: number;
  labels?: ArrayLike<number>;
  ignoreIndex?: number;
  targets?: ArrayLike<number>;
  epsilon: number;
  classWeights?: ArrayLike<number>;
  prior?: ArrayLike<number>;
}

/** Per-row label-smoothed cross-entropy and its derivatives. */
export interface LsceReference {
  /** ℓ_n (0 on ignored rows). */
  loss: Float64Array;
  /**
   * Σ_c ū_c·|log p_c| + Σ_c ū_c per row, ū_c the size of the terms of u_c (see {@link lsceReference}): the size of the
   * loss's terms and of its target weights.
   */
  lossMagnitude: Float64Array;
  /** ∂ℓ_n/∂z_{n,j}, `[rows, classes]`. */
  gradient: Float64Array;
  /** p_j·Σ_c ū_c + ū_j per element: the size of the terms of the gradient. */
  gradientMagnitude: Float64Array;
  /** ∂ℓ_n/∂t_{n,c} = −(1−ε)·w_c·log p_c for probability targets. */
  targetGradient: Float64Array | undefined;
  /** |∂ℓ_n/∂t_{n,c}|. */
  targetGradientMagnitude: Float64Array | undefined;
  /** PyTorch's 'mean' divisor: Σ_n w_{y_n}·1{y_n ≠ ignore} (index targets), the row count (probability targets). */
  meanDivisor: number;
  /** 1 on rows whose label is the ignore index. */
  ignored: Uint8Array;
}

/**
 * PyTorch's `cross_entropy(z, target, weight, ignore_index, reduction='none', label_smoothing=ε)` extended by a
 * smoothing prior π (uniform 1/C is PyTorch's): the smoothed, weighted target of row n is u_c = ε·π_c·w_c +
 * (1−ε)·w_y·1{c=y} (index targets, 0 on ignored rows) or u_c = w_c·((1−ε)·t_c + ε·π_c) (probability targets);
 * ℓ_n = −Σ_c u_c·log p_c and ∂ℓ_n/∂z_j = p_j·Σ_c u_c − u_j.
 *
 * The magnitudes count ū_c, the sum of the absolute values of the terms of u_c, where |u_c| would do only if u_c were
 * exact: float32 rounds (1−ε)·t_c and ε·π_c before adding them (PyTorch's float32 cross_entropy too), an error of a few
 * 2⁻²⁴·ū_c in u_c, which log p_c then multiplies. With t_c < 0 the two terms cancel: t = −0.0556, ε = 0.1, π = ½ give
 * u = −4.8e-5 from terms of 0.05, and a logit 1e4 below the row's maximum turns that rounding into a loss error of
 * 3e-5 (float32 PyTorch's as well) against 1e-6 + 1e-5·(Σ|u·log p| + Σ|u|) ≈ 9e-6.
 *
 * @example
 * ```ts
 * import { lsceReference } from '@softlabels/test-utils';
 *
 * const { loss } = lsceReference({ logits: [0, 0], rows: 1, classes: 2, labels: [1], epsilon: 0 });
 * console.log(loss[0]); // Math.LN2
 * ```
 */
export function lsceReference(input: LsceReferenceInput): LsceReference {
  const { logits, rows, classes, labels, targets, epsilon, classWeights, prior, ignoreIndex } = input;
  const weight = (c: number): number => (classWeights === undefined ? 1 : (classWeights[c] as number));
  const pi = (c: number): number => (prior === undefined ? 1 / classes : (prior[c] as number));
  const loss = new Float64Array(rows);
  const lossMagnitude = new Float64Array(rows);
  const gradient = new Float64Array(rows * classes);
  const gradientMagnitude = new Float64Array(rows * classes);
  const targetGradient = targets === undefined ? undefined : new Float64Array(rows * classes);
  let meanDivisor = 0;
  const ignored = new Uint8Array(rows);
  const u = new Float64Array(classes);
  // ū_c: the sum of the absolute values of the terms of u_c.
  const uSize = new Float64Array(classes);
  for (let n = 0; n < rows; n += 1) {
    const base = n * classes;
    const lp = logSoftmaxRow(logits, base, classes);
    if (targetGradient !== undefined) {
      for (let c = 0; c < classes; c += 1) targetGradient[base + c] = -(1 - epsilon) * weight(c) * (lp[c] as number);
    }
    if (labels !== undefined) {
      const y = labels[n] as number;
      if (ignoreIndex !== undefined && y === ignoreIndex) {
        ignored[n] = 1;
        continue;
      }
      meanDivisor += weight(y);
      for (let c = 0; c < classes; c += 1) {
        u[c] = epsilon * pi(c) * weight(c);
        uSize[c] = Math.abs(u[c] as number);
      }
      u[y] = (u[y] as number) + (1 - epsilon) * weight(y);
      uSize[y] = (uSize[y] as number) + Math.abs((1 - epsilon) * weight(y));
    } else {
      meanDivisor += 1;
      for (let c = 0; c < classes; c += 1) {
        const kept = (1 - epsilon) * (targets?.[base + c] as number);
        u[c] = weight(c) * (kept + epsilon * pi(c));
        uSize[c] = Math.abs(weight(c)) * (Math.abs(kept) + Math.abs(epsilon * pi(c)));
      }
    }
    let total = 0;
    let totalSize = 0;
    let value = 0;
    let size = 0;
    for (let c = 0; c < classes; c += 1) {
      total += u[c] as number;
      totalSize += uSize[c] as number;
      value -= (u[c] as number) * (lp[c] as number);
      size += (uSize[c] as number) * Math.abs(lp[c] as number) + (uSize[c] as number);
    }
    loss[n] = value;
    lossMagnitude[n] = size;
    for (let c = 0; c < classes; c += 1) {
      const p = Math.exp(lp[c] as number);
      gradient[base + c] = p * total - (u[c] as number);
      gradientMagnitude[base + c] = p * totalSize + (uSize[c] as number);
    }
  }
  return {
    loss,
    lossMagnitude,
    gradient,
    gradientMagnitude,
    targetGradient,
    targetGradientMagnitude: targetGradient?.map(Math.abs),
    meanDivisor,
    ignored,
  };
}

/**
 * A reduction of per-row losses with PyTorch's rules: 'sum' adds them, 'mean' divides the sum by `divisor` (NaN when
 * the divisor is 0, whatever the sum); `gradientScale` is what the reduced loss's gradient multiplies each row's by
 * (1/divisor for 'mean'; NaN when the divisor is 0, PyTorch's 0·(1/0) on every row that is not ignored — ignored rows
 * keep a gradient of 0).
 *
 * @example
 * ```ts
 * import { reduceReference } from '@softlabels/test-utils';
 *
 * console.log(reduceReference([1, 3], 'mean', 2)); // { value: 2, gradientScale: 0.5 }
 * ```
 */
export function reduceReference(
  losses: ArrayLike<number>,
  reduction: 'sum' | 'mean',
  divisor: number,
): { value: number; gradientScale: number } {
  let total = 0;
  for (let index = 0; index < losses.length; index += 1) total += losses[index] as number;
  if (reduction === 'sum') return { value: total, gradientScale: 1 };
  return divisor === 0
    ? { value: Number.NaN, gradientScale: Number.NaN }
    : { value: total / divisor, gradientScale: 1 / divisor };
}

/** Per-row statistics of calibration rows. */
export interface CalibrationRowsReference {
  /** Top-label confidence max_k p_k. */
  confidence: Float64Array;
  /** Argmax, the lowest index among ties. */
  predicted: Int32Array;
  /** log Σ_k exp(z_k) (logits), NaN for probabilities. */
  logSumExp: Float64Array;
  /** |max z| + log Σ exp(z − max): the size of the two terms of the log-sum-exp. */
  logSumExpMagnitude: Float64Array;
  /** −log p_y. */
  nll: Float64Array;
  /** Every row's probabilities, `[rows, classes]` (the rows themselves for probabilities). */
  probabilities: Float64Array;
}

/**
 * Confidence, argmax, log-sum-exp, NLL and probabilities per row, from logits (softmax in float64) or probabilities
 * (taken as they are: the confidence is the largest entry, the NLL −log p_y).
 *
 * @example
 * ```ts
 * import { calibrationRowsReference } from '@softlabels/test-utils';
 *
 * const { confidence, predicted } = calibrationRowsReference([0, 0, 1, 3], 'logits', 2, 2, [0, 1]);
 * console.log(confidence[0], predicted[1]); // 0.5 1
 * ```
 */
export function calibrationRowsReference(
  values: ArrayLike<number>,
  kind: 'logits' | 'probabilities',
  rows: number,
  classes: number,
  labels: ArrayLike<number>,
): CalibrationRowsReference {
  const confidence = new Float64Array(rows);
  const predicted = new Int32Array(rows);
  const logSumExp = new Float64Array(rows).fill(Number.NaN);
  const logSumExpMagnitude = new Float64Array(rows);
  const nll = new Float64Array(rows);
  const probabilities = new Float64Array(rows * classes);
  for (let n = 0; n < rows; n += 1) {
    const base = n * classes;
    let best = 0;
    for (let c = 1; c < classes; c += 1) if ((values[base + c] as number) > (values[base + best] as number)) best = c;
    predicted[n] = best;
    const y = labels[n] as number;
    if (kind === 'logits') {
      const lp = logSoftmaxRow(values, base, classes);
      for (let c = 0; c < classes; c += 1) probabilities[base + c] = Math.exp(lp[c] as number);
      confidence[n] = probabilities[base + best] as number;
      const top = values[base + best] as number;
      logSumExp[n] = top - (lp[best] as number);
      logSumExpMagnitude[n] = Math.abs(top) - (lp[best] as number);
      nll[n] = -(lp[y] as number);
    } else {
      for (let c = 0; c < classes; c += 1) probabilities[base + c] = values[base + c] as number;
      confidence[n] = values[base + best] as number;
      nll[n] = -Math.log(values[base + y] as number);
    }
  }
  return { confidence, predicted, logSumExp, logSumExpMagnitude, nll, probabilities };
}

/**
 * The right-closed uniform bin ((m−1)/M, m/M] of `confidence` by comparing against the float64 edges m/M: the first m
 * with c ≤ m/M (0 goes to the first bin, anything above 1 to the last).
 *
 * @example
 * ```ts
 * import { uniformBinReference } from '@softlabels/test-utils';
 *
 * console.log(uniformBinReference(0.5, 10), uniformBinReference(1, 15)); // 4 14
 * ```
 */
export function uniformBinReference(confidence: number, bins: number): number {
  for (let m = 1; m <= bins; m += 1) if (confidence <= m / bins) return m - 1;
  return bins - 1;
}

/** Σ_n NLL of softmax(z_n/T) at s = log T and its derivatives in s, with magnitudes for each. */
export interface TemperatureNllReference {
  value: number;
  derivative: number;
  secondDerivative: number;
  /** Σ of the sizes of the terms of each sum. */
  magnitude: { value: number; derivative: number; secondDerivative: number };
}

/**
 * Σ_n −log softmax(z_n/T)_{y_n} and its first two derivatives in s = log T, analytically in float64: with
 * a = z/T and q = softmax(a), ∂ℓ/∂s = a_y − E_q[a] and ∂²ℓ/∂s² = Var_q[a] + E_q[a] − a_y.
 *
 * @example
 * ```ts
 * import { temperatureNllReference } from '@softlabels/test-utils';
 *
 * console.log(temperatureNllReference([0, 0], 1, 2, [0], 0).value); // Math.LN2
 * ```
 */
export function temperatureNllReference(
  logits: ArrayLike<number>,
  rows: number,
  classes: number,
  labels: ArrayLike<number>,
  logTemperature: number,
): TemperatureNllReference {
  const beta = Math.exp(-logTemperature);
  const result = { value: 0, derivative: 0, secondDerivative: 0 };
  const magnitude = { value: 0, derivative: 0, secondDerivative: 0 };
  for (let n = 0; n < rows; n += 1) {
    const base = n * classes;
    let top = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c += 1) top = Math.max(top, logits[base + c] as number);
    // a_c = β·(z_c − max z) ≤ 0: the shift leaves softmax and every derivative unchanged.
    let sum = 0;
    let first = 0;
    let second = 0;
    let absolute = 0;
    for (let c = 0; c < classes; c += 1) {
      const a = beta * ((logits[base + c] as number) - top);
      const e = Math.exp(a);
      sum += e;
      first += e * a;
      second += e * a * a;
      absolute += e * Math.abs(a);
    }
    const mean = first / sum;
    const meanSquare = second / sum;
    const variance = Math.max(0, meanSquare - mean * mean);
    const ay = beta * ((logits[base + (labels[n] as number)] as number) - top);
    const value = Math.log(sum) - ay;
    result.value += value;
    result.derivative += ay - mean;
    result.secondDerivative += variance + mean - ay;
    magnitude.value += Math.abs(value);
    magnitude.derivative += Math.abs(ay) + absolute / sum;
    magnitude.secondDerivative += meanSquare + Math.abs(ay) + absolute / sum;
  }
  return { ...result, magnitude };
}

/** Element-wise binary cross-entropy from logits and its derivatives. */
export interface BinaryCrossEntropyReference {
  loss: Float64Array;
  /**
   * ℓ + (1−t')·|z| + |1 + (p_w−1)·t'|·softplus(−z) — ℓ and the size of the terms of its form (1−t')·z + … — plus the
   * float32 rounding of t' (see {@link binaryCrossEntropyReference}).
   */
  lossMagnitude: Float64Array;
  gradient: Float64Array;
  gradientMagnitude: Float64Array;
  targetGradient: Float64Array;
  targetGradientMagnitude: Float64Array;
}

/** The relative float32 error of smoothed binary targets t' = t·(1−ε) + ε/2 (see {@link binaryCrossEntropyReference}). */
const T_ROUNDING = 3 * 2 ** -24;

function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * PyTorch's `binary_cross_entropy_with_logits(z, t', pos_weight=p_w, reduction='none')` with targets smoothed
 * towards 0.5, t' = t·(1−ε) + ε/2: ℓ = p_w·t'·softplus(−z) + (1−t')·softplus(z), ∂ℓ/∂z = (1−t')·σ(z) − p_w·t'·σ(−z),
 * ∂ℓ/∂t = (1−ε)·(p_w·softplus(−z) − softplus(z)). `positiveWeight` is a number, one value per entry of the last axis
 * (of length `lastAxis`), or null (1).
 *
 * Float32 rounds t' itself: fl(fl(t·fl(1−ε)) + fl(ε/2)) is off by up to 3·2⁻²⁴·t' (rounding 1−ε and the product
 * costs 2⁻²⁴·t·(1−ε) each, ε/2 2⁻²⁴·ε/2, the sum 2⁻²⁴·t'), and ℓ and ∂ℓ/∂z pass that on times
 * |∂ℓ/∂t'| = |−z + (p_w−1)·softplus(−z)| ≤ |z| + |p_w−1|·softplus(−z) and
 * |∂²ℓ/∂z∂t'| = |−1 + (p_w−1)·σ(−z)| ≤ 1 + |p_w−1|·σ(−z). Where 1−t' is tiny next to t' no float32 implementation
 * keeps it: t = 1, ε = 1.08e-8 make t' = 1 − 5.4e-9, which float32 rounds to 1, so at z = 185.6 float32 PyTorch gives
 * ℓ = 0 where float64 gives 1.0e-6 = (1−t')·z. The magnitudes add these errors in units of the relative bound.
 *
 * @example
 * ```ts
 * import { binaryCrossEntropyReference } from '@softlabels/test-utils';
 *
 * console.log(binaryCrossEntropyReference([0], [1], 0, null, 1).loss[0]); // Math.LN2
 * ```
 */
export function binaryCrossEntropyReference(
  logits: ArrayLike<number>,
  targets: ArrayLike<number>,
  epsilon: number,
  positiveWeight: number | ArrayLike<number> | null,
  lastAxis: number,
): BinaryCrossEntropyReference {
  const size = logits.length;
  const out = {
    loss: new Float64Array(size),
    lossMagnitude: new Float64Array(size),
    gradient: new Float64Array(size),
    gradientMagnitude: new Float64Array(size),
    targetGradient: new Float64Array(size),
    targetGradientMagnitude: new Float64Array(size),
  };
  for (let index = 0; index < size; index += 1) {
    const z = logits[index] as number;
    const t = (targets[index] as number) * (1 - epsilon) + epsilon / 2;
    const w =
      positiveWeight === null
        ? 1
        : typeof positiveWeight === 'number'
          ? positiveWeight
          : (positiveWeight[index % lastAxis] as number);
    const down = softplus(-z);
    const up = softplus(z);
    const targetRounding = (T_ROUNDING / FLOAT32_BOUND.relative) * Math.abs(t);
    out.loss[index] = w * t * down + (1 - t) * up;
    out.lossMagnitude[index] =
      w * t * down +
      (1 - t) * up +
      (1 - t) * Math.abs(z) +
      Math.abs(1 + (w - 1) * t) * down +
      targetRounding * (Math.abs(z) + Math.abs(w - 1) * down);
    out.gradient[index] = (1 - t) * sigmoid(z) - w * t * sigmoid(-z);
    out.gradientMagnitude[index] =
      1 - t + Math.abs(1 + (w - 1) * t) * sigmoid(-z) + targetRounding * (1 + Math.abs(w - 1) * sigmoid(-z));
    out.targetGradient[index] = (1 - epsilon) * (w * down - up);
    out.targetGradientMagnitude[index] = (1 - epsilon) * (Math.abs(z) + Math.abs(w - 1) * down + w * down + up);
  }
  return out;
}

/**
 * A bound on |Σ_k w_k·δa_k| for the float32 rounding δa of a_k = z_k/T over one row (first order). The quotient rounds
 * to within 2⁻²⁴·|a_k|, the same way for equal logits, so classes of one value v count once, with |Σ_{z_k = v} w_k|
 * (a constant teacher row gives pᵗ exactly uniform in float32 too); T's own rounding to float32 scales every a_k by
 * the same 1 + ε, |ε| ≤ 2⁻²⁴, which moves a shift-invariant quantity (Σ_k w_k = 0) by ε·Σ_k w_k·(a_k − max a).
 */
function zOverTRounding(
  values: ArrayLike<number>,
  offset: number,
  width: number,
  temperature: number,
  weights: Float64Array,
): number {
  const grouped = new Map<number, number>();
  let top = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < width; c += 1) {
    const z = values[offset + c] as number;
    grouped.set(z, (grouped.get(z) ?? 0) + (weights[c] as number));
    top = Math.max(top, z);
  }
  let quotient = 0;
  for (const [z, weight] of grouped) quotient += (Math.abs(weight) * Math.abs(z)) / temperature;
  let scale = 0;
  for (let c = 0; c < width; c += 1)
    scale += Math.abs(weights[c] as number) * ((top - (values[offset + c] as number)) / temperature);
  return 2 ** -24 * (quotient + scale);
}

/** What {@link distillationReference} needs. */
export interface DistillationReferenceInput {
  student: ArrayLike<number>;
  teacher: ArrayLike<number>;
  rows: number;
  classes: number;
  /** Needed when `hardLabelWeight` > 0. */
  labels?: ArrayLike<number>;
  temperature: number;
  studentTemperature: number;
  hardLabelWeight: number;
  form: 'kl' | 'cross-entropy';
  scaleByTemperatureSquared: boolean;
}

/** Per-row distillation losses and the gradient with respect to the student's logits. */
export interface DistillationReference {
  loss: Float64Array;
  lossMagnitude: Float64Array;
  gradient: Float64Array;
  gradientMagnitude: Float64Array;
}

/**
 * Hinton et al.'s distillation loss per row: α·CE(y, softmax(z_s)) + (1−α)·f·D(pᵗ, p), with pᵗ = softmax(z_t/T),
 * p = softmax(z_s/T_s), D = KL(pᵗ‖p) or H(pᵗ, p) (0·log 0 = 0), f = T_s² when scaling (else 1); gradient
 * (1−α)·f/T_s·(p − pᵗ) + α·(softmax(z_s) − onehot(y)).
 *
 * @example
 * ```ts
 * import { distillationReference } from '@softlabels/test-utils';
 *
 * const { loss } = distillationReference({
 *   student: [0, 0], teacher: [0, 0], rows: 1, classes: 2, temperature: 1, studentTemperature: 1,
 *   hardLabelWeight: 0, form: 'kl', scaleByTemperatureSquared: true,
 * });
 * console.log(loss[0]); // 0
 * ```
 */
export function distillationReference(input: DistillationReferenceInput): DistillationReference {
  const {
    student,
    teacher,
    rows,
    classes,
    labels,
    temperature,
    studentTemperature,
    hardLabelWeight: alpha,
    form,
  } = input;
  const factor = input.scaleByTemperatureSquared ? studentTemperature ** 2 : 1;
  const out = {
    loss: new Float64Array(rows),
    lossMagnitude: new Float64Array(rows),
    gradient: new Float64Array(rows * classes),
    gradientMagnitude: new Float64Array(rows * classes),
  };
  for (let n = 0; n < rows; n += 1) {
    const base = n * classes;
    const logTeacher = logSoftmaxRow(teacher, base, classes, 1 / temperature);
    const logStudent = logSoftmaxRow(student, base, classes, 1 / studentTemperature);
    const logHard = logSoftmaxRow(student, base, classes);
    let soft = 0;
    let softMagnitude = 0;
    for (let c = 0; c < classes; c += 1) {
      const pt = Math.exp(logTeacher[c] as number);
      if (pt === 0) continue;
      const term = form === 'kl' ? (logTeacher[c] as number) - (logStudent[c] as number) : -(logStudent[c] as number);
      soft += pt * term;
      softMagnitude += pt * (Math.abs(logTeacher[c] as number) + Math.abs(logStudent[c] as number));
    }
    // Float32 rounds a = z/T before any log-softmax, an error that no float32 implementation avoids; to first order it
    // moves D by Σ_k ∂D/∂a_k·δa_k, with ∂D/∂a_t,k = pᵗ_k·(term_k − D) (term_k = log pᵗ_k − log p_k, or −log p_k) and
    // ∂D/∂a_s,k = p_k − pᵗ_k (see {@link zOverTRounding}). Far apart distributions amplify the teacher's rounding by
    // their log-ratio spread: teacher logits of ±1e4 at T = 0.467 (|a| ≈ 21394, half-ulp ≈ 1e-3) with log-ratios 16122
    // and 9396 against D = 15912 give float32 PyTorch a loss error of 6.0e-4 (×T_s²), the terms' size allowing 4.0e-4.
    const teacherWeights = new Float64Array(classes);
    const studentWeights = new Float64Array(classes);
    for (let c = 0; c < classes; c += 1) {
      const pt = Math.exp(logTeacher[c] as number);
      const ps = Math.exp(logStudent[c] as number);
      if (pt > 0) {
        const term = form === 'kl' ? (logTeacher[c] as number) - (logStudent[c] as number) : -(logStudent[c] as number);
        teacherWeights[c] = pt * (term - soft);
      }
      studentWeights[c] = ps - pt;
    }
    softMagnitude +=
      (zOverTRounding(teacher, base, classes, temperature, teacherWeights) +
        zOverTRounding(student, base, classes, studentTemperature, studentWeights)) /
      1e-5;
    // Each float32 log-softmax subtracts log Σ_k exp(a_k − max a), whose sum (≥ 1, of K rounded terms) is off by up to
    // K·2⁻²⁴ relative: a shift of up to K·2⁻²⁴ in every log-probability of a side, which moves D by that times 1
    // (student) and |D| + 1 (teacher, also through pᵗ = exp(log pᵗ)). Nearly one-hot rows with D ≈ 2e-5 show it:
    // float32 PyTorch's log p = −2.21727e-5 against −2.21926e-5, a loss error of 1.01e-6 (×T_s² = 50.8) where the
    // terms' size allowed 1.01e-6.
    softMagnitude += ((classes * 2 ** -24) / 1e-5) * (2 + Math.abs(soft));
    let loss = 0;
    let magnitude = 0;
    if (alpha < 1) {
      loss += (1 - alpha) * factor * soft;
      magnitude += (1 - alpha) * factor * softMagnitude;
    }
    const y = labels === undefined ? -1 : (labels[n] as number);
    if (alpha > 0 && labels !== undefined) {
      loss -= alpha * (logHard[y] as number);
      magnitude -= alpha * (logHard[y] as number);
    }
    out.loss[n] = loss;
    out.lossMagnitude[n] = magnitude;
    // The same rounding moves log p_k by Σ_j (1{j=k} − p_j)·δa_j, so p_k by p_k times that: the gradient's p − pᵗ
    // inherits it from both sides. With student logits of ±300 at T_s = 0.05 (|a| ≈ 8283, p = 0.079) float32
    // PyTorch's gradient is off by 1.3e-6 against 1e-6 + 1e-5·0.0047 without it.
    const logRounding = (values: ArrayLike<number>, scale: number, log: Float64Array, k: number): number => {
      const weights = new Float64Array(classes);
      for (let j = 0; j < classes; j += 1) weights[j] = (j === k ? 1 : 0) - Math.exp(log[j] as number);
      return zOverTRounding(values, base, classes, scale, weights) / 1e-5;
    };
    for (let c = 0; c < classes; c += 1) {
      const pt = Math.exp(logTeacher[c] as number);
      const ps = Math.exp(logStudent[c] as number);
      let gradient = 0;
      let gradientMagnitude = 0;
      if (alpha < 1) {
        const rounding =
          ps * logRounding(student, studentTemperature, logStudent, c) +
          pt * logRounding(teacher, temperature, logTeacher, c);
        gradient += ((1 - alpha) * factor * (ps - pt)) / studentTemperature;
        gradientMagnitude += ((1 - alpha) * factor * (ps + pt + rounding)) / studentTemperature;
      }
      if (alpha > 0 && labels !== undefined) {
        const p = Math.exp(logHard[c] as number);
        const hit = c === y ? 1 : 0;
        gradient += alpha * (p - hit);
        gradientMagnitude += alpha * (p + hit);
      }
      out.gradient[base + c] = gradient;
      out.gradientMagnitude[base + c] = gradientMagnitude;
    }
  }
  return out;
}

/** A row-major tensor on the host. */
export interface HostTensor {
  values: ArrayLike<number>;
  shape: readonly number[];
}

/**
 * op(a)·op(b) for batched matrices `[..., m, k]` with tfjs's batch broadcasting, op transposing the last two axes when
 * asked, in float64; `magnitude` holds Σ_k |a_ik·b_kj| per output element. With `upstream` (one weight per output
 * element) also the gradients of Σ upstream·(op(a)·op(b)) with respect to a and b (summed over broadcast batch axes),
 * with their magnitudes.
 *
 * @example
 * ```ts
 * import { batchMatMulReference } from '@softlabels/test-utils';
 *
 * const product = batchMatMulReference({ values: [1, 2], shape: [1, 2] }, { values: [3, 4], shape: [2, 1] }, false, false);
 * console.log(product.values[0], product.shape); // 11 [1, 1]
 * ```
 */
export function batchMatMulReference(
  a: HostTensor,
  b: HostTensor,
  transposeA: boolean,
  transposeB: boolean,
  upstream?: ArrayLike<number>,
): {
  values: Float64Array;
  magnitude: Float64Array;
  shape: number[];
  gradientA: Float64Array;
  gradientAMagnitude: Float64Array;
  gradientB: Float64Array;
  gradientBMagnitude: Float64Array;
} {
  const rankA = a.shape.length;
  const rankB = b.shape.length;
  const [aRows, aCols] = [a.shape[rankA - 2] as number, a.shape[rankA - 1] as number];
  const [bRows, bCols] = [b.shape[rankB - 2] as number, b.shape[rankB - 1] as number];
  const m = transposeA ? aCols : aRows;
  const inner = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  const padA = [...new Array<number>(rank - batchA.length).fill(1), ...batchA];
  const padB = [...new Array<number>(rank - batchB.length).fill(1), ...batchB];
  const batch = padA.map((size, axis) => Math.max(size, padB[axis] as number));
  const batchCount = batch.reduce((product, size) => product * size, 1);
  const values = new Float64Array(batchCount * m * n);
  const magnitude = new Float64Array(batchCount * m * n);
  const gradientA = new Float64Array(a.values.length);
  const gradientAMagnitude = new Float64Array(a.values.length);
  const gradientB = new Float64Array(b.values.length);
  const gradientBMagnitude = new Float64Array(b.values.length);
  // The flat batch index of one operand for output batch `index` (size-1 axes broadcast).
  const offsetOf = (index: number, sizes: number[]): number => {
    let rest = index;
    let stride = 1;
    let offset = 0;
    for (let axis = rank - 1; axis >= 0; axis -= 1) {
      const coordinate = rest % (batch[axis] as number);
      rest = Math.floor(rest / (batch[axis] as number));
      offset += ((sizes[axis] as number) === 1 ? 0 : coordinate) * stride;
      stride *= sizes[axis] as number;
    }
    return offset;
  };
  for (let index = 0; index < batchCount; index += 1) {
    const baseA = offsetOf(index, padA) * aRows * aCols;
    const baseB = offsetOf(index, padB) * bRows * bCols;
    for (let i = 0; i < m; i += 1) {
      for (let j = 0; j < n; j += 1) {
        const out = (index * m + i) * n + j;
        const weight = upstream === undefined ? 0 : (upstream[out] as number);
        let sum = 0;
        let size = 0;
        for (let k = 0; k < inner; k += 1) {
          const at = baseA + (transposeA ? k * aCols + i : i * aCols + k);
          const bt = baseB + (transposeB ? j * bCols + k : k * bCols + j);
          const left = a.values[at] as number;
          const right = b.values[bt] as number;
          sum += left * right;
          size += Math.abs(left * right);
          gradientA[at] = (gradientA[at] as number) + weight * right;
          gradientAMagnitude[at] = (gradientAMagnitude[at] as number) + Math.abs(weight * right);
          gradientB[bt] = (gradientB[bt] as number) + weight * left;
          gradientBMagnitude[bt] = (gradientBMagnitude[bt] as number) + Math.abs(weight * left);
        }
        values[out] = sum;
        magnitude[out] = size;
      }
    }
  }
  return { values, magnitude, shape: [...batch, m, n], gradientA, gradientAMagnitude, gradientB, gradientBMagnitude };
}
