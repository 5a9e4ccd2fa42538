import * as tf from '@tensorflow/tfjs-core';
import { checkFinite, InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';

/** A row-major float64 matrix read from a tensor or nested array. */
export interface HostMatrix {
  rows: number;
  columns: number;
  values: Float64Array;
}

function isRow(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function notNumeric(parameter: string, functionName: string, value: unknown, expected: string): InvalidArgumentError {
  return new InvalidArgumentError({ functionName, parameter, value, expected });
}

/**
 * Reads a rank-2 tensor or an array of equal-length numeric rows into float64 (arrays keep their float64 values;
 * tensors give their float32 values), checking that every value is finite.
 * @internal
 */
export function readMatrix(input: unknown, parameter: string, functionName: string): HostMatrix {
  if (input instanceof tf.Tensor) {
    if (input.rank !== 2) {
      throw new ShapeMismatchError({ functionName, parameter, actual: input.shape, expected: 'have rank 2' });
    }
    const values = Float64Array.from(input.dataSync() as ArrayLike<number>);
    checkFinite(values, parameter, functionName);
    return { rows: input.shape[0] as number, columns: input.shape[1] as number, values };
  }
  if (!Array.isArray(input) || !input.every(isRow)) {
    throw notNumeric(parameter, functionName, input, 'be a rank-2 tensor or an array of numeric rows');
  }
  const rows = input.length;
  const columns = rows === 0 ? 0 : (input[0] as ArrayLike<unknown>).length;
  const values = new Float64Array(rows * columns);
  input.forEach((row: ArrayLike<unknown>, index) => {
    if (row.length !== columns) {
      throw new ShapeMismatchError({
        functionName,
        parameter,
        actual: [rows, row.length],
        expected: `have rows of equal length (row 0 has ${columns}, row ${index} has ${row.length})`,
      });
    }
    for (let column = 0; column < columns; column += 1) {
      const value = row[column];
      if (typeof value !== 'number') {
        throw notNumeric(parameter, functionName, value, `hold numbers (row ${index}, column ${column})`);
      }
      values[index * columns + column] = value;
    }
  });
  checkFinite(values, parameter, functionName);
  return { rows, columns, values };
}

/**
 * Reads a rank-1 tensor or a numeric array into float64, checking that every value is finite.
 * @internal
 */
export function readVector(input: unknown, parameter: string, functionName: string): Float64Array {
  if (input instanceof tf.Tensor) {
    if (input.rank !== 1) {
      throw new ShapeMismatchError({ functionName, parameter, actual: input.shape, expected: 'have rank 1' });
    }
    const values = Float64Array.from(input.dataSync() as ArrayLike<number>);
    checkFinite(values, parameter, functionName);
    return values;
  }
  if (!isRow(input) || !Array.from(input).every((value) => typeof value === 'number')) {
    throw notNumeric(parameter, functionName, input, 'be a rank-1 tensor or an array of numbers');
  }
  const values = Float64Array.from(input as ArrayLike<number>);
  checkFinite(values, parameter, functionName);
  return values;
}
