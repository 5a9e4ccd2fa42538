import type * as tf from '@tensorflow/tfjs-core';

import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { readOptions } from '../options/read-options';
import { checkLiveTensor } from './check-live-tensor';
import { checkName, checkNames } from './check-names';
import { readSmallArray, SHAPE_ITEMS } from './read-small-array';

/** Reads `checkRank`'s bounds: each a non-negative integer (or undefined), `min` at most `max`. */
function readRankBounds(bounds: unknown): { min: number; max: number } {
  const record = readOptions(bounds, ['min', 'max'], 'checkRank', 'bounds');
  for (const key of ['min', 'max'] as const) {
    const value = record[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
      throw new InvalidArgumentError({
        functionName: 'checkRank',
        parameter: `bounds.${key}`,
        value,
        expected: 'be a non-negative integer',
      });
    }
  }
  const { min = 0, max = Number.POSITIVE_INFINITY } = record as { min?: number; max?: number };
  if (min > max) {
    throw new InvalidArgumentError({
      functionName: 'checkRank',
      parameter: 'bounds',
      value: bounds,
      expected: 'have min <= max',
    });
  }
  return { min, max };
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Throws a {@link ShapeMismatchError} unless `tensor.rank` lies in `[min, max]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { checkRank } from '@softlabels/core';
 *
 * const logits = tf.zeros([4, 10]);
 * checkRank(logits, 'logits', 'myLoss', { min: 2 }); // passes
 * logits.dispose();
 * ```
 */
export function checkRank(
  tensor: tf.Tensor,
  parameter: string,
  functionName: string,
  bounds: { min?: number; max?: number },
): void {
  checkNames(parameter, functionName, 'checkRank');
  const { min, max } = readRankBounds(bounds);
  checkLiveTensor(tensor, parameter, functionName);
  if (tensor.rank < min || tensor.rank > max) {
    const expected =
      min === max
        ? `have rank ${min}`
        : max === Number.POSITIVE_INFINITY
          ? `have rank >= ${min}`
          : `have rank between ${min} and ${max}`;
    throw new ShapeMismatchError({ functionName, parameter, actual: tensor.shape, expected });
  }
}

/**
 * Throws a {@link ShapeMismatchError} unless `actual` equals `expected` exactly.
 *
 * @example
 * ```ts
 * import { checkShape } from '@softlabels/core';
 *
 * checkShape([4, 10], [4, 10], 'targets', 'myLoss', 'logits'); // passes
 * ```
 */
export function checkShape(
  actual: readonly number[],
  expected: readonly number[],
  parameter: string,
  functionName: string,
  expectedName: string,
): void {
  checkNames(parameter, functionName, 'checkShape');
  checkName(expectedName, 'expectedName', 'checkShape');
  readSmallArray(expected, 'expected', 'checkShape', SHAPE_ITEMS);
  readSmallArray(actual, parameter, functionName, SHAPE_ITEMS);
  const same = actual.length === expected.length && actual.every((size, axis) => size === expected[axis]);
  if (!same) {
    throw new ShapeMismatchError({
      functionName,
      parameter,
      actual,
      expected: `have the shape of ${expectedName} ${formatShape(expected)}`,
    });
  }
}

/**
 * The number of classes: the size of the last axis (never `shape[1]`, which is wrong for rank > 2).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { classCount } from '@softlabels/core';
 *
 * const logits = tf.zeros([2, 3, 5]);
 * console.log(classCount(logits, 'logits', 'myLoss')); // 5
 * logits.dispose();
 * ```
 */
export function classCount(tensor: tf.Tensor, parameter: string, functionName: string): number {
  checkNames(parameter, functionName, 'classCount');
  checkLiveTensor(tensor, parameter, functionName);
  const classes = tensor.shape[tensor.rank - 1];
  if (classes === undefined || classes < 1) {
    throw new ShapeMismatchError({
      functionName,
      parameter,
      actual: tensor.shape,
      expected: 'have a class axis (last axis) of size >= 1',
    });
  }
  return classes;
}
