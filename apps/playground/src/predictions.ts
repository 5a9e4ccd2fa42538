import { PredictionFileError } from './prediction-file-error';

/** Predictions read from a user's file: one row per example, and the labels. */
export interface Predictions {
  kind: 'logits' | 'probabilities';
  /** `rows · classes` values, row-major. */
  values: Float32Array;
  labels: Int32Array;
  classes: number;
}

/** Tolerance of the row sums of probabilities. */
const SUM_TOLERANCE = 1e-3;

/**
 * Checks a `rows × classes` row-major matrix of scores and its labels, read from `fileName`, and returns them as
 * {@link Predictions}: at least one row of two or more finite scores, one integer label in 0…classes − 1 per row.
 * Without `kind`, rows whose scores are in [0, 1] and sum to 1 (±0.001) are probabilities, other rows logits.
 *
 * @throws {PredictionFileError} naming the file and the first problem found.
 *
 * @example
 * ```ts
 * import { predictionsFromMatrix } from './predictions';
 * const predictions = predictionsFromMatrix([0.9, 0.1, 0.2, 0.8], 2, [0, 1], 'scores.npy');
 * console.log(predictions.kind); // 'probabilities'
 * ```
 */
export function predictionsFromMatrix(
  scores: ArrayLike<number>,
  classes: number,
  labels: ArrayLike<number>,
  fileName: string,
  kind?: Predictions['kind'],
): Predictions {
  const fail = (problem: string): never => {
    throw new PredictionFileError({ fileName, problem });
  };
  const rows = classes === 0 ? 0 : scores.length / classes;
  if (rows === 0 || classes < 2) fail('must hold at least one row of two or more scores');
  if (rows !== labels.length) fail(`must give one label per row (${rows} rows, ${labels.length} labels)`);
  const values = Float32Array.from(scores);
  if (values.some((value) => !Number.isFinite(value))) fail('must hold finite numbers only');
  const integers = Array.from(labels);
  if (integers.some((label) => !Number.isInteger(label) || label < 0 || label >= classes)) {
    fail(`must give integer labels in 0…${classes - 1}`);
  }
  let probabilities = true;
  for (let row = 0; row < rows && probabilities; row += 1) {
    let sum = 0;
    for (let column = 0; column < classes; column += 1) {
      const value = values[row * classes + column] as number;
      if (value < 0 || value > 1) probabilities = false;
      sum += value;
    }
    if (Math.abs(sum - 1) >= SUM_TOLERANCE) probabilities = false;
  }
  return {
    kind: kind ?? (probabilities ? 'probabilities' : 'logits'),
    values,
    labels: Int32Array.from(integers),
    classes,
  };
}
