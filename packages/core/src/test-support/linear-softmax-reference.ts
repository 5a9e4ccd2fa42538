/**
 * A float64 reference for `createLinearSoftmaxNll`, written straight from the definition (scores W x + b, log-sum-exp
 * of the max-shifted scores, residuals softmax − onehot), one row at a time with no blocking.
 */
export function linearSoftmaxReference(
  inputs: Float64Array,
  labels: Int32Array,
  rows: number,
  classes: number,
  theta: Float64Array,
): { value: number; gradient: Float64Array } {
  const gradient = new Float64Array(classes * classes + classes);
  const scores = new Float64Array(classes);
  let value = 0;
  for (let n = 0; n < rows; n += 1) {
    for (let i = 0; i < classes; i += 1) {
      let score = theta[classes * classes + i] as number;
      for (let j = 0; j < classes; j += 1)
        score += (theta[i * classes + j] as number) * (inputs[n * classes + j] as number);
      scores[i] = score;
    }
    const top = Math.max(...scores);
    let sum = 0;
    for (const score of scores) sum += Math.exp(score - top);
    const label = labels[n] as number;
    value += top + Math.log(sum) - (scores[label] as number);
    for (let i = 0; i < classes; i += 1) {
      const residual = Math.exp((scores[i] as number) - top) / sum - (i === label ? 1 : 0);
      gradient[classes * classes + i] = (gradient[classes * classes + i] as number) + residual;
      for (let j = 0; j < classes; j += 1) {
        gradient[i * classes + j] =
          (gradient[i * classes + j] as number) + residual * (inputs[n * classes + j] as number);
      }
    }
  }
  return { value, gradient };
}
