import type { ReservedArena } from '../internal/kernel-arena';
import type { Kernels, WorkerKernelName } from '../internal/kernel-instance';
import {
  currentPool,
  type KernelWorker,
  MAX_JOBS_PER_CALL,
  readyWorkers,
  retireWorker,
} from '../internal/kernel-threads';

/** Below this many multiply-adds a convolution stays on the calling thread (copies and posting would cost more). */
export const CONVOLUTION_THREAD_THRESHOLD = 1 << 22;

/**
 * The share of the images the calling thread keeps: it first copies the worker's images into the shared memory and
 * only then starts on its own, so the worker takes a little more than half.
 */
const MAIN_SHARE = 0.45;

/** Generous bounds after which a worker's job counts as hung. */
const WAIT_MS_BASE = 10_000;
const WAIT_MS_PER_MULTIPLY_ADD = 1e-6;

/**
 * A worker thread's part of one convolution call: the images from `first` on, whose data the caller copies into the
 * workers' shared memory (`arena`) while it keeps the images before `first` in place on tfjs's heap. Jobs posted with
 * {@link WorkerShare.post} run on the worker; {@link WorkerShare.finish} waits for them and, should the worker fail or
 * hang, retires it and runs the jobs on the calling thread's instance on the same shared memory.
 */
export class WorkerShare {
  private readonly jobs: Array<{ name: WorkerKernelName; args: number[]; job: number }> = [];

  private constructor(
    readonly first: number,
    readonly arena: ReservedArena,
    private readonly worker: KernelWorker,
    private readonly work: number,
  ) {}

  /**
   * The worker's share of `images` images for a call of `work` multiply-adds in `jobs` kernel calls, or undefined when
   * the call is small, has one image, or no worker is ready (browsers, threads off, workers still starting).
   */
  static open(images: number, work: number, jobs = 1): WorkerShare | undefined {
    if (images < 2 || work < CONVOLUTION_THREAD_THRESHOLD || jobs > MAX_JOBS_PER_CALL) return undefined;
    const worker = readyWorkers()[0];
    // readyWorkers() makes the pool (its workers start in the background); its arena is their shared memory.
    const arena = worker === undefined ? undefined : currentPool()?.arena;
    if (worker === undefined || arena === undefined) return undefined;
    const first = Math.min(images - 1, Math.max(1, Math.round(images * MAIN_SHARE)));
    return new WorkerShare(first, arena, worker, work);
  }

  /** The instance bound to the shared memory. */
  get kernels(): Kernels {
    return this.arena.kernels;
  }

  /** `bytes` bytes of shared scratch (16-aligned), valid until {@link WorkerShare.release}. */
  allocate(bytes: number): number {
    return this.arena.allocate(bytes);
  }

  /** A float32 view of the shared memory (valid until the next allocation). */
  floats(address: number, length: number): Float32Array {
    return new Float32Array(this.arena.kernels.memory.buffer, address, length);
  }

  /** An int32 view of the shared memory (valid until the next allocation). */
  ints(address: number, length: number): Int32Array {
    return new Int32Array(this.arena.kernels.memory.buffer, address, length);
  }

  /** Posts `name(...args)` (pointers into the shared memory) to the worker. */
  post(name: WorkerKernelName, args: number[]): void {
    this.jobs.push({ name, args, job: this.worker.post(name, args) });
  }

  /**
   * Waits for the posted jobs. When the worker failed or did not answer in time it is retired, `reset` puts the
   * outputs the jobs add into back to zero, and the jobs run again on the calling thread.
   */
  finish(reset?: () => void): void {
    if (!this.settle()) {
      reset?.();
      for (const { name, args } of this.jobs) (this.kernels[name] as (...values: number[]) => void)(...args);
    }
    this.jobs.length = 0;
  }

  /** Waits for whatever was posted (its results unwanted) and frees the shared scratch. */
  release(): void {
    this.settle();
    this.jobs.length = 0;
    this.arena.release();
  }

  /** Waits for the last posted job; false (the worker retired) when it failed or did not answer in time. */
  private settle(): boolean {
    const last = this.jobs.at(-1);
    if (last === undefined) return true;
    try {
      this.worker.wait(last.job, WAIT_MS_BASE + this.work * WAIT_MS_PER_MULTIPLY_ADD);
      return true;
    } catch (failure) {
      retireWorker(this.worker, failure);
      return false;
    }
  }
}
