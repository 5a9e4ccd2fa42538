import type { KernelExports } from './kernel-instance';

/** A run of elements reserved in kernel memory: its byte address, filled in by {@link KernelLayout.commit}. */
export interface KernelSlot {
  readonly kind: 'f32' | 'i32' | 'f64';
  readonly length: number;
  readonly relative: number;
  pointer: number;
}

const BYTES = { f32: 4, i32: 4, f64: 8 } as const;

/**
 * Lays arrays out in kernel memory: declare every slot first, then `commit` grows memory once and fixes the addresses
 * (growing detaches earlier views, so views are made only after it).
 */
export class KernelLayout {
  private bytes = 0;
  private readonly slots: KernelSlot[] = [];

  slot(kind: KernelSlot['kind'], length: number): KernelSlot {
    const slot: KernelSlot = { kind, length, relative: this.bytes, pointer: 0 };
    // Rounded up to 16 bytes, plus 16 bytes of padding: kernels read and write a row's last vector whole.
    this.bytes += Math.ceil((length * BYTES[kind]) / 16) * 16 + 16;
    this.slots.push(slot);
    return slot;
  }

  commit(kernels: KernelExports): void {
    const base = kernels.reserve(this.bytes);
    if (base === 0) {
      throw new RangeError(`softlabels kernels: could not grow WebAssembly memory to ${this.bytes} bytes`);
    }
    for (const slot of this.slots) slot.pointer = base + slot.relative;
  }
}

export function f32View(kernels: KernelExports, slot: KernelSlot): Float32Array {
  return new Float32Array(kernels.memory.buffer, slot.pointer, slot.length);
}

export function i32View(kernels: KernelExports, slot: KernelSlot): Int32Array {
  return new Int32Array(kernels.memory.buffer, slot.pointer, slot.length);
}

export function f64View(kernels: KernelExports, slot: KernelSlot): Float64Array {
  return new Float64Array(kernels.memory.buffer, slot.pointer, slot.length);
}
