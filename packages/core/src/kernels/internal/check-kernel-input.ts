import { readOptions } from '../../options/read-options';
import { InvalidArgumentError } from '../../errors/invalid-argument-error';
import { ShapeMismatchError } from '../../errors/shape-mismatch-error';
import { checkNumber } from '../../validation/check-number';
import { checkFinite, checkLabels } from '../../validation/check-values';

/** Throws unless `options` is a plain object; returns it typed. */
export function checkOptionsObject<T>(
  options: unknown,
  functionName: string,
  example: string,
  allowedKeys: readonly string[],
): T {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options',
      value: options,
      expected: `be an object such as ${example}`,
    });
  }
  return readOptions(options, allowedKeys, functionName) as T;
}

/** Checks `rows` (integer ≥ 0) and `classes` (integer ≥ 1). */
export function checkDimensions(
  rows: unknown,
  classes: unknown,
  functionName: string,
): { rows: number; classes: number } {
  return {
    rows: checkNumber(rows, 'options.rows', functionName, { min: 0, integer: true }),
    classes: checkNumber(classes, 'options.classes', functionName, { min: 1, integer: true }),
  };
}

function checkLength(
  values: ArrayLike<number>,
  length: number,
  parameter: string,
  functionName: string,
  what: string,
): void {
  if (values.length !== length) {
    throw new ShapeMismatchError({
      functionName,
      parameter,
      actual: [values.length],
      expected: `hold ${what} = ${length} values`,
    });
  }
}

/** Throws unless `value` is a Float32Array of `length` elements (`what` explains the length, e.g. 'rows·classes'). */
export function checkFloat32(
  value: unknown,
  length: number,
  parameter: string,
  functionName: string,
  what: string,
): Float32Array {
  return checkTypedArray(Float32Array, value, length, parameter, functionName, what);
}

/** Throws unless `value` is a Float64Array of `length` elements (`what` explains the length). */
export function checkFloat64(
  value: unknown,
  length: number,
  parameter: string,
  functionName: string,
  what: string,
): Float64Array {
  return checkTypedArray(Float64Array, value, length, parameter, functionName, what);
}

function checkTypedArray<T extends Float32Array | Float64Array>(
  Type: { new (length: number): T; name: string },
  value: unknown,
  length: number,
  parameter: string,
  functionName: string,
  what: string,
): T {
  if (!(value instanceof Type)) {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: `be a ${Type.name}` });
  }
  checkLength(value, length, parameter, functionName, what);
  return value;
}

/** A per-class vector (class weights, prior): Float32Array of `classes` finite values ≥ 0. */
export function checkClassVector(
  value: unknown,
  classes: number,
  parameter: string,
  functionName: string,
): Float32Array {
  const vector = checkFloat32(value, classes, parameter, functionName, 'classes');
  checkFinite(vector, parameter, functionName);
  const negative = vector.findIndex((entry) => entry < 0);
  if (negative >= 0) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: vector[negative],
      expected: 'hold values >= 0',
      got: `${vector[negative]} at index ${negative}`,
    });
  }
  return vector;
}

/** Int32Array of `rows` class indices in [0, classes) (or the ignore index). */
export function checkIndexLabels(
  value: unknown,
  rows: number,
  classes: number,
  functionName: string,
  ignoreIndex?: number,
): Int32Array {
  if (!(value instanceof Int32Array)) {
    throw new InvalidArgumentError({ functionName, parameter: 'options.labels', value, expected: 'be an Int32Array' });
  }
  checkLength(value, rows, 'options.labels', functionName, 'rows');
  checkLabels(value, classes, 'options.labels', functionName, ignoreIndex === undefined ? {} : { ignoreIndex });
  return value;
}

/** Throws an InvalidArgumentError for the first non-finite value of row `row` in `values` (a `[rows, classes]` array). */
export function rejectNonFiniteRow(
  values: Float32Array,
  row: number,
  classes: number,
  parameter: string,
  functionName: string,
): void {
  for (let column = 0; column < classes; column += 1) {
    const value = values[row * classes + column] as number;
    if (!Number.isFinite(value)) {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value,
        expected: 'contain only finite values',
        got: `${String(value)} at row ${row}, column ${column}`,
      });
    }
  }
}
