import { checkNumber } from '../validation/check-number';
import { kernelThreadCount, setRequestedThreads, whenThreadsReady } from './internal/kernel-threads';

/**
 * Sets how many threads the fused kernels use for large calls (≥ 2¹⁸ row elements: label-smoothed CE, calibration
 * statistics from logits, temperature NLL): `'auto'` (the default) takes the machine's available parallelism, at most
 * 8; `1` keeps every call on the calling thread. Threads are Node worker threads over a shared WebAssembly memory;
 * where there are none (browsers, runtimes without `process.getBuiltinModule`), calls stay on one thread whatever is
 * set. Workers start on the first large call, in the background: calls made before they are ready run on one thread.
 * Per-row results do not depend on the thread count; float64 sums over rows (bin sums) may differ in the last bits.
 * The environment variable `SOFTLABELS_KERNEL_THREADS` sets the starting value (`auto` or an integer from 1 to 64;
 * anything else makes kernel calls throw an InvalidArgumentError until this function replaces it). Returns the effective
 * count.
 *
 * @example
 * ```ts
 * import { setKernelThreads } from '@softlabels/core/kernels';
 *
 * console.log(setKernelThreads(1)); // 1
 * setKernelThreads('auto');
 * ```
 */
export function setKernelThreads(threads: number | 'auto'): number {
  if (threads !== 'auto') checkNumber(threads, 'threads', 'setKernelThreads', { min: 1, max: 64, integer: true });
  return setRequestedThreads(threads);
}

/**
 * Starts the kernels' worker threads now (instead of on the first large call) and resolves with the number of threads
 * ready, the calling one included, once they are (1 where threads are off or unavailable).
 *
 * @example
 * ```ts
 * import { startKernelThreads } from '@softlabels/core/kernels';
 *
 * const threads = await startKernelThreads();
 * console.log(threads >= 1); // true
 * ```
 */
export async function startKernelThreads(): Promise<number> {
  if (kernelThreadCount() <= 1) return 1;
  return whenThreadsReady();
}
