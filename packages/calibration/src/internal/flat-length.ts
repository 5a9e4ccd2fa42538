import * as tf from '@tensorflow/tfjs-core';
import { isRuntimeTensor } from './read-runtime-tensor';

/**
 * The length of scores that come flat (a rank-1 tensor or runtime tensor, a typed array, an array of numbers), or
 * undefined for anything else; read before the scores themselves, to tell their reader how many rows they hold.
 */
export function flatLength(value: unknown): number | undefined {
  if (value instanceof tf.Tensor) return value.rank === 1 ? value.size : undefined;
  if (isRuntimeTensor(value)) return value.dims.length === 1 ? (value.dims[0] as number) : undefined;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return (value as unknown as ArrayLike<number>).length;
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'number') return value.length;
  return undefined;
}
