import * as tf from '@tensorflow/tfjs-core';

import { type Kernels, instantiateKernels, ownKernels } from './kernel-instance';

/**
 * Where the arrays of one kernel call live: a kernel instance bound to one memory, the arrays already in that memory
 * (used in place, without a copy), and scratch space for the rest, valid until `release`.
 */
export interface KernelArena {
  readonly kernels: Kernels;
  /**
   * Whether the memory belongs to someone else (tfjs's heap): tensors in it end exactly where their data ends, and the
   * memory may grow under the caller's views of it.
   */
  readonly foreign: boolean;
  /** The byte address of `array` when it is a view of this arena's memory, else undefined (it must be copied in). */
  addressOf(array: ArrayBufferView): number | undefined;
  /** `bytes` bytes of scratch, 16-aligned and followed by 16 readable bytes (kernels read a row's last vector whole). */
  allocate(bytes: number): number;
  /** Frees the scratch of this call. */
  release(): void;
}

function padded(bytes: number): number {
  return Math.ceil(bytes / 16) * 16 + 16;
}

/**
 * Memory the instance owns alone (its `reserve` grows it): data pinned for as long as its owner lives (a temperature
 * fit's logits) at the bottom, in the order pinned, and each call's scratch above the last live pin.
 */
export class ReservedArena implements KernelArena {
  readonly foreign = false;
  private used = 0;
  private readonly pins: Array<{ start: number; end: number; live: boolean }> = [];

  constructor(readonly kernels: Kernels) {}

  addressOf(array: ArrayBufferView): number | undefined {
    return array.buffer === this.kernels.memory.buffer ? array.byteOffset : undefined;
  }

  allocate(bytes: number): number {
    const start = this.used;
    this.used += padded(bytes);
    const base = this.kernels.reserve(this.used);
    if (base === 0) throw new RangeError(`softlabels kernels: could not grow WebAssembly memory to ${this.used} bytes`);
    return base + start;
  }

  /** Keeps `bytes` bytes until {@link unpin} (call between kernel calls, with no scratch in use). */
  pin(bytes: number): number {
    const pointer = this.allocate(bytes);
    this.pins.push({ start: pointer, end: this.used, live: true });
    return pointer;
  }

  /** Gives back what `pin` returned `pointer` for; the space is reused once no live pin lies above it. */
  unpin(pointer: number): void {
    const pin = this.pins.find((entry) => entry.start === pointer);
    if (pin !== undefined) pin.live = false;
    while (this.pins.length > 0 && !(this.pins[this.pins.length - 1] as { live: boolean }).live) this.pins.pop();
    this.release();
  }

  release(): void {
    this.used = this.pins.length === 0 ? 0 : (this.pins[this.pins.length - 1] as { end: number }).end;
  }
}

interface EmscriptenModule {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  asm?: { memory?: WebAssembly.Memory };
  wasmMemory?: WebAssembly.Memory;
}

/** Scratch from tfjs-backend-wasm's own allocator, so that the kernels run on tensors in place. */
class HeapArena implements KernelArena {
  readonly foreign = true;
  private readonly pointers: number[] = [];

  constructor(
    readonly kernels: Kernels,
    private readonly module: EmscriptenModule,
  ) {}

  addressOf(array: ArrayBufferView): number | undefined {
    return array.buffer === this.kernels.memory.buffer ? array.byteOffset : undefined;
  }

  allocate(bytes: number): number {
    const pointer = this.module._malloc(padded(bytes) + 16);
    if (pointer === 0) throw new RangeError(`softlabels kernels: tfjs's WASM heap could not allocate ${bytes} bytes`);
    this.pointers.push(pointer);
    return Math.ceil(pointer / 16) * 16;
  }

  release(): void {
    for (const pointer of this.pointers.splice(0)) this.module._free(pointer);
  }
}

const heapArenas = new WeakMap<WebAssembly.Memory, HeapArena>();

/** The arena over tfjs-backend-wasm's heap when that backend is initialised (never initialises it), else undefined. */
function heapArena(): HeapArena | undefined {
  const registry = (tf.engine() as unknown as { registry?: Record<string, unknown> }).registry;
  const module = (registry?.wasm as { wasm?: EmscriptenModule } | undefined)?.wasm;
  const memory = module?.asm?.memory ?? module?.wasmMemory;
  if (module === undefined || !(memory instanceof WebAssembly.Memory) || typeof module._malloc !== 'function')
    return undefined;
  let arena = heapArenas.get(memory);
  if (arena === undefined) {
    const kernels = instantiateKernels(memory);
    // The exp table lives for as long as the heap does (192 bytes, allocated once).
    kernels.bindTable(Math.ceil(module._malloc(256 + 16) / 16) * 16);
    arena = new HeapArena(kernels, module);
    heapArenas.set(memory, arena);
  }
  return arena;
}

let ownArena: ReservedArena | undefined;

/**
 * The arena for a call whose largest input is `array`: tfjs-backend-wasm's heap when `array` is a view of it (the call
 * then runs in place, with scratch from tfjs's allocator), else the shared own-memory instance (inputs copied in).
 */
export function arenaFor(array: ArrayBufferView): KernelArena {
  return heapArenaOf(array) ?? ownMemoryArena();
}

/** The arena over tfjs-backend-wasm's heap when `array` is a (live) view of that heap, else undefined. */
function heapArenaOf(array: ArrayBufferView): HeapArena | undefined {
  const shared = typeof SharedArrayBuffer !== 'undefined' && array.buffer instanceof SharedArrayBuffer;
  if (!(array.buffer instanceof ArrayBuffer || shared) || array.buffer.byteLength === 0) return undefined;
  const heap = heapArena();
  return heap?.addressOf(array) === undefined ? undefined : heap;
}

/** The arena of the own-memory instance shared by one-shot calls. */
export function ownMemoryArena(): ReservedArena {
  ownArena ??= new ReservedArena(ownKernels());
  return ownArena;
}

type View = Float32Array | Float64Array | Int32Array;

/**
 * A way back to `array` after a kernel call: a view of tfjs's heap is detached when the heap grows (a detached view
 * reports length 0 and offset 0), so the returned function re-makes it on the heap's current buffer from the offset and
 * length taken now. Other arrays are returned as they are.
 */
export function rememberView<T extends View>(array: T): () => T {
  const { byteOffset, length } = array;
  const memory = heapArenaOf(array)?.kernels.memory;
  if (memory === undefined) return () => array;
  const Type = array.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => T;
  return () => (array.length === length ? array : new Type(memory.buffer, byteOffset, length));
}
