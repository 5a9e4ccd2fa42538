import { ownMemoryArena } from './kernel-arena';
import type { Kernels } from './kernel-instance';

type Values = Float32Array | Float64Array;

/** Copies `values` into kernel memory, runs `kernel(input, output, count)` there and returns the output's copy. */
function elementwise<T extends Values>(
  values: T,
  kernel: (kernels: Kernels, input: number, output: number, count: number) => void,
): T {
  const arena = ownMemoryArena();
  try {
    const input = arena.allocate(values.byteLength);
    const output = arena.allocate(values.byteLength);
    const Type = values.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => T;
    const memory = arena.kernels.memory;
    new Type(memory.buffer, input, values.length).set(values);
    kernel(arena.kernels, input, output, values.length);
    return new Type(memory.buffer, output, values.length).slice() as T;
  } finally {
    arena.release();
  }
}

/**
 * exp of each value with the kernels' SIMD polynomial (for testing its accuracy): the general one, or with
 * `negative` the one the row kernels use on values minus their row's maximum (≤ 0; whole vectors only).
 */
export function fastExp(values: Float32Array, variant: 'general' | 'negative' = 'general'): Float32Array {
  return elementwise(values, (kernels, input, output, count) =>
    variant === 'general' ? kernels.expArray(input, output, count) : kernels.expNegativeArray(input, output, count),
  );
}

/** log of each value with the kernels' table-free float64 log (for testing its accuracy). */
export function kernelLog(values: Float64Array): Float64Array {
  return elementwise(values, (kernels, input, output, count) => kernels.lnArray(input, output, count));
}
