import fc from 'fast-check';

import type { RandomSource } from '../random/random-source';

/**
 * Shapes for the linear-softmax kernels' property suites: up to 300 rows of 1–40 classes (around the 4-row tiles,
 * the 128-row chunks and the 2-class and 8-column tiles), and a few rows of 250–262 classes (around the 256-column
 * panels).
 */
export const linearSoftmaxShape = fc.oneof(
  { weight: 4, arbitrary: fc.record({ rows: fc.nat({ max: 300 }), classes: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ rows: fc.nat({ max: 12 }), classes: fc.integer({ min: 250, max: 262 }) }) },
);

/** The largest |a − b| over the entries, relative to the largest |b| (at least 1). */
export function relativeError(actual: Float64Array, expected: Float64Array): number {
  let error = 0;
  let size = 1;
  expected.forEach((value, index) => {
    error = Math.max(error, Math.abs((actual[index] as number) - value));
    size = Math.max(size, Math.abs(value));
  });
  return error / size;
}

/**
 * Throws unless `gradient` agrees with the reference's within the rounding that scores of size `size` allow: each
 * entry a sum over `rows` rows of values of size `scale`.
 */
export function expectReferenceGradient(
  gradient: Float64Array,
  expected: Float64Array,
  { rows, classes, scale, size }: { rows: number; classes: number; scale: number; size: number },
): void {
  let worst = 0;
  expected.forEach((entry, index) => {
    worst = Math.max(worst, Math.abs((gradient[index] as number) - entry) / Math.max(1, scale) / Math.max(1, rows));
  });
  if (!(worst <= 1e-13 * size * Math.sqrt(classes))) throw new Error(`gradient off the reference by ${worst}`);
}

/**
 * Rows N(0, scale²), uniform labels and a map θ = I + N(0, noise²) (b included) of `rows × classes`, drawn from
 * `random` in that order (so that callers can draw more from it afterwards).
 */
export function linearSoftmaxProblem(
  random: RandomSource,
  { rows, classes, scale, noise }: { rows: number; classes: number; scale: number; noise: number },
): { inputs: Float64Array; labels: Int32Array; theta: Float64Array } {
  const inputs = Float64Array.from({ length: rows * classes }, () => random.normal() * scale);
  const labels = Int32Array.from({ length: rows }, () => random.int(classes));
  const theta = Float64Array.from(
    { length: classes * classes + classes },
    (_, index) => (index < classes * classes && index % (classes + 1) === 0 ? 1 : 0) + random.normal() * noise,
  );
  return { inputs, labels, theta };
}
