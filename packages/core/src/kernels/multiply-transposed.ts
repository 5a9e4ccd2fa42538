import { checkFinite } from '../validation/check-values';
import { checkNumber } from '../validation/check-number';
import { checkFloat64, checkOptionsObject } from './internal/check-kernel-input';
import { runRowKernel } from './internal/run-kernel';

/** The options of {@link multiplyTransposed}: A is `rows × inner`, B is `outer × inner`, both row-major float64. */
export interface MultiplyTransposedOptions {
  a: Float64Array;
  rows: number;
  inner: number;
  b: Float64Array;
  outer: number;
}

const FUNCTION = 'multiplyTransposed';

/**
 * A Bᵀ in float64 (`rows × outer`, row-major), with the score products of `createLinearSoftmaxNll`: cache-blocked
 * f64x2 SIMD, large products split over the kernel threads by rows of A. Each entry is a sum of products rounded one by
 * one (no fused multiply-add), in blocks of the inner index.
 *
 * @example
 * ```ts
 * import { multiplyTransposed } from '@softlabels/core/kernels';
 *
 * const c = multiplyTransposed({
 *   a: new Float64Array([1, 2, 3, 4]), rows: 2, inner: 2, b: new Float64Array([1, 0, 1, 1, 0, 2]), outer: 3,
 * });
 * console.log([...c]); // [1, 3, 4, 3, 7, 8]
 * ```
 */
export function multiplyTransposed(options: MultiplyTransposedOptions): Float64Array {
  const raw = checkOptionsObject<MultiplyTransposedOptions>(options, FUNCTION, '{ a, rows, inner, b, outer }', [
    'a',
    'rows',
    'inner',
    'b',
    'outer',
  ]);
  const rows = checkNumber(raw.rows, 'options.rows', FUNCTION, { min: 0, integer: true });
  const inner = checkNumber(raw.inner, 'options.inner', FUNCTION, { min: 1, integer: true });
  const outer = checkNumber(raw.outer, 'options.outer', FUNCTION, { min: 1, integer: true });
  const a = checkFloat64(raw.a, rows * inner, 'options.a', FUNCTION, 'rows·inner');
  const b = checkFloat64(raw.b, outer * inner, 'options.b', FUNCTION, 'outer·inner');
  checkFinite(a, 'options.a', FUNCTION);
  checkFinite(b, 'options.b', FUNCTION);
  const out = new Float64Array(rows * outer);
  runRowKernel(
    'multiplyTransposedRows',
    rows,
    [
      { kind: 'rows-in', array: a, width: inner },
      { kind: 'scalar', value: inner },
      { kind: 'vector-in', array: b },
      { kind: 'scalar', value: outer },
      { kind: 'rows-out', array: out, width: outer },
    ],
    { functionName: FUNCTION },
  );
  return out;
}
