import { InvalidArgumentError } from '../../errors/invalid-argument-error';
import { instantiateKernels, kernelModule, WORKER_KERNELS, type WorkerKernelName } from './kernel-instance';
import { ReservedArena } from './kernel-arena';

/**
 * Worker threads for the row kernels (Node only): each worker holds an instance of the shared-memory module bound to
 * one `WebAssembly.Memory({ shared: true })` that the main thread also has an instance on. The main thread copies a
 * worker's rows into that memory, posts the call through a small SharedArrayBuffer (Atomics.notify), runs its own
 * rows meanwhile, and waits (Atomics.wait) for the worker's result. Workers start on first need, in the background:
 * calls made before they are ready run on the main thread alone.
 */

interface WorkerThreadsModule {
  Worker: new (source: string, options: { eval: true; workerData: unknown; execArgv: string[] }) => WorkerLike;
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

// Jobs are posted into a ring of slots, so that the main thread can post a block in chunks, each as soon as its rows
// are copied in, while the worker runs the earlier ones. Control words: [posted, done, failed, ready]; slot i (job
// number ≡ i mod SLOTS) holds float64 [kernel index, argument count, …arguments, result].
const SLOTS = 8;

/** The most jobs one call may post to a worker before waiting for them (their results must still be in the ring). */
export const MAX_JOBS_PER_CALL = SLOTS - 1;
const SLOT_WORDS = 2 + 16 + 1;

/** How long `post` waits for a ring slot to come free (the job before it there is one chunk: milliseconds). */
const SLOT_WAIT_MS = 30_000;

// The worker: binds the exp table at the address the main thread's instance uses (same module, same heap base), says
// it is ready, then runs the posted jobs in order.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, names } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
kernels.reserve(0);
const state = new Int32Array(control, 0, 4);
const slots = new Float64Array(control, 16, ${String(SLOTS * SLOT_WORDS)});
Atomics.store(state, 3, 1);
Atomics.notify(state, 3);
let done = 0;
for (;;) {
  Atomics.wait(state, 0, done);
  const posted = Atomics.load(state, 0);
  while (done < posted) {
    const job = done + 1;
    const at = (job % ${String(SLOTS)}) * ${String(SLOT_WORDS)};
    try {
      const args = Array.from(slots.subarray(at + 2, at + 2 + slots[at + 1]));
      const result = kernels[names[slots[at]]](...args);
      slots[at + ${String(SLOT_WORDS - 1)}] = result === undefined ? 0 : result;
    } catch {
      Atomics.store(state, 2, 1);
    }
    done = job;
    Atomics.store(state, 1, done);
    Atomics.notify(state, 1);
  }
}
`;

/** One worker thread and its control block. */
export class KernelWorker {
  private readonly state: Int32Array;
  private readonly slots: Float64Array;
  private posted = 0;
  private alive = true;
  private readonly worker: WorkerLike;

  constructor(workerThreads: WorkerThreadsModule, module: WebAssembly.Module, memory: WebAssembly.Memory) {
    const control = new SharedArrayBuffer(16 + 8 * SLOTS * SLOT_WORDS);
    this.state = new Int32Array(control, 0, 4);
    this.slots = new Float64Array(control, 16, SLOTS * SLOT_WORDS);
    const worker = (this.worker = new workerThreads.Worker(WORKER_SOURCE, {
      eval: true,
      // Plain JavaScript: none of the parent's loader flags (test runners, tsx) are needed, and they slow the start.
      execArgv: [],
      workerData: { module, memory, control, names: WORKER_KERNELS },
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

  /** Posts `kernel(...args)` behind the jobs already posted and returns its job number. */
  post(kernel: WorkerKernelName, args: readonly number[]): number {
    const job = this.posted + 1;
    // A slot is free once the job that used it SLOTS posts ago is done.
    if (job - SLOTS > 0) this.waitFor(job - SLOTS);
    const at = (job % SLOTS) * SLOT_WORDS;
    this.slots[at] = WORKER_KERNELS.indexOf(kernel);
    this.slots[at + 1] = args.length;
    this.slots.set(args, at + 2);
    this.posted = job;
    Atomics.store(this.state, 0, job);
    Atomics.notify(this.state, 0);
    return job;
  }

  /**
   * Waits up to `limitMs` for job `job` (and those before it) and returns its result; throws when the worker failed
   * (a trap inside its kernel) or did not answer in time.
   */
  wait(job: number, limitMs: number): number {
    this.waitFor(job, limitMs);
    if (Atomics.load(this.state, 2) !== 0) throw new Error('a kernel worker thread failed');
    return this.slots[(job % SLOTS) * SLOT_WORDS + SLOT_WORDS - 1] as number;
  }

  private waitFor(job: number, limitMs = SLOT_WAIT_MS): void {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const done = Atomics.load(this.state, 1);
      if (done >= job) return;
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.state, 1, done, left) === 'timed-out') {
        throw new Error(`a kernel worker thread did not answer within ${Math.round(limitMs)} ms`);
      }
    }
  }
}

/** The shared memory, the main thread's instance on it, and the workers. */
export interface KernelPool {
  readonly arena: ReservedArena;
  readonly workers: readonly KernelWorker[];
}

const MAX_THREADS = 64;

/**
 * The setting of `SOFTLABELS_KERNEL_THREADS`: unset or empty means `'auto'`; otherwise `'auto'` or an integer in
 * [1, 64], as `setKernelThreads` takes. Anything else is an error, thrown by every kernel call until
 * `setKernelThreads` replaces the setting.
 */
function initialRequest(): number | 'auto' | InvalidArgumentError {
  const process = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const text = process?.env?.SOFTLABELS_KERNEL_THREADS?.trim();
  if (text === undefined || text === '' || text === 'auto') return 'auto';
  const value = Number(text);
  if (/^\d+$/.test(text) && value >= 1 && value <= MAX_THREADS) return value;
  return new InvalidArgumentError({
    functionName: 'setKernelThreads',
    parameter: 'SOFTLABELS_KERNEL_THREADS',
    value: text,
    expected: `be 'auto' or an integer from 1 to ${MAX_THREADS} (the environment variable that sets the kernels' threads)`,
  });
}

let requested: number | 'auto' | InvalidArgumentError = initialRequest();
let pool: KernelPool | undefined;
let poolFailed = false;
let warned = false;
/** Whether a worker was retired since the pool was made (the next large call makes a new one). */
let retired = false;

/** Throws the error of an invalid `SOFTLABELS_KERNEL_THREADS` (until `setKernelThreads` replaces it). */
export function checkThreadSetting(): void {
  if (requested instanceof InvalidArgumentError) throw requested;
}

function hardwareThreads(): number {
  const os = builtin<OsModule>('node:os');
  if (os === undefined) return 1;
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** How many threads (the main one included) row kernels may use now: 1 where workers are unavailable. */
export function kernelThreadCount(): number {
  checkThreadSetting();
  if (builtin<WorkerThreadsModule>('node:worker_threads') === undefined || typeof SharedArrayBuffer === 'undefined')
    return 1;
  return requested === 'auto' ? Math.min(hardwareThreads(), 8) : (requested as number);
}

/** Sets the thread count (1: no workers) and ends the workers of the previous setting. Returns the effective count. */
export function setRequestedThreads(threads: number | 'auto'): number {
  if (threads === requested) return kernelThreadCount();
  requested = threads;
  endPool();
  return kernelThreadCount();
}

function endPool(): void {
  for (const worker of pool?.workers ?? []) worker.end();
  pool = undefined;
  poolFailed = false;
}

/**
 * Ends a worker that failed or did not answer, says so once per process (console.warn), and lets the next large call
 * start a fresh pool; until then the remaining workers and the calling thread share the rows.
 */
export function retireWorker(worker: KernelWorker, failure: unknown): void {
  worker.end();
  retired = true;
  if (warned) return;
  warned = true;
  const reason = failure instanceof Error ? failure.message : String(failure);
  console.warn(
    `softlabels: ${reason}; its rows ran on the calling thread, and the kernels' worker threads are restarted for the ` +
      'next large call.',
  );
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
  if (retired) {
    // A worker was retired: a new pool (its memory is new; data pinned in the old one still runs, on one thread).
    retired = false;
    endPool();
  }
  if (pool === undefined && !poolFailed) {
    try {
      pool = createPool();
    } catch {
      pool = undefined;
    }
    poolFailed = pool === undefined;
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

/** The pool if it exists (never creates it). */
export function currentPool(): KernelPool | undefined {
  return pool;
}

/** The workers that are ready now (none while they start, or when threads are off). */
export function readyWorkers(): KernelWorker[] {
  return kernelPool()?.workers.filter((worker) => worker.ready) ?? [];
}
