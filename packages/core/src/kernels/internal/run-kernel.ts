import { KernelError } from '../../errors/kernel-error';
import { SoftlabelsError } from '../../errors/softlabels-error';
import { arenaFor, type KernelArena, ownMemoryArena, rememberView } from './kernel-arena';
import type { RowKernelName } from './kernel-instance';
import {
  checkThreadSetting,
  currentPool,
  kernelPool,
  type KernelWorker,
  MAX_JOBS_PER_CALL,
  readyWorkers,
  retireWorker,
} from './kernel-threads';

type RowArray = Float32Array | Float64Array | Int32Array;

/** One argument of a row kernel, in the kernel's parameter order. */
export type KernelArgument =
  | { kind: 'scalar'; value: number }
  /** A null pointer (an output not asked for). */
  | { kind: 'none' }
  /**
   * Row-major input, `width` elements per row; `address`: where it already lies in the arena given to runRowKernel
   * (resident data; `array` is then the caller's copy, used for nothing but its length).
   */
  | { kind: 'rows-in'; array: RowArray; width: number; address?: number }
  /** Row-major output, `width` elements per row. */
  | { kind: 'rows-out'; array: RowArray; width: number }
  /** An input every block reads whole (class vectors, a map's parameters). */
  | { kind: 'vector-in'; array: Float32Array | Float64Array }
  /** Working memory of `bytes` for each block (16-byte aligned, contents undefined). */
  | { kind: 'scratch'; bytes: number }
  /** A float64 output each block adds into from zero (bins, sums); the caller's array receives the sum over blocks. */
  | { kind: 'sum-out'; array: Float64Array };

/** What one block of rows returned. */
export interface BlockResult {
  start: number;
  value: number;
}

/** Kernels whose per-row work (exps) outweighs copying rows to a worker; others always run on the main thread. */
const THREADED: ReadonlySet<RowKernelName> = new Set([
  'lsceIndex',
  'lsceProbability',
  'calibrationLogits',
  'temperatureNll',
  'focalRows',
  'confidencePenaltyRows',
  'linearSoftmaxRows',
  'linearSoftmaxProbabilityRows',
  'multiplyTransposedRows',
  'linearScoreRows',
  'softmaxLineRows',
  'softmaxAdvanceRows',
]);

/** Below this many row elements a call stays on the main thread (posting and copying would cost more than it saves). */
export const THREAD_THRESHOLD = 1 << 18;

interface Block {
  start: number;
  end: number;
  arena: KernelArena;
  worker?: KernelWorker;
  job?: number;
}

/** A worker's rows are posted in chunks of about this many bytes (up to MAX_JOBS_PER_CALL), each once copied in. */
const CHUNK_BYTES = 4 << 20;

/**
 * The main thread's share of the rows, relative to an even split, when workers' rows must be copied in first: the main
 * thread does that copying before its own rows, while the first chunks already run, so workers take a little more.
 */
const MAIN_SHARE = 0.85;

interface BoundArgument {
  pointer: number;
  /** For outputs held in scratch: copy back after the kernel. */
  copyBack?: () => void;
  /** For sum-out: this block's sums (read after the kernel). */
  sums?: () => Float64Array;
  /** For sum-out: sets this block's sums back to zero (before a block runs again). */
  resetSums?: () => void;
}

function bytesOf(array: RowArray): number {
  return array.BYTES_PER_ELEMENT;
}

function widthOf(argument: KernelArgument): number {
  return argument.kind === 'rows-in' || argument.kind === 'rows-out' ? argument.width : 0;
}

/**
 * How many rows at the end of a block in tfjs's heap must run on a copy so that whole-vector loads and stores stay
 * inside the tensors: the kernels read and write a row's last, partial vector whole, up to 4 − width mod 4 elements
 * past the row's end (into the next row, or past the block's last row). Those elements must belong to rows that
 * follow inside the same tensor; with rows shorter than that overshoot (width 1: three elements) it takes several.
 */
export function tailRowsFor(width: number): number {
  const overshoot = width % 4 === 0 ? 0 : 4 - (width % 4);
  return Math.ceil(overshoot / width);
}

/** The per-element time bound after which a worker's job counts as hung (far above what a kernel takes). */
const WAIT_MS_PER_ELEMENT = 1e-3;
const WAIT_MS_BASE = 10_000;

/**
 * Runs row kernel `name` over `rows` rows, split into blocks: the main thread's rows in the arena of the largest
 * input (in place on tfjs-backend-wasm's heap when the input is a tensor view there), and — for large calls when
 * worker threads are ready — one block per worker in the shared memory. Row-major arguments are used in place where
 * they already lie in a block's memory, else copied in (inputs) and out (outputs). Where the main block runs in place
 * and rows do not end on a whole vector, its last rows ({@link tailRowsFor}) run separately on a copy, so the kernels'
 * whole-vector reads and writes never pass the end of a tensor. Returns each block's kernel result with its first row.
 *
 * Whatever fails inside (a trap, an allocation, a worker thread), the call waits for the jobs it posted and frees its
 * scratch before it throws, and throws a {@link KernelError} naming `functionName` and the input's shape. A worker that
 * fails or does not answer in time is retired, its rows run on the calling thread, and the call still succeeds.
 */
export function runRowKernel(
  name: RowKernelName,
  rows: number,
  args: readonly KernelArgument[],
  options: { functionName: string; arena?: KernelArena },
): BlockResult[] {
  checkThreadSetting();
  const big = args
    .filter((argument) => argument.kind === 'rows-in' || argument.kind === 'rows-out')
    .sort((a, b) => widthOf(b) - widthOf(a))[0] as (KernelArgument & { array: RowArray; width: number }) | undefined;
  const width = big?.width ?? 1;
  const large = THREADED.has(name) && rows * width >= THREAD_THRESHOLD;
  // Only a large call starts the workers; a small one just looks whether its arena is theirs.
  const pool = large ? kernelPool() : currentPool();
  // Resident data (a temperature fit's logits pinned in the workers' shared memory): every block runs in place there.
  const resident = pool !== undefined && options.arena === pool.arena;
  const mainArena = options.arena ?? (big === undefined ? ownMemoryArena() : arenaFor(big.array));
  const threaded = large && (options.arena === undefined || resident);
  const workers = threaded ? readyWorkers() : [];

  const blocks: Block[] = [];
  const even = rows / (workers.length + 1);
  const mainEnd = workers.length === 0 ? rows : Math.round(resident ? even : even * MAIN_SHARE);
  const workerShare = Math.ceil((rows - mainEnd) / Math.max(1, workers.length));
  workers.forEach((worker, index) => {
    const start = mainEnd + index * workerShare;
    const end = Math.min(rows, start + workerShare);
    if (start >= end) return;
    const bytes = (end - start) * width * (big?.array.BYTES_PER_ELEMENT ?? 4);
    const chunks = resident ? 1 : Math.min(MAX_JOBS_PER_CALL, Math.max(1, Math.round(bytes / CHUNK_BYTES)));
    const step = Math.ceil((end - start) / chunks);
    for (let from = start; from < end; from += step) {
      blocks.push({ start: from, end: Math.min(end, from + step), arena: pool!.arena, worker });
    }
  });
  const tail = mainArena.foreign ? Math.min(mainEnd, tailRowsFor(width)) : 0;
  if (tail > 0) {
    if (mainEnd > tail) blocks.push({ start: 0, end: mainEnd - tail, arena: mainArena });
    blocks.push({ start: mainEnd - tail, end: mainEnd, arena: ownMemoryArena() });
  } else {
    blocks.push({ start: 0, end: mainEnd, arena: mainArena });
  }

  // Ways back to the caller's row arrays, should tfjs's heap grow (and detach them) while scratch is allocated.
  const views = args.map((argument) =>
    argument.kind === 'rows-in' || argument.kind === 'rows-out' ? rememberView(argument.array) : undefined,
  );
  const bound = new Map<Block, BoundArgument[]>();
  const results: BlockResult[] = [];
  const pending = new Set<Block>();
  try {
    // Worker blocks first, each posted as soon as its rows are copied in; then the main thread's blocks.
    for (const block of blocks) {
      const bindings = bind(block, args, views);
      bound.set(block, bindings);
      const argv = bindings.map((binding) => binding.pointer);
      argv.splice(1, 0, block.end - block.start);
      if (block.worker !== undefined) {
        block.job = block.worker.post(name, argv);
        pending.add(block);
      } else {
        results.push({ start: block.start, value: runHere(block, name, argv) });
        for (const binding of bindings) binding.copyBack?.();
      }
    }
    for (const block of blocks) {
      if (block.worker === undefined) continue;
      pending.delete(block);
      results.push({ start: block.start, value: waitOrRunHere(block, name, bound.get(block) ?? [], width) });
      for (const binding of bound.get(block) ?? []) binding.copyBack?.();
    }
    // Sums over blocks, in row order (the same order whatever finished first).
    const ordered = [...blocks].sort((a, b) => a.start - b.start);
    args.forEach((argument, index) => {
      if (argument.kind !== 'sum-out') return;
      argument.array.fill(0);
      for (const block of ordered) {
        const sums = bound.get(block)?.[index]?.sums?.() ?? new Float64Array(0);
        for (let entry = 0; entry < sums.length; entry += 1) {
          argument.array[entry] = (argument.array[entry] as number) + (sums[entry] as number);
        }
      }
    });
  } catch (error) {
    // Workers may still be running on this call's scratch: let them finish before it is freed and reused.
    for (const block of pending) settle(block, width);
    if (SoftlabelsError.isInstance(error)) throw error;
    throw new KernelError({ functionName: options.functionName, kernel: name, shape: [rows, width], cause: error });
  } finally {
    for (const arena of new Set(blocks.map((block) => block.arena))) arena.release();
  }
  return results.sort((a, b) => a.start - b.start);
}

/** Runs `block` on the calling thread's instance of its arena's memory. */
function runHere(block: Block, name: RowKernelName, argv: readonly number[]): number {
  const kernel = block.arena.kernels[name] as (...values: number[]) => number | undefined;
  return kernel(...argv) ?? 0;
}

/** How long to wait for a worker block before it counts as hung. */
function waitLimit(block: Block, width: number): number {
  return WAIT_MS_BASE + (block.end - block.start) * Math.max(1, width) * WAIT_MS_PER_ELEMENT;
}

/**
 * A worker block's result: from the worker, or — when the worker failed or did not answer in time — from the calling
 * thread, which has an instance on the same shared memory, so the block's pointers stay valid. The worker is retired.
 */
function waitOrRunHere(block: Block, name: RowKernelName, bindings: readonly BoundArgument[], width: number): number {
  const worker = block.worker as KernelWorker;
  try {
    return worker.wait(block.job ?? 0, waitLimit(block, width));
  } catch (failure) {
    retireWorker(worker, failure);
    // Sums the worker may have half-added are started again from zero.
    for (const binding of bindings) binding.resetSums?.();
    const argv = bindings.map((binding) => binding.pointer);
    argv.splice(1, 0, block.end - block.start);
    return runHere(block, name, argv);
  }
}

/** Waits for a posted worker block whose result is no longer wanted; a worker that fails here is retired. */
function settle(block: Block, width: number): void {
  const worker = block.worker as KernelWorker;
  try {
    worker.wait(block.job ?? 0, waitLimit(block, width));
  } catch (failure) {
    retireWorker(worker, failure);
  }
}

/**
 * The kernel arguments of one block (the row count is inserted by the caller): allocations first (they may grow the
 * memory and detach views), then the copies in.
 */
function bind(
  block: Block,
  args: readonly KernelArgument[],
  views: readonly ((() => RowArray) | undefined)[],
): BoundArgument[] {
  const { arena, start, end } = block;
  const count = end - start;
  const plan = args.map((argument) => {
    switch (argument.kind) {
      case 'scalar':
        return { argument, pointer: argument.value, inPlace: true };
      case 'none':
        return { argument, pointer: 0, inPlace: true };
      case 'rows-in':
      case 'rows-out': {
        const address = (argument.kind === 'rows-in' ? argument.address : undefined) ?? arena.addressOf(argument.array);
        const offset = start * argument.width * bytesOf(argument.array);
        if (address !== undefined) return { argument, pointer: address + offset, inPlace: true };
        return { argument, pointer: arena.allocate(count * argument.width * bytesOf(argument.array)), inPlace: false };
      }
      case 'vector-in':
      case 'sum-out':
        return { argument, pointer: arena.allocate(argument.array.byteLength), inPlace: false };
      case 'scratch':
        return { argument, pointer: arena.allocate(argument.bytes), inPlace: true };
    }
  });
  const memory = arena.kernels.memory;
  return plan.map(({ argument, pointer, inPlace }, index): BoundArgument => {
    if (inPlace || argument.kind === 'scalar' || argument.kind === 'none' || argument.kind === 'scratch') {
      return { pointer };
    }
    if (argument.kind === 'vector-in') {
      const Type = argument.array instanceof Float64Array ? Float64Array : Float32Array;
      new Type(memory.buffer, pointer, argument.array.length).set(argument.array);
      return { pointer };
    }
    if (argument.kind === 'sum-out') {
      const length = argument.array.length;
      const sums = (): Float64Array => new Float64Array(memory.buffer, pointer, length);
      sums().fill(0);
      return { pointer, sums, resetSums: () => sums().fill(0) };
    }
    const { array, width } = argument;
    const Type =
      array instanceof Float32Array ? Float32Array : array instanceof Float64Array ? Float64Array : Int32Array;
    const from = start * width;
    const length = count * width;
    if (argument.kind === 'rows-in') {
      const source = views[index]?.() ?? array;
      new Type(memory.buffer, pointer, length).set(source.subarray(from, from + length));
      return { pointer };
    }
    return {
      pointer,
      copyBack: () => {
        const target = views[index]?.() ?? array;
        target.set(new Type(memory.buffer, pointer, length), from);
      },
    };
  });
}
