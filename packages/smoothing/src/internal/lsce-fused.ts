import * as tf from '@tensorflow/tfjs-core';
import { SoftlabelsError } from '@softlabels/core';
import {
  createTensorWith,
  fusedKernelsAvailable,
  lsceForwardBackward,
  type LsceForwardBackwardResult,
  viewTensorData,
} from '@softlabels/core/kernels';
import type { Reduction } from '../types';
import { meanScale } from './reduce-rows';

/**
 * Which row pass `labelSmoothingCrossEntropy` runs, and how often each ran: the fused WASM SIMD kernel of
 * `@softlabels/core` (`'auto'` picks it whenever `fusedKernelsAvailable()`, i.e. on the `wasm` and `cpu` backends) or
 * the composed tfjs ops (other backends, input the kernel rejects). Tests set `mode: 'composed'` to compare the two
 * paths and read the counters to prove which one ran.
 */
export const rowPassSelection: { mode: 'auto' | 'composed'; fused: number; composed: number } = {
  mode: 'auto',
  fused: 0,
  composed: 0,
};

/** Whether this call should try the fused kernel. */
export function useFusedRows(): boolean {
  return rowPassSelection.mode === 'auto' && fusedKernelsAvailable();
}

/** Rows for the fused kernel: `[N, C]` float32 logits and either `[N]` int32 labels or `[N, C]` float32 targets. */
export interface FusedRowsInput {
  logits: tf.Tensor;
  labels: tf.Tensor | null;
  targets: tf.Tensor | null;
  epsilon: number;
  classWeights: Float32Array | null;
  prior: Float32Array | null;
  ignoreIndex: number | undefined;
  reduction: Reduction;
}

/** What the fused pass returns. */
export interface FusedRows {
  /** ℓ_n per row, `[N]` (0 on ignored rows). */
  losses: tf.Tensor;
  /**
   * The reduced loss for `'sum'` and `'mean'`, from the per-row losses summed in float64 on the host (0 for no rows);
   * `'mean'` is NaN when its divisor (PyTorch's Σ_n w_{y_n}·m_n for index targets, N for probability targets) is 0.
   * Undefined for `'none'`.
   */
  reduced: number | undefined;
  /** What backward multiplies the upstream gradient by: {@link meanScale} of the divisor for `'mean'`, else 1. */
  upstreamScale: number;
  /**
   * `[N, C]`: ∂ℓ_n/∂z_n per row for `'none'`; for `'sum'` and `'mean'` already the gradient of the reduced loss (the
   * kernel applies 1/divisor in the same pass), so backward only scales by dy. For `'mean'` over a divisor of 0 it is
   * PyTorch's: NaN on every row that is not ignored, 0 on ignored rows (the kernel's scale is then NaN).
   */
  gradient: tf.Tensor;
}

/**
 * One fused pass (row max, Σexp, loss and gradient per row) over the tensors' memory, read without a copy out of tfjs
 * (`viewTensorData`), with the gradient written straight into a new tensor (`createTensorWith`). Returns null when the
 * kernel rejects the rows (non-finite values, or labels out of range when checks are off), so that the caller can
 * name the bad argument or fall back to the composed ops. Only the logits' gradient is produced: probability targets
 * get theirs from `target-gradient.ts`.
 */
export function fusedRowsForward(input: FusedRowsInput): FusedRows | null {
  const { logits, labels, targets, epsilon, classWeights, prior, ignoreIndex, reduction } = input;
  const [rows, classes] = logits.shape as [number, number];
  let result: LsceForwardBackwardResult | undefined;
  let failure: unknown;
  const gradient = createTensorWith([rows, classes], 'float32', (values) => {
    try {
      // Views are taken here, after the output was allocated: allocating may move the WASM heap.
      const target =
        labels === null
          ? { targets: viewTensorData(targets as tf.Tensor) as Float32Array }
          : { labels: viewTensorData(labels) as Int32Array, ignoreIndex };
      result = lsceForwardBackward({
        logits: viewTensorData(logits) as Float32Array,
        rows,
        classes,
        ...target,
        epsilon,
        classWeights: classWeights ?? undefined,
        prior: prior ?? undefined,
        reduction,
        outputs: { gradient: values as Float32Array },
      });
    } catch (error) {
      failure = error;
    }
  });
  if (result === undefined) {
    gradient.dispose();
    if (SoftlabelsError.isInstance(failure)) return null;
    throw failure;
  }
  rowPassSelection.fused += 1;
  const losses = tf.tensor1d(result.loss);
  // The kernel's reduced loss is the per-row losses summed in float64; over a 'mean' divisor of 0 it is NaN, and the
  // kernel already wrote PyTorch's gradient (NaN on rows not ignored, 0 on ignored rows).
  const upstreamScale = reduction === 'mean' ? meanScale(result.meanDivisor) : 1;
  return { losses, reduced: result.reduced, upstreamScale, gradient };
}

/**
 * The logits' gradient from a saved {@link FusedRows.gradient} and the upstream dy: a per-row product for `'none'`;
 * for reduced losses dy is a scalar, read on the host (the fused path only runs on host-memory backends), and the
 * common dy = 1 costs no pass at all: a reshape to the same shape is a new tensor sharing the saved one's memory
 * (`tf.clone` copies on the wasm backend: 15 ms for 512×32000).
 */
export function scaleFusedGradient(gradient: tf.Tensor, dy: tf.Tensor, reduction: Reduction): tf.Tensor {
  if (reduction === 'none') return tf.mul(gradient, tf.reshape(dy, [gradient.shape[0] as number, 1]));
  return (dy.dataSync()[0] as number) === 1
    ? tf.reshape(gradient, gradient.shape)
    : tf.mul(gradient, tf.reshape(dy, []));
}
