// Plain float64 double-loop references for the kernel tests (independent of the kernels' formulas: they go through
// log-softmax and softmax explicitly, the way PyTorch defines the losses).

/** Row-wise log-softmax in float64. */
function logSoftmaxRow(logits: ArrayLike<number>, row: number, classes: number): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < classes; c += 1) max = Math.max(max, logits[row * classes + c] as number);
  let sum = 0;
  for (let c = 0; c < classes; c += 1) sum += Math.exp((logits[row * classes + c] as number) - max);
  const lse = max + Math.log(sum);
  return Array.from({ length: classes }, (_, c) => (logits[row * classes + c] as number) - lse);
}

export interface LsceReferenceInput {
  logits: ArrayLike<number>;
  rows: number;
  classes: number;
  labels?: ArrayLike<number>;
  targets?: ArrayLike<number>;
  epsilon: number;
  classWeights?: ArrayLike<number>;
  ignoreIndex?: number;
  prior?: ArrayLike<number>;
}

/** PyTorch `cross_entropy(reduction='none', label_smoothing)` semantics with a smoothing prior, in float64. */
export function lsceReference(input: LsceReferenceInput): { loss: number[]; gradient: number[]; meanDivisor: number } {
  const { logits, rows, classes, labels, targets, epsilon, classWeights, ignoreIndex, prior } = input;
  const weight = (c: number): number => (classWeights === undefined ? 1 : (classWeights[c] as number));
  const pi = (c: number): number => (prior === undefined ? 1 / classes : (prior[c] as number));
  const loss: number[] = [];
  const gradient: number[] = [];
  let meanDivisor = 0;
  for (let n = 0; n < rows; n += 1) {
    const lp = logSoftmaxRow(logits, n, classes);
    const p = lp.map(Math.exp);
    // The smoothed, weighted target distribution u_c of this row; ℓ = −Σ u_c·lp_c, ∂ℓ/∂z_j = p_j·Σu − u_j.
    const u = new Array<number>(classes).fill(0);
    if (labels !== undefined) {
      const y = labels[n] as number;
      if (y === ignoreIndex) {
        loss.push(0);
        for (let c = 0; c < classes; c += 1) gradient.push(0);
        continue;
      }
      meanDivisor += weight(y);
      for (let c = 0; c < classes; c += 1) u[c] = epsilon * pi(c) * weight(c);
      u[y] = (u[y] as number) + (1 - epsilon) * weight(y);
    } else {
      meanDivisor += 1;
      for (let c = 0; c < classes; c += 1) {
        u[c] = weight(c) * ((1 - epsilon) * (targets?.[n * classes + c] as number) + epsilon * pi(c));
      }
    }
    const total = u.reduce((sum, value) => sum + value, 0);
    loss.push(-u.reduce((sum, value, c) => sum + value * (lp[c] as number), 0));
    for (let c = 0; c < classes; c += 1) gradient.push((p[c] as number) * total - (u[c] as number));
  }
  return { loss, gradient, meanDivisor };
}

/** Per-row confidence, argmax, log-sum-exp and NLL in float64. */
export function calibrationRowsReference(
  values: ArrayLike<number>,
  kind: 'logits' | 'probabilities',
  rows: number,
  classes: number,
  labels: ArrayLike<number>,
): { confidence: number[]; predicted: number[]; logSumExp: number[]; nll: number[] } {
  const result = {
    confidence: [] as number[],
    predicted: [] as number[],
    logSumExp: [] as number[],
    nll: [] as number[],
  };
  for (let n = 0; n < rows; n += 1) {
    let arg = 0;
    for (let c = 1; c < classes; c += 1)
      if ((values[n * classes + c] as number) > (values[n * classes + arg] as number)) arg = c;
    const y = labels[n] as number;
    if (kind === 'logits') {
      const lp = logSoftmaxRow(values, n, classes);
      result.confidence.push(Math.exp(lp[arg] as number));
      result.logSumExp.push((values[n * classes] as number) - (lp[0] as number));
      result.nll.push(-(lp[y] as number));
    } else {
      result.confidence.push(values[n * classes + arg] as number);
      result.nll.push(-Math.log(values[n * classes + y] as number));
    }
    result.predicted.push(arg);
  }
  return result;
}

/** The right-closed uniform bin of a confidence by scanning the float64 edges m/M: first m with c ≤ m/M. */
export function binReference(confidence: number, bins: number): number {
  for (let m = 1; m <= bins; m += 1) if (confidence <= m / bins) return m - 1;
  return bins - 1;
}

/** Σ NLL of softmax(z/T) and its derivatives in s = log T, by float64 loops and central differences of the exact sum. */
export function temperatureReference(
  logits: ArrayLike<number>,
  rows: number,
  classes: number,
  labels: ArrayLike<number>,
  logTemperature: number,
): { value: number; derivative: number; secondDerivative: number } {
  const nll = (s: number): number => {
    const scaled = Array.from(logits, (z) => z * Math.exp(-s));
    let total = 0;
    for (let n = 0; n < rows; n += 1) total -= logSoftmaxRow(scaled, n, classes)[labels[n] as number] as number;
    return total;
  };
  const h = 1e-4;
  const value = nll(logTemperature);
  const up = nll(logTemperature + h);
  const down = nll(logTemperature - h);
  return { value, derivative: (up - down) / (2 * h), secondDerivative: (up - 2 * value + down) / (h * h) };
}

/** A focal-loss or confidence-penalty call for the float64 references below (one of `labels` and `targets`). */
export interface RowLossReferenceInput {
  logits: ArrayLike<number>;
  rows: number;
  classes: number;
  labels?: ArrayLike<number>;
  targets?: ArrayLike<number>;
  epsilon: number;
  ignoreIndex?: number;
}

/**
 * Log-softmax whose largest entry keeps its relative accuracy where its probability rounds to 1 in float64:
 * −log1p(Σ_{c≠a} exp(z_c − max)) for the (first) largest class a.
 */
function accurateLogSoftmaxRow(logits: ArrayLike<number>, row: number, classes: number): number[] {
  const z = Array.from({ length: classes }, (_, c) => logits[row * classes + c] as number);
  const max = Math.max(...z);
  const largest = z.indexOf(max);
  const others = z.reduce((sum, value, c) => (c === largest ? sum : sum + Math.exp(value - max)), 0);
  const logSum = Math.log1p(others);
  return z.map((value) => value - max - logSum);
}

/** Row n's raw target t (one-hot of the label, or the probability row), or null for an ignored row. */
function targetRow(input: RowLossReferenceInput, n: number): number[] | null {
  const { classes, labels, targets, ignoreIndex } = input;
  if (labels === undefined) return Array.from({ length: classes }, (_, c) => targets?.[n * classes + c] as number);
  const y = labels[n] as number;
  if (y === ignoreIndex) return null;
  return Array.from({ length: classes }, (_, c) => (c === y ? 1 : 0));
}

/**
 * Per-row softmax focal loss −Σ_c α_c·((1−ε)·t_c + ε/C)·(1 − p_c)^γ·log p_c in float64 (1 − p_c summed from the other
 * classes' probabilities, so it keeps its accuracy as p_c → 1), γ per row from `gammaOf(p_y)` (p_y = Σ t·p).
 */
export function focalReference(
  input: RowLossReferenceInput & { alpha?: ArrayLike<number>; gammaOf: (trueClassProbability: number) => number },
): number[] {
  const { rows, classes, logits, epsilon, alpha, gammaOf } = input;
  return Array.from({ length: rows }, (_, n) => {
    const t = targetRow(input, n);
    if (t === null) return 0;
    const lp = accurateLogSoftmaxRow(logits, n, classes);
    const p = lp.map(Math.exp);
    const gamma = gammaOf(p.reduce((sum, value, c) => sum + value * (t[c] as number), 0));
    let loss = 0;
    for (let c = 0; c < classes; c += 1) {
      const complement = p.reduce((sum, value, k) => (k === c ? sum : sum + value), 0);
      const u =
        (alpha === undefined ? 1 : (alpha[c] as number)) * ((1 - epsilon) * (t[c] as number) + epsilon / classes);
      loss -= u * (gamma === 0 ? 1 : Math.pow(complement, gamma)) * (lp[c] as number);
    }
    return loss;
  });
}

/** Per-row cross-entropy with label smoothing (uniform prior, class weights) and entropy of softmax(z), in float64. */
export function confidencePenaltyReference(input: RowLossReferenceInput & { classWeights?: ArrayLike<number> }): {
  crossEntropy: number[];
  entropy: number[];
} {
  const { rows, classes, logits } = input;
  const crossEntropy = lsceReference(input).loss;
  const entropy = Array.from({ length: rows }, (_, n) => {
    if (targetRow(input, n) === null) return 0;
    const lp = logSoftmaxRow(logits, n, classes);
    return -lp.reduce((sum, value) => sum + Math.exp(value) * value, 0);
  });
  return { crossEntropy, entropy };
}

/** ∂f/∂x_i by central differences in float64 (step h), for every i. */
export function centralDifferences(f: (x: number[]) => number, x: ArrayLike<number>, h = 1e-6): number[] {
  return Array.from(x, (_, index) => {
    const up = Array.from(x);
    const down = Array.from(x);
    up[index] = (up[index] as number) + h;
    down[index] = (down[index] as number) - h;
    return (f(up) - f(down)) / (2 * h);
  });
}
