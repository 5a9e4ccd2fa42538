import * as tf from '@tensorflow/tfjs-core';
import { checkFinite, checkRank, InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';

/** A row-major float64 copy of a rank-2 input. */
export interface HostMatrix {
  rows: number;
  columns: number;
  data: Float64Array;
}

/** A `[rows, columns]` matrix: a rank-2 tensor or an array of equally long number rows. */
export type MatrixInput = tf.Tensor | readonly (readonly number[] | ArrayLike<number>)[];

/**
 * Copies a rank-2 tensor or an array of number rows into float64 host memory, rejecting ragged rows and non-finite
 * values with errors that name the argument and the function. Arrays are read as they are (no float32 round trip).
 */
export function readMatrix(input: unknown, parameter: string, functionName: string): HostMatrix {
  if (input instanceof tf.Tensor) {
    if (input.isDisposed) {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value: input,
        expected: 'be a live tensor',
        got: 'a disposed tensor',
      });
    }
    checkRank(input, parameter, functionName, { min: 2, max: 2 });
    if (input.dtype !== 'float32' && input.dtype !== 'int32') {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value: input,
        expected: 'be a numeric tensor',
        got: `a ${input.dtype} tensor`,
      });
    }
    const data = Float64Array.from(input.dataSync() as ArrayLike<number>);
    checkFinite(data, parameter, functionName);
    return { rows: input.shape[0] as number, columns: input.shape[1] as number, data };
  }
  if (!Array.isArray(input)) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: 'be a rank-2 tensor or an array of number rows',
      got: typeof input === 'object' && input !== null ? Object.prototype.toString.call(input) : typeof input,
    });
  }
  const rows = input.length;
  const first: unknown = input[0];
  const columns = Array.isArray(first) || ArrayBuffer.isView(first) ? (first as ArrayLike<number>).length : -1;
  const data = new Float64Array(rows * Math.max(columns, 0));
  input.forEach((row: unknown, rowIndex) => {
    const isRow = Array.isArray(row) || ArrayBuffer.isView(row);
    if (!isRow || (row as ArrayLike<unknown>).length !== columns) {
      throw new ShapeMismatchError({
        functionName,
        parameter,
        actual: [rows, isRow ? (row as ArrayLike<unknown>).length : 0],
        expected: `be rectangular: row ${rowIndex} must hold ${Math.max(columns, 0)} numbers like row 0`,
      });
    }
    for (let column = 0; column < columns; column += 1) {
      const value = (row as ArrayLike<unknown>)[column];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidArgumentError({
          functionName,
          parameter,
          value,
          expected: 'contain only finite numbers',
          got: `${typeof value === 'number' ? String(value) : typeof value} at [${rowIndex}, ${column}]`,
        });
      }
      data[rowIndex * columns + column] = value;
    }
  });
  return { rows, columns: Math.max(columns, 0), data };
}
