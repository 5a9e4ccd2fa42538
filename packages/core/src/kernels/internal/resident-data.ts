import { KernelError } from '../../errors/kernel-error';
import type { ReservedArena } from './kernel-arena';
import type { RowKernelName } from './kernel-instance';

/** What names a failed pin in its KernelError. */
export interface PinContext {
  functionName: string;
  kernel: RowKernelName;
  shape: number[];
}

/**
 * Pins `arrays` one after another in `arena` and copies them in, returning their addresses; a number pins that many
 * bytes of working memory (contents undefined). When the memory cannot grow, unpins what this call pinned and throws
 * a KernelError, so that a failed creation leaves the arena as it was.
 */
export function pinArrays(
  arena: ReservedArena,
  arrays: readonly (Float32Array | Float64Array | Int32Array | number)[],
  context: PinContext,
): number[] {
  const pointers: number[] = [];
  for (const array of arrays) {
    try {
      pointers.push(arena.pin(typeof array === 'number' ? array : array.byteLength));
    } catch (error) {
      for (const pointer of pointers) arena.unpin(pointer);
      arena.release();
      throw new KernelError({ ...context, cause: error });
    }
  }
  const buffer = arena.kernels.memory.buffer;
  arrays.forEach((array, index) => {
    if (typeof array === 'number') return;
    type Row = Float32Array | Float64Array | Int32Array;
    const Type = array.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => Row;
    (new Type(buffer, pointers[index] as number, array.length) as Float64Array).set(array);
  });
  return pointers;
}

/** Unpins the data of a collected objective from the shared memory. */
const residentData = new FinalizationRegistry<{ arena: ReservedArena; pointers: number[] }>(({ arena, pointers }) => {
  for (const pointer of pointers) arena.unpin(pointer);
});

/** Unpins `pointers` from `arena` once `owner` is garbage-collected. */
export function unpinWhenCollected(owner: object, arena: ReservedArena, pointers: number[]): void {
  residentData.register(owner, { arena, pointers });
}
