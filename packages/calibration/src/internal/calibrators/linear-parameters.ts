/**
 * The parameters of vector scaling (a, b) and of matrix scaling and Dirichlet calibration (W, b): to and from the
 * optimiser's θ, to JSON, and read back from JSON with every entry checked (errors name `json.parameters.<path>`).
 */
import { checkNumber, InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import type { JsonValue } from './method-definition';

/** softmax(a ⊙ x + b). */
export interface VectorScalingParameters {
  a: Float64Array;
  b: Float64Array;
}

/** softmax(W x + b), W row-major (`weights[i·K + j]` = W_ij). */
export interface MatrixParameters {
  weights: Float64Array;
  bias: Float64Array;
}

/** θ of the vector map, `[a, b]`. */
export function vectorTheta({ a, b }: VectorScalingParameters): Float64Array {
  const theta = new Float64Array(a.length + b.length);
  theta.set(a);
  theta.set(b, a.length);
  return theta;
}

/** The vector map's parameters of θ (copies). */
export function vectorParameters(theta: Float64Array, classes: number): VectorScalingParameters {
  return { a: theta.slice(0, classes), b: theta.slice(classes, 2 * classes) };
}

/** θ of the matrix map, `[W row by row, b]`. */
export function matrixTheta({ weights, bias }: MatrixParameters): Float64Array {
  const theta = new Float64Array(weights.length + bias.length);
  theta.set(weights);
  theta.set(bias, weights.length);
  return theta;
}

/** The matrix map's parameters of θ (copies). */
export function matrixParameters(theta: Float64Array, classes: number): MatrixParameters {
  const size = classes * classes;
  return { weights: theta.slice(0, size), bias: theta.slice(size, size + classes) };
}

/** `{ weights: number[][] (W_ij at [i][j]), bias: number[] }`. */
export function matrixJson({ weights, bias }: MatrixParameters): JsonValue {
  const classes = bias.length;
  return {
    weights: Array.from({ length: classes }, (_, i) => Array.from(weights.subarray(i * classes, (i + 1) * classes))),
    bias: Array.from(bias),
  };
}

/** `json.parameters` as a record of exactly `keys`. */
function readRecord(value: unknown, keys: readonly string[], functionName: string): Record<string, unknown> {
  const parameter = 'json.parameters';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value,
      expected: `be an object with ${keys.join(' and ')}`,
    });
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!keys.includes(key)) {
      throw new InvalidArgumentError({
        functionName,
        parameter: `${parameter}.${key}`,
        value: record[key],
        expected: `not be set: the parameters are ${keys.join(' and ')}`,
      });
    }
  }
  return record;
}

/** A list of `length` finite numbers at `parameter`. */
function readNumbers(value: unknown, length: number, parameter: string, functionName: string): Float64Array {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value,
      expected: `be an array of ${length} finite numbers`,
    });
  }
  if (value.length !== length) {
    throw new ShapeMismatchError({
      functionName,
      parameter,
      actual: [value.length],
      expected: `hold ${length} numbers (one per class)`,
    });
  }
  return Float64Array.from(value, (item: unknown, index) => checkNumber(item, `${parameter}[${index}]`, functionName));
}

/** Reads `{ a, b }` of `classes` numbers each. */
export function readVectorParameters(value: unknown, classes: number, functionName: string): VectorScalingParameters {
  const record = readRecord(value, ['a', 'b'], functionName);
  return {
    a: readNumbers(record.a, classes, 'json.parameters.a', functionName),
    b: readNumbers(record.b, classes, 'json.parameters.b', functionName),
  };
}

/** Reads `{ weights, bias }`: a `classes × classes` nested list and `classes` numbers. */
export function readMatrixParameters(value: unknown, classes: number, functionName: string): MatrixParameters {
  const record = readRecord(value, ['weights', 'bias'], functionName);
  const parameter = 'json.parameters.weights';
  if (!Array.isArray(record.weights)) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: record.weights,
      expected: `be a ${classes} × ${classes} array of finite numbers`,
    });
  }
  if (record.weights.length !== classes) {
    throw new ShapeMismatchError({
      functionName,
      parameter,
      actual: [record.weights.length],
      expected: `hold ${classes} rows (one per class)`,
    });
  }
  const weights = new Float64Array(classes * classes);
  (record.weights as unknown[]).forEach((row, i) => {
    weights.set(readNumbers(row, classes, `${parameter}[${i}]`, functionName), i * classes);
  });
  return { weights, bias: readNumbers(record.bias, classes, 'json.parameters.bias', functionName) };
}
