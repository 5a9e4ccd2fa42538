import { type MockInstance, vi } from 'vitest';

import type { WorkerKernelName } from '../kernels/internal/kernel-instance';
import { KernelWorker } from '../kernels/internal/kernel-threads';

type Post = KernelWorker['post'];

/**
 * Test support: makes the next job posted to a kernel worker fail inside the thread (it asks for a kernel the worker does not have).
 * Restore with `vi.restoreAllMocks()`.
 */
export function failNextWorkerJob(): MockInstance<Post> {
  const post = KernelWorker.prototype.post;
  return vi.spyOn(KernelWorker.prototype, 'post').mockImplementationOnce(function (this: KernelWorker, _name, args) {
    return post.call(this, 'noSuchKernel' as never, args);
  });
}

/**
 * Makes kernel workers never receive the jobs `withheld` selects (by default the next one posted: they would be
 * waited for forever) and bounds every wait to `waitMs`, so a test sees the hung-worker path in well under a second. Restore with
 * `vi.restoreAllMocks()`.
 */
export function hangWorkerJobs(withheld: (name: WorkerKernelName) => boolean = nextOnly(), waitMs = 200): void {
  const post = KernelWorker.prototype.post;
  const wait = KernelWorker.prototype.wait;
  vi.spyOn(KernelWorker.prototype, 'post').mockImplementation(function (this: KernelWorker, name, args) {
    if (!withheld(name)) return post.call(this, name, args);
    // The job is counted as posted but never handed to the thread.
    const worker = this as unknown as { posted: number };
    worker.posted += 1;
    return worker.posted;
  });
  vi.spyOn(KernelWorker.prototype, 'wait').mockImplementation(function (this: KernelWorker, job) {
    return wait.call(this, job, waitMs);
  });
}

/** A selection of the first job only. */
function nextOnly(): (name: WorkerKernelName) => boolean {
  let taken = false;
  return () => {
    if (taken) return false;
    taken = true;
    return true;
  };
}
