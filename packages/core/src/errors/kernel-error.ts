import { errorOptionsProblem } from './error-options-problem';
import { markerCheck, SoftlabelsError } from './softlabels-error';

const check = markerCheck<KernelError>('KernelError');

/** What {@link KernelError} is built from. */
export interface KernelErrorOptions {
  /** The public function whose kernel call failed. */
  functionName: string;
  /** The kernel that failed, e.g. `'lsceIndex'`. */
  kernel: string;
  /** The shape of the input the kernel ran on, `[rows, classes]`. */
  shape: readonly number[];
  /** What went wrong (a WebAssembly trap, a failed allocation, a worker thread that died). */
  cause: unknown;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * A fused kernel call failed while it ran (a WebAssembly trap, memory that could not be allocated, a worker thread
 * that died or did not answer). Before it is thrown, the kernels' scratch memory, pinned data and worker threads are
 * restored, so the next call runs as if this one had never been made. The original error is `cause`.
 *
 * @example
 * ```ts
 * import { KernelError } from '@softlabels/core';
 *
 * const error = new KernelError({
 *   functionName: 'lsceForwardBackward', kernel: 'lsceIndex', shape: [8, 1], cause: new Error('memory access out of bounds'),
 * });
 * console.log(error.name, error.kernel, error.shape); // 'KernelError' 'lsceIndex' [8, 1]
 * ```
 */
export class KernelError extends SoftlabelsError {
  private readonly [check.symbol] = true;
  /** The kernel that failed. */
  readonly kernel: string;
  /** The shape of the input it ran on. */
  readonly shape: readonly number[];

  constructor(options: KernelErrorOptions) {
    const problem = errorOptionsProblem(options, 'KernelError', {
      functionName: 'name',
      kernel: 'name',
      shape: 'shape',
      cause: 'anything',
    });
    if (problem !== undefined) throw new SoftlabelsError({ message: problem, functionName: 'KernelError' });
    super({
      functionName: options.functionName,
      cause: options.cause,
      message:
        `The fused kernel '${options.kernel}' of '${options.functionName}' failed on input of shape ` +
        `[${options.shape.join(', ')}] (${describe(options.cause)}); kernel memory and threads were restored, so ` +
        'later calls are unaffected.',
    });
    this.name = 'KernelError';
    this.kernel = options.kernel;
    this.shape = [...options.shape];
  }

  /** True for a {@link KernelError} from any copy of the package. */
  static override isInstance(error: unknown): error is KernelError {
    return check.isInstance(error);
  }
}
