/**
 * The pool-adjacent-violators algorithm in float64, step for step as scikit-learn's
 * `_inplace_contiguous_isotonic_regression` (Best & Chakravarti 1990, section 3): one pass, pooling each run that
 * does not increase and backtracking once, O(n).
 */

/**
 * Replaces `y` in place by its weighted least-squares non-decreasing fit (weights `weights`, all positive; `weights`
 * is overwritten with block sums). Adjacent blocks whose means are equal are pooled too, as scikit-learn does.
 */
export function poolAdjacentViolators(y: Float64Array, weights: Float64Array): void {
  const n = y.length;
  // For a block [i..j], target[i] = j and target[j] = i; y[i] and weights[i] hold the block's mean and weight.
  const target = new Int32Array(n);
  for (let index = 0; index < n; index += 1) target[index] = index;
  let i = 0;
  while (i < n) {
    let k = (target[i] as number) + 1;
    if (k === n) break;
    if ((y[i] as number) < (y[k] as number)) {
      i = k;
      continue;
    }
    let sumWy = (weights[i] as number) * (y[i] as number);
    let sumW = weights[i] as number;
    for (;;) {
      const previous = y[k] as number;
      sumWy += (weights[k] as number) * (y[k] as number);
      sumW += weights[k] as number;
      k = (target[k] as number) + 1;
      if (k === n || previous < (y[k] as number)) {
        y[i] = sumWy / sumW;
        weights[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1] as number;
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = (target[i] as number) + 1;
    y.fill(y[i] as number, i + 1, k);
    i = k;
  }
}
