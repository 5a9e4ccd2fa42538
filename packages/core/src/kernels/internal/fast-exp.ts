import { ownMemoryArena } from './kernel-arena';

/**
 * exp of each value with the kernels' SIMD polynomial (for testing its accuracy): the general one, or with
 * `negative` the one the row kernels use on values minus their row's maximum (≤ 0; whole vectors only).
 */
export function fastExp(values: Float32Array, variant: 'general' | 'negative' = 'general'): Float32Array {
  const arena = ownMemoryArena();
  try {
    const input = arena.allocate(values.byteLength);
    const output = arena.allocate(values.byteLength);
    const memory = arena.kernels.memory;
    new Float32Array(memory.buffer, input, values.length).set(values);
    if (variant === 'general') arena.kernels.expArray(input, output, values.length);
    else arena.kernels.expNegativeArray(input, output, values.length);
    return new Float32Array(memory.buffer, output, values.length).slice();
  } finally {
    arena.release();
  }
}

/** log of each value with the kernels' table-free float64 log (for testing its accuracy). */
export function kernelLog(values: Float64Array): Float64Array {
  const arena = ownMemoryArena();
  try {
    const input = arena.allocate(values.byteLength);
    const output = arena.allocate(values.byteLength);
    const memory = arena.kernels.memory;
    new Float64Array(memory.buffer, input, values.length).set(values);
    arena.kernels.lnArray(input, output, values.length);
    return new Float64Array(memory.buffer, output, values.length).slice();
  } finally {
    arena.release();
  }
}
