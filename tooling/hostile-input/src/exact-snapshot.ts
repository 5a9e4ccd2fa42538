import * as tf from '@tensorflow/tfjs-core';

function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * A JSON text that two values share exactly when they hold the same data bit for bit (numbers in shortest
 * round-trip form, −0 and NaN kept): tensors by dtype, shape and values, typed arrays and arrays element by element,
 * objects by their constructor and own enumerable fields, functions by name.
 */
export function exactSnapshot(value: unknown): string {
  return JSON.stringify(snapshotOf(value, 0));
}

function snapshotOf(value: unknown, depth: number): unknown {
  if (depth > 32) return '[too deep]';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return String(value);
  if (typeof value === 'function') return `[function ${value.name}]`;
  if (typeof value !== 'object' || value === null) return value ?? 'undefined';
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) return { tensor: 'disposed' };
    return {
      tensor: value.dtype,
      shape: value.shape,
      values: Array.from(value.dataSync(), (item) => snapshotOf(item, 0)),
    };
  }
  if (ArrayBuffer.isView(value)) {
    const items = Array.from(value as unknown as ArrayLike<number>, (item) => numberText(item));
    return { [value.constructor.name]: items };
  }
  if (Array.isArray(value)) return value.map((item) => snapshotOf(item, depth + 1));
  const fields = Object.keys(value)
    .sort()
    .map((key) => [key, snapshotOf((value as Record<string, unknown>)[key], depth + 1)]);
  return { [Object.getPrototypeOf(value)?.constructor?.name ?? 'null']: fields };
}

/** Every live tensor inside arrays and plain objects (not inside class instances such as models). */
export function tensorsIn(value: unknown, found: Set<tf.Tensor> = new Set(), depth = 0): Set<tf.Tensor> {
  if (depth > 8 || typeof value !== 'object' || value === null) return found;
  if (value instanceof tf.Tensor) {
    if (!value.isDisposed) found.add(value);
    return found;
  }
  if (Array.isArray(value)) {
    if (value.length <= 64) for (const item of value) tensorsIn(item, found, depth + 1);
    return found;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    for (const item of Object.values(value)) tensorsIn(item, found, depth + 1);
  }
  return found;
}
