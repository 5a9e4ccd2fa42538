/** Row-wise float64 transforms the calibration methods share. */
import type { HostRows, LabelledRows } from '../read-input';

/** The smallest probability a log is taken of (as scikit-learn's `log_loss` clips): log 0 would be −∞. */
export const PROBABILITY_FLOOR = 1e-15;

/**
 * The probabilities of `rows` in float64, row-major: the softmax of logits times `scale` (max-shifted; 1/T for
 * temperature scaling), or a copy of probabilities.
 */
export function probabilityRows(rows: HostRows, scale = 1): Float64Array {
  const { values, classes } = rows;
  const out = Float64Array.from(values as ArrayLike<number>);
  if (rows.kind === 'probabilities') return out;
  for (let row = 0; row < rows.rows; row += 1) {
    const start = row * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k += 1) max = Math.max(max, out[start + k] as number);
    let sum = 0;
    for (let k = 0; k < classes; k += 1) {
      const e = Math.exp(((out[start + k] as number) - max) * scale);
      out[start + k] = e;
      sum += e;
    }
    for (let k = 0; k < classes; k += 1) out[start + k] = (out[start + k] as number) / sum;
  }
  return out;
}

/**
 * The log-probabilities of `rows` in float64, row-major: the log-softmax of logits, or the log of probabilities
 * clipped below at {@link PROBABILITY_FLOOR}.
 */
export function logProbabilityRows(rows: HostRows): Float64Array {
  const { values, classes } = rows;
  const out = Float64Array.from(values as ArrayLike<number>);
  if (rows.kind === 'probabilities') {
    for (let index = 0; index < out.length; index += 1) {
      out[index] = Math.log(Math.max(out[index] as number, PROBABILITY_FLOOR));
    }
    return out;
  }
  for (let row = 0; row < rows.rows; row += 1) {
    const start = row * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k += 1) max = Math.max(max, out[start + k] as number);
    let sum = 0;
    for (let k = 0; k < classes; k += 1) sum += Math.exp((out[start + k] as number) - max);
    const shift = max + Math.log(sum);
    for (let k = 0; k < classes; k += 1) out[start + k] = (out[start + k] as number) - shift;
  }
  return out;
}

/**
 * Mean negative log-likelihood of `labels` under row-major probabilities (`classes` per row), each probability
 * clipped below at {@link PROBABILITY_FLOOR} so that a zero gives a large finite loss, as scikit-learn's `log_loss`.
 */
export function meanNll(probabilities: ArrayLike<number>, labels: Int32Array, classes: number): number {
  let sum = 0;
  for (let row = 0; row < labels.length; row += 1) {
    const p = probabilities[row * classes + (labels[row] as number)] as number;
    sum -= Math.log(Math.max(p, PROBABILITY_FLOOR));
  }
  return sum / labels.length;
}

/**
 * {@link meanNll} of the labels of `rows` under {@link probabilityRows}`(rows, scale)`, in one pass without
 * materialising the probabilities: −log p = log Σ exp(s·(z − max)) − s·(z_label − max) for logits, capped at
 * −log {@link PROBABILITY_FLOOR} as the clipped probability is.
 */
export function meanNllOfRows(rows: LabelledRows, scale = 1): number {
  const { values, classes, labels } = rows;
  if (rows.kind === 'probabilities') return meanNll(values as ArrayLike<number>, labels, classes);
  const ceiling = -Math.log(PROBABILITY_FLOOR);
  let total = 0;
  for (let row = 0; row < rows.rows; row += 1) {
    const start = row * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k += 1) max = Math.max(max, values[start + k] as number);
    let sum = 0;
    for (let k = 0; k < classes; k += 1) sum += Math.exp(((values[start + k] as number) - max) * scale);
    const nll = Math.log(sum) - ((values[start + (labels[row] as number)] as number) - max) * scale;
    total += Math.min(nll, ceiling);
  }
  return total / rows.rows;
}

/** Divides each row by its sum in place (one-vs-rest outputs to a distribution); all-zero rows become uniform. */
export function normalizeRows(values: Float64Array, rows: number, classes: number): Float64Array {
  for (let row = 0; row < rows; row += 1) {
    const start = row * classes;
    let sum = 0;
    for (let k = 0; k < classes; k += 1) sum += values[start + k] as number;
    for (let k = 0; k < classes; k += 1) {
      values[start + k] = sum > 0 ? (values[start + k] as number) / sum : 1 / classes;
    }
  }
  return values;
}
