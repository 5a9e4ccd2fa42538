import { rejectNonFiniteRow } from './check-kernel-input';
import { rememberView } from './kernel-arena';
import type { RowTargets } from './row-targets';
import { type KernelArgument, runRowKernel } from './run-kernel';
import { sumFiniteRows } from './sum-finite-rows';

/** γ of the focal loss: one value for every row, or `low` on rows whose true-class probability is below `threshold`. */
export interface FocalGamma {
  value: number;
  low: number;
  /** 0 for one γ on every row. */
  threshold: number;
}

/** A checked focal-loss call on host arrays (see `FocalLossKernel` for the semantics). */
export interface FocalRowsCall {
  logits: Float32Array;
  rows: number;
  classes: number;
  target: RowTargets;
  /** α, one value per class. */
  alpha: Float32Array;
  epsilon: number;
  gamma: FocalGamma;
  reduction: 'none' | 'sum' | 'mean';
  /** Receives the per-row losses. */
  loss: Float32Array;
  /** Receives the gradient of the per-row ('none') or reduced loss. */
  gradient: Float32Array;
  functionName: string;
}

/**
 * Runs the fused focal-loss kernel: per-row losses into `call.loss`, the gradient into `call.gradient`, and returns the
 * reduced loss (undefined for 'none'). 'mean' divides by the rows that are not ignored, whatever α (NaN when there is
 * none, with a zero gradient). Rows holding a non-finite value throw an `InvalidArgumentError` naming it.
 */
export function runFocalRows(call: FocalRowsCall): number | undefined {
  const { logits, rows, classes, target, alpha, epsilon, gamma, reduction, loss, gradient, functionName } = call;
  let counted = rows;
  if (target.kind === 'labels' && target.ignoreIndex !== undefined) {
    counted = 0;
    for (let row = 0; row < rows; row += 1) if (target.labels[row] !== target.ignoreIndex) counted += 1;
  }
  const gradientScale = reduction === 'mean' ? (counted > 0 ? 1 / counted : 0) : 1;
  const liveLogits = rememberView(logits);
  const liveTargets = target.kind === 'targets' ? rememberView(target.targets) : undefined;
  const none: KernelArgument = { kind: 'none' };
  runRowKernel(
    'focalRows',
    rows,
    [
      { kind: 'rows-in', array: logits, width: classes },
      { kind: 'scalar', value: classes },
      target.kind === 'labels' ? { kind: 'rows-in', array: target.labels, width: 1 } : none,
      target.kind === 'targets' ? { kind: 'rows-in', array: target.targets, width: classes } : none,
      { kind: 'vector-in', array: alpha },
      { kind: 'scalar', value: epsilon },
      { kind: 'scalar', value: gamma.value },
      { kind: 'scalar', value: gamma.low },
      { kind: 'scalar', value: gamma.threshold },
      { kind: 'scalar', value: target.kind === 'labels' && target.ignoreIndex !== undefined ? 1 : 0 },
      { kind: 'scalar', value: target.kind === 'labels' ? (target.ignoreIndex ?? 0) : 0 },
      { kind: 'scalar', value: gradientScale },
      { kind: 'rows-out', array: loss, width: 1 },
      { kind: 'rows-out', array: gradient, width: classes },
    ],
    { functionName },
  );
  const total = sumFiniteRows(
    loss,
    (row) => {
      rejectNonFiniteRow(liveLogits(), row, classes, 'logits', functionName);
      if (liveTargets !== undefined) rejectNonFiniteRow(liveTargets(), row, classes, 'targets', functionName);
    },
    'logits',
    functionName,
  );
  if (reduction === 'none') return undefined;
  if (reduction === 'sum') return total;
  return counted > 0 ? total / counted : Number.NaN;
}
