import { instantiateKernels, kernelModule, ROW_KERNELS } from './kernel-instance';
import { ReservedArena } from './kernel-arena';

/**
 * Worker threads for the row kernels (Node only): each worker holds an instance of the shared-memory module bound to
 * one `WebAssembly.Memory({ shared: true })` that the main thread also has an instance on. The main thread copies a
 * worker's rows into that memory, posts the call through a small SharedArrayBuffer (Atomics.notify), runs its own
 * rows meanwhile, and waits (Atomics.wait) for the worker's result. Workers start on first need, in the background:
 * calls made before they are ready run on the main thread alone.
 */

interface WorkerThreadsModule {
  Worker: new (
    source: string,
    options: { eval: true; workerData: unknown; execArgv: string[] },
  ) => WorkerLike;
}

interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'exit' | 'error', listener: () => void): void;
}

interface OsModule {
  availableParallelism?(): number;
  cpus(): unknown[];
}

/** `node:` builtins without an import statement (bundlers for the browser never see one). */
function builtin<T>(name: string): T | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  try {
    return process?.getBuiltinModule?.(name) as T | undefined;
  } catch {
    return undefined;
  }
}

// The worker: binds the exp table at the address the main thread's instance uses (same module, same heap base), says
// it is ready, then runs one posted call per sequence number. Control words: [posted, done, failed, ready]; arguments
// as float64: [kernel index, count, …arguments], the result in the last slot.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, names } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
kernels.reserve(0);
const state = new Int32Array(control, 0, 4);
const args = new Float64Array(control, 16, ${String(2 + 16 + 1)});
Atomics.store(state, 3, 1);
Atomics.notify(state, 3);
let seen = 0;
for (;;) {
  Atomics.wait(state, 0, seen);
  seen = Atomics.load(state, 0);
  try {
    const result = kernels[names[args[0]]](...Array.from(args.subarray(2, 2 + args[1])));
    args[args.length - 1] = result === undefined ? 0 : result;
    Atomics.store(state, 2, 0);
  } catch {
    Atomics.store(state, 2, 1);
  }
  Atomics.store(state, 1, seen);
  Atomics.notify(state, 1);
}
`;

const WAIT_LIMIT_MS = 120_000;

/** One worker thread and its control block. */
export class KernelWorker {
  private readonly state: Int32Array;
  private readonly args: Float64Array;
  private sequence = 0;
  private alive = true;
  private readonly worker: WorkerLike;

  constructor(workerThreads: WorkerThreadsModule, module: WebAssembly.Module, memory: WebAssembly.Memory) {
    const control = new SharedArrayBuffer(16 + 8 * (2 + 16 + 1));
    this.state = new Int32Array(control, 0, 4);
    this.args = new Float64Array(control, 16, 2 + 16 + 1);
    const worker = (this.worker = new workerThreads.Worker(WORKER_SOURCE, {
      eval: true,
      // Plain JavaScript: none of the parent's loader flags (test runners, tsx) are needed, and they slow the start.
      execArgv: [],
      workerData: { module, memory, control, names: ROW_KERNELS },
    }));
    worker.on('exit', () => {
      this.alive = false;
    });
    worker.on('error', () => {
      this.alive = false;
    });
    worker.unref();
  }

  /** Ends the thread. */
  end(): void {
    this.alive = false;
    void this.worker.terminate();
  }

  get ready(): boolean {
    return this.alive && Atomics.load(this.state, 3) === 1;
  }

  /** Posts `kernel(...args)`; the worker starts at once. */
  post(kernel: (typeof ROW_KERNELS)[number], args: readonly number[]): void {
    this.args[0] = ROW_KERNELS.indexOf(kernel);
    this.args[1] = args.length;
    this.args.set(args, 2);
    this.sequence += 1;
    Atomics.store(this.state, 0, this.sequence);
    Atomics.notify(this.state, 0);
  }

  /** Waits for the posted call and returns its result. */
  wait(): number {
    for (;;) {
      const done = Atomics.load(this.state, 1);
      if (done === this.sequence) break;
      if (Atomics.wait(this.state, 1, done, WAIT_LIMIT_MS) === 'timed-out') {
        this.alive = false;
        throw new Error('softlabels kernels: a worker thread did not answer within 120 s');
      }
    }
    if (Atomics.load(this.state, 2) !== 0) throw new Error('softlabels kernels: a worker thread failed');
    return this.args[this.args.length - 1] as number;
  }
}

/** The shared memory, the main thread's instance on it, and the workers. */
export interface KernelPool {
  readonly arena: ReservedArena;
  readonly workers: readonly KernelWorker[];
}

function initialRequest(): number | 'auto' {
  const process = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = Number(process?.env?.SOFTLABELS_KERNEL_THREADS);
  return Number.isInteger(value) && value >= 1 ? value : 'auto';
}

let requested: number | 'auto' = initialRequest();
let pool: KernelPool | undefined;
let poolFailed = false;

function hardwareThreads(): number {
  const os = builtin<OsModule>('node:os');
  if (os === undefined) return 1;
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** How many threads (the main one included) row kernels may use now: 1 where workers are unavailable. */
export function kernelThreadCount(): number {
  if (builtin<WorkerThreadsModule>('node:worker_threads') === undefined || typeof SharedArrayBuffer === 'undefined') return 1;
  return requested === 'auto' ? Math.min(hardwareThreads(), 8) : requested;
}

/** Sets the thread count (1: no workers) and ends the workers of the previous setting. Returns the effective count. */
export function setRequestedThreads(threads: number | 'auto'): number {
  if (threads === requested) return kernelThreadCount();
  requested = threads;
  for (const worker of pool?.workers ?? []) worker.end();
  pool = undefined;
  poolFailed = false;
  return kernelThreadCount();
}

function createPool(): KernelPool | undefined {
  const workerThreads = builtin<WorkerThreadsModule>('node:worker_threads');
  const count = kernelThreadCount() - 1;
  if (workerThreads === undefined || count < 1) return undefined;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const kernels = instantiateKernels(memory);
  // Places the exp table (and grows nothing yet) before any worker binds to the same address.
  kernels.reserve(0);
  const module = kernelModule('shared');
  const workers = Array.from({ length: count }, () => new KernelWorker(workerThreads, module, memory));
  return { arena: new ReservedArena(kernels), workers };
}

/** The pool, created on first call (workers start in the background); undefined when threads are off or unavailable. */
export function kernelPool(): KernelPool | undefined {
  if (pool === undefined && !poolFailed) {
    try {
      pool = createPool();
    } catch {
      poolFailed = true;
    }
    if (pool === undefined) poolFailed = true;
  }
  return pool;
}

/** Starts the workers of the current setting and resolves with the thread count once they are ready (or after 10 s). */
export async function whenThreadsReady(): Promise<number> {
  const workers = kernelPool()?.workers ?? [];
  const deadline = Date.now() + 10_000;
  while (workers.some((worker) => !worker.ready) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return 1 + workers.filter((worker) => worker.ready).length;
}

/** The workers that are ready now (none while they start, or when threads are off). */
export function readyWorkers(): KernelWorker[] {
  return kernelPool()?.workers.filter((worker) => worker.ready) ?? [];
}
