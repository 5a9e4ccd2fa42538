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
