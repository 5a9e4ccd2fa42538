import * as tf from '@tensorflow/tfjs-core';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { checkNames } from '../validation/check-names';
import { checkLiveTensor } from '../validation/check-live-tensor';
import { checkFinite } from '../validation/check-values';

/** A row-major float64 copy of a `[rows, columns]` input. */
export interface HostMatrix {
  rows: number;
  columns: number;
  values: Float64Array;
}

/** A `[rows, columns]` matrix: a rank-2 tensor or an array of equally long numeric rows (arrays or typed arrays). */
export type MatrixInput = tf.Tensor | readonly (readonly number[] | ArrayLike<number>)[];

function isRow(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function describe(value: unknown): string {
  return typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : typeof value;
}

function liveNumericTensor(input: tf.Tensor, rank: number, parameter: string, functionName: string): void {
  checkLiveTensor(input, parameter, functionName);
  if (input.rank !== rank) {
    throw new ShapeMismatchError({ functionName, parameter, actual: input.shape, expected: `have rank ${rank}` });
  }
  if (input.dtype !== 'float32' && input.dtype !== 'int32') {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: 'be a numeric tensor',
      got: `a ${input.dtype} tensor`,
    });
  }
}

function readTensorMatrix(input: tf.Tensor, parameter: string, functionName: string): HostMatrix {
  liveNumericTensor(input, 2, parameter, functionName);
  const values = Float64Array.from(input.dataSync() as ArrayLike<number>);
  checkFinite(values, parameter, functionName);
  return { rows: input.shape[0] as number, columns: input.shape[1] as number, values };
}

/**
 * Copies a rank-2 tensor or an array of numeric rows into float64 host memory (arrays keep their float64 values,
 * tensors give their float32 ones), rejecting ragged rows, non-numbers and NaN or ±∞ with errors that name the
 * argument and the function.
 *
 * @example
 * ```ts
 * import { readHostMatrix } from '@softlabels/core';
 *
 * const matrix = readHostMatrix([[1, 2, 3], [4, 5, 6]], 'points', 'myChart');
 * console.log(matrix.rows, matrix.columns, matrix.values[5]); // 2 3 6
 * ```
 */
export function readHostMatrix(input: unknown, parameter: string, functionName: string): HostMatrix {
  checkNames(parameter, functionName, 'readHostMatrix');
  if (input instanceof tf.Tensor) return readTensorMatrix(input, parameter, functionName);
  const badRow = Array.isArray(input) ? Array.prototype.findIndex.call(input, (row) => !isRow(row)) : -1;
  if (!Array.isArray(input) || badRow >= 0) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: 'be a rank-2 tensor or an array of numeric rows',
      got: badRow >= 0 ? `${describe((input as unknown[])[badRow])} at row ${badRow}` : describe(input),
    });
  }
  const rows = input.length;
  const columns = rows === 0 ? 0 : (input[0] as ArrayLike<unknown>).length;
  const values = new Float64Array(rows * columns);
  (input as ArrayLike<unknown>[]).forEach((row, index) => {
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
        throw new InvalidArgumentError({
          functionName,
          parameter,
          value,
          expected: 'hold only numbers',
          got: `a ${typeof value} at [${index}, ${column}]`,
        });
      }
      values[index * columns + column] = value;
    }
  });
  checkFinite(values, parameter, functionName);
  return { rows, columns, values };
}

/**
 * Copies a rank-1 tensor, a number array or a typed array into float64, checking that every value is a finite
 * number; errors name the argument and the function.
 *
 * @example
 * ```ts
 * import { readHostVector } from '@softlabels/core';
 *
 * console.log(readHostVector([0.5, 2], 'weights', 'myChart')); // Float64Array(2) [ 0.5, 2 ]
 * ```
 */
export function readHostVector(input: unknown, parameter: string, functionName: string): Float64Array {
  checkNames(parameter, functionName, 'readHostVector');
  if (input instanceof tf.Tensor) {
    liveNumericTensor(input, 1, parameter, functionName);
    const values = Float64Array.from(input.dataSync() as ArrayLike<number>);
    checkFinite(values, parameter, functionName);
    return values;
  }
  if (!isRow(input)) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: 'be a rank-1 tensor or an array of numbers',
      got: describe(input),
    });
  }
  const index = Array.prototype.findIndex.call(input, (value: unknown) => typeof value !== 'number');
  if (index >= 0) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input[index],
      expected: 'hold only numbers',
      got: `a ${typeof input[index]} at index ${index}`,
    });
  }
  const values = Float64Array.from(input as ArrayLike<number>);
  checkFinite(values, parameter, functionName);
  return values;
}
