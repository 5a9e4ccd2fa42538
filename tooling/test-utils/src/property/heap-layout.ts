import * as tf from '@tensorflow/tfjs-core';

/** Elements of one guard tensor: 64 bytes, more than a vector store can pass an end by. */
const GUARD_LENGTH = 16;

function guardPattern(id: number): Int32Array {
  return Int32Array.from(
    { length: GUARD_LENGTH },
    (_, index) => (0x5a000000 | ((id & 0xfff) << 12) | index) ^ 0x00a5a5a5,
  );
}

/** An array carved out of one tensor between two guard regions of the same tensor (see {@link HeapLayout.slab}). */
export interface Slab {
  /** The tensor that holds the guards and the array. */
  tensor: tf.Tensor;
  /** Where the array starts in the tensor, in elements. */
  offset: number;
  /** The array's length. */
  length: number;
}

/**
 * The array of `slab` as a view of its tensor's memory, from `view` (e.g. `viewTensorData`): on `wasm` a view of
 * tfjs's heap that ends exactly where the guard after it begins.
 */
export function slabView<T extends Float32Array | Int32Array>(
  slab: Slab,
  view: (tensor: tf.Tensor) => Float32Array | Int32Array,
): T {
  return view(slab.tensor).subarray(slab.offset, slab.offset + slab.length) as T;
}

/** A copy of the array of `slab`, read through tfjs. */
export function slabValues(slab: Slab): Float32Array | Int32Array {
  return (slab.tensor.dataSync() as Float32Array | Int32Array).slice(slab.offset, slab.offset + slab.length);
}

/**
 * Places a case's tensors in tfjs's memory between guards: int32 tensors of a known pattern allocated right before
 * and right after each tensor, so that a kernel that writes past a tensor's end (or before its start) changes a guard.
 * A random-size filler first moves everything to another heap offset. `hole(n)` keeps room for an output an op will
 * allocate: a placeholder of that size followed by a guard, disposed by `openHoles()` just before the op, so that the
 * allocator tends to put the op's output there, right in front of the guard. `slab(values, shift)` goes further for
 * kernels that take typed arrays: one tensor holds a guard region, the values and another guard region, so that a view
 * of the values ends exactly where a guard begins (allocator padding cannot hide a short overrun) and starts at any
 * element offset. On `cpu` tensors are separate arrays and the guards can only stay intact; the same code runs there.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { HeapLayout } from '@softlabels/test-utils';
 *
 * const layout = new HeapLayout(37);
 * const x = layout.tensor(() => tf.tensor1d([1, 2, 3]));
 * layout.hole(3);
 * layout.openHoles();
 * const y = tf.neg(x);
 * layout.guardAfterOutput();
 * layout.check('neg');
 * tf.dispose(y);
 * layout.dispose();
 * ```
 */
export class HeapLayout {
  private readonly guards: Array<{ tensor: tf.Tensor; pattern: Int32Array; label: string; at?: number }> = [];
  private readonly owned: tf.Tensor[] = [];
  private readonly holes: tf.Tensor[] = [];
  private lastWasGuard = false;

  /** @param filler float32 elements allocated first (and kept until `dispose`) to shift the heap offset. */
  constructor(filler: number) {
    if (filler > 0) this.owned.push(tf.fill([filler], 0.5));
  }

  private guard(label: string): void {
    const pattern = guardPattern(this.guards.length + 1);
    this.guards.push({ tensor: tf.tensor1d(pattern, 'int32'), pattern, label });
    this.lastWasGuard = true;
  }

  /** Creates a tensor with `create` between two guards; the layout disposes it. */
  tensor<T extends tf.Tensor>(create: () => T, label = 'tensor'): T {
    if (!this.lastWasGuard) this.guard(`before ${label}`);
    const tensor = create();
    this.owned.push(tensor);
    this.guard(`after ${label}`);
    return tensor;
  }

  /**
   * One tensor of `values`' type holding `GUARD_LENGTH + shift` guard elements, `values`, and `GUARD_LENGTH` guard
   * elements; take the view of the values with {@link slabView} once every tensor of the case exists.
   */
  slab(values: Float32Array | Int32Array, shift: number, label = 'array'): Slab {
    const before = guardPattern(this.guards.length + 1);
    const lead = Int32Array.from({ length: shift }, (_, index) => before[index % GUARD_LENGTH] as number);
    const after = guardPattern(this.guards.length + 2);
    const bits = new Int32Array(GUARD_LENGTH + shift + values.length + GUARD_LENGTH);
    bits.set(before, 0);
    bits.set(lead, GUARD_LENGTH);
    const offset = GUARD_LENGTH + shift;
    const float = values instanceof Float32Array;
    if (float) new Float32Array(bits.buffer).set(values, offset);
    else bits.set(values, offset);
    bits.set(after, offset + values.length);
    const tensor = float ? tf.tensor1d(new Float32Array(bits.buffer), 'float32') : tf.tensor1d(bits, 'int32');
    this.owned.push(tensor);
    const leading = new Int32Array(GUARD_LENGTH + shift);
    leading.set(before);
    leading.set(lead, GUARD_LENGTH);
    this.guards.push({ tensor, pattern: leading, label: `before ${label}`, at: 0 });
    this.guards.push({ tensor, pattern: after, label: `after ${label}`, at: offset + values.length });
    this.lastWasGuard = false;
    return { tensor, offset, length: values.length };
  }

  /**
   * On `wasm`, fills tfjs's heap with filler tensors until only about `room` bytes (up to 64 KiB more) are left before
   * it must grow, so that an op needing more memory than that grows the heap mid-call, which detaches every view of
   * it. Each call grows the heap once itself: it does nothing once the heap exceeds 512 MiB, and nothing on `cpu`.
   */
  squeeze(room: number): void {
    const heapBytes = (): number | undefined =>
      tf.getBackend() === 'wasm'
        ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength
        : undefined;
    const start = heapBytes();
    if (start === undefined || start > 512 * 2 ** 20) return;
    const chunk = 1 << 14;
    let size = start;
    // Chunks until the heap grows: right after, the free space above them is the growth less at most one chunk.
    for (;;) {
      this.owned.push(tf.zeros([chunk]));
      const now = heapBytes() as number;
      if (now !== size) {
        const filler = Math.floor((now - size - 4 * chunk - room) / 4);
        if (filler > 0) this.owned.push(tf.zeros([filler]));
        return;
      }
      size = now;
    }
  }

  /** Keeps room for an output of `elements` float32 (or int32) values, followed by a guard. */
  hole(elements: number, label = 'output'): void {
    if (!this.lastWasGuard) this.guard(`before ${label}`);
    this.holes.push(tf.zeros([Math.max(1, elements)]));
    this.guard(`after ${label}`);
  }

  /** Frees the holes, so that the next allocations of their sizes can take them. */
  openHoles(): void {
    tf.dispose(this.holes.splice(0));
    this.lastWasGuard = false;
  }

  /** A guard right after whatever was allocated last (an op's output). */
  guardAfterOutput(label = 'output'): void {
    this.guard(`after ${label}`);
  }

  /** Throws unless every guard still holds its pattern, bit for bit. */
  check(context: string): void {
    for (const { tensor, pattern, label, at = 0 } of this.guards) {
      const data = tensor.dataSync() as Float32Array | Int32Array;
      const values = new Int32Array(data.buffer, data.byteOffset, data.length);
      for (let index = 0; index < pattern.length; index += 1) {
        if (values[at + index] !== pattern[index]) {
          throw new Error(
            `${context}: the guard ${label} changed at element ${index}: ` +
              `0x${((values[at + index] as number) >>> 0).toString(16)} instead of 0x${((pattern[index] as number) >>> 0).toString(16)}`,
          );
        }
      }
    }
  }

  /** Disposes the guards, the filler, the holes and every tensor handed to {@link HeapLayout.tensor}. */
  dispose(): void {
    tf.dispose([...this.guards.map((entry) => entry.tensor), ...this.owned, ...this.holes]);
    this.guards.length = 0;
    this.owned.length = 0;
    this.holes.length = 0;
  }
}

/**
 * Where a property case puts a typed-array argument of a kernel: a view of a whole tensor (`tensors`: tfjs's heap on
 * wasm), a view carved out of a tensor between guards (`slabs`, see {@link HeapLayout.slab}), or a host array at an
 * offset into a larger buffer (`host`).
 */
export type Placement = 'tensors' | 'slabs' | 'host';

/** An argument placed by {@link placeArray}: `view()` gives the array to pass, `read()` its current values. */
export interface PlacedArray<T extends Float32Array | Int32Array> {
  view(): T;
  read(): ArrayLike<number>;
}

/**
 * Puts `values` where `placement` says, allocating through `layout`; `view` turns a tensor into a view of its memory
 * (`viewTensorData` of `@softlabels/core`). Take the views only once every tensor of the case exists: an allocation
 * may move the heap.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { HeapLayout, placeArray } from '@softlabels/test-utils';
 *
 * const layout = new HeapLayout(0);
 * const placed = placeArray('slabs', layout, new Float32Array([1, 2]), 'x', 1, (t) => t.dataSync() as Float32Array);
 * console.log(Array.from(placed.read())); // [1, 2]
 * layout.dispose();
 * ```
 */
export function placeArray<T extends Float32Array | Int32Array>(
  placement: Placement,
  layout: HeapLayout,
  values: T,
  label: string,
  shift: number,
  view: (tensor: tf.Tensor) => Float32Array | Int32Array,
): PlacedArray<T> {
  if (placement === 'tensors') {
    const tensor = layout.tensor(() => tf.tensor1d(values, values instanceof Int32Array ? 'int32' : 'float32'), label);
    return { view: () => view(tensor) as T, read: () => tensor.dataSync() as T };
  }
  if (placement === 'slabs') {
    const slab = layout.slab(values, shift, label);
    return { view: () => slabView(slab, view) as T, read: () => slabValues(slab) };
  }
  const Type = values.constructor as new (length: number) => T;
  const buffer = new Type(shift + values.length + 5);
  buffer.set(values, shift);
  const host = buffer.subarray(shift, shift + values.length) as T;
  return { view: () => host, read: () => host };
}

/**
 * Throws unless a few unrelated tfjs ops still give their exact results (an add, a matMul, a transposed matMul, a row
 * gather and a clone of known small tensors): a kernel that wrote into memory it does not own, or broke the
 * allocator, shows here.
 *
 * @example
 * ```ts
 * import { expectUnrelatedOpsIntact } from '@softlabels/test-utils';
 *
 * expectUnrelatedOpsIntact('after my kernel');
 * ```
 */
export function expectUnrelatedOpsIntact(context: string): void {
  const results = tf.tidy(() => {
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const b = tf.tensor2d([
      [5, -1],
      [0.5, 2],
    ]);
    return {
      add: Array.from(tf.add(tf.tensor1d([1.5, -2, 3]), tf.tensor1d([0.25, 4, -8])).dataSync()),
      matMul: Array.from(tf.matMul(a, b).dataSync()),
      transposed: Array.from(tf.matMul(a, b, true, false).dataSync()),
      gather: Array.from(tf.gather(a, tf.tensor1d([1, 0, 1], 'int32')).dataSync()),
      clone: Array.from(tf.clone(b).dataSync()),
    };
  });
  const expected = {
    add: [1.75, 2, -5],
    matMul: [6, 3, 17, 5],
    transposed: [6.5, 5, 12, 6],
    gather: [3, 4, 1, 2, 3, 4],
    clone: [5, -1, 0.5, 2],
  };
  for (const [name, values] of Object.entries(results)) {
    const want = expected[name as keyof typeof expected];
    if (values.length !== want.length || values.some((value, index) => value !== want[index])) {
      throw new Error(
        `${context}: an unrelated tf op (${name}) now gives [${values.join(', ')}] instead of [${want.join(', ')}]`,
      );
    }
  }
}

/**
 * Runs `body` and throws if it left live tensors (or data buffers) behind: the synchronous counterpart of
 * `expectNoLeak` for property checks, which run thousands of times.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { expectNoTensorLeak } from '@softlabels/test-utils';
 *
 * expectNoTensorLeak('square', () => tf.tidy(() => tf.square(tf.scalar(3)).dataSync()));
 * ```
 */
export function expectNoTensorLeak<T>(context: string, body: () => T): T {
  const before = tf.memory();
  const result = body();
  const after = tf.memory();
  if (after.numTensors !== before.numTensors || after.numDataBuffers !== before.numDataBuffers) {
    throw new Error(
      `${context}: ${after.numTensors - before.numTensors} tensor(s) and ` +
        `${after.numDataBuffers - before.numDataBuffers} data buffer(s) leaked`,
    );
  }
  return result;
}
