import { rejectNonFiniteRow } from './check-kernel-input';
import { rememberView } from './kernel-arena';
import type { RowTargets } from './row-targets';
import { type KernelArgument, runRowKernel } from './run-kernel';
import { sumFiniteRows } from './sum-finite-rows';

/** A checked confidence-penalty call on host arrays (see `ConfidencePenaltyKernel` for the semantics). */
export interface ConfidencePenaltyRowsCall {
  logits: Float32Array;
  rows: number;
  classes: number;
  target: RowTargets;
  /** Class weights of the cross-entropy term, one per class. */
  classWeights: Float32Array;
  epsilon: number;
  beta: number;
  reduction: 'none' | 'sum' | 'mean';
  /** Receives the per-row losses CE_n − β·H_n. */
  loss: Float32Array;
  /** Receives the gradient of the per-row ('none') or reduced loss. */
  gradient: Float32Array;
  functionName: string;
}

/**
 * Runs the fused confidence-penalty kernel: per row the label-smoothed cross-entropy minus β times the entropy of the
 * prediction, into `call.loss`, the gradient into `call.gradient`; returns the reduced loss (undefined for 'none').
 * 'mean' is the cross-entropy's PyTorch mean (divided by Σ w_{y_n} over the rows that are not ignored, or by the row
 * count for probability targets; NaN for a divisor of 0) minus β times the mean entropy over the rows that are not
 * ignored (divided by 1 when there are none). Rows holding a non-finite value throw an `InvalidArgumentError`.
 */
export function runConfidencePenaltyRows(call: ConfidencePenaltyRowsCall): number | undefined {
  const { logits, rows, classes, target, classWeights, epsilon, beta, reduction, loss, gradient, functionName } = call;
  let crossEntropyDivisor = rows;
  let counted = rows;
  if (target.kind === 'labels') {
    crossEntropyDivisor = 0;
    counted = 0;
    for (let row = 0; row < rows; row += 1) {
      const label = target.labels[row] as number;
      if (label === target.ignoreIndex) continue;
      crossEntropyDivisor += classWeights[label] as number;
      counted += 1;
    }
  }
  const mean = reduction === 'mean';
  const crossEntropyScale = mean ? (crossEntropyDivisor > 0 ? 1 / crossEntropyDivisor : Number.NaN) : 1;
  const penaltyDivisor = mean ? Math.max(counted, 1) : 1;
  const uniform = 1 / classes;
  // Index targets take q = π·w (π uniform), probability targets π itself (their weights multiply the whole target).
  const q =
    target.kind === 'labels' ? classWeights.map((weight) => weight * uniform) : new Float32Array(classes).fill(uniform);
  const entropy = new Float32Array(rows);
  const liveLogits = rememberView(logits);
  const liveTargets = target.kind === 'targets' ? rememberView(target.targets) : undefined;
  const none: KernelArgument = { kind: 'none' };
  runRowKernel(
    'confidencePenaltyRows',
    rows,
    [
      { kind: 'rows-in', array: logits, width: classes },
      { kind: 'scalar', value: classes },
      target.kind === 'labels' ? { kind: 'rows-in', array: target.labels, width: 1 } : none,
      target.kind === 'targets' ? { kind: 'rows-in', array: target.targets, width: classes } : none,
      { kind: 'vector-in', array: classWeights },
      { kind: 'vector-in', array: q },
      { kind: 'scalar', value: epsilon },
      { kind: 'scalar', value: target.kind === 'labels' && target.ignoreIndex !== undefined ? 1 : 0 },
      { kind: 'scalar', value: target.kind === 'labels' ? (target.ignoreIndex ?? 0) : 0 },
      { kind: 'scalar', value: crossEntropyScale },
      { kind: 'scalar', value: beta / penaltyDivisor },
      { kind: 'rows-out', array: loss, width: 1 },
      { kind: 'rows-out', array: entropy, width: 1 },
      { kind: 'rows-out', array: gradient, width: classes },
    ],
    { functionName },
  );
  const reject = (row: number): void => {
    rejectNonFiniteRow(liveLogits(), row, classes, 'logits', functionName);
    if (liveTargets !== undefined) rejectNonFiniteRow(liveTargets(), row, classes, 'targets', functionName);
  };
  const crossEntropyTotal = sumFiniteRows(loss, reject, 'logits', functionName);
  const entropyTotal = sumFiniteRows(entropy, reject, 'logits', functionName);
  for (let row = 0; row < rows; row += 1) loss[row] = (loss[row] as number) - beta * (entropy[row] as number);
  if (reduction === 'none') return undefined;
  if (reduction === 'sum') return crossEntropyTotal - beta * entropyTotal;
  return crossEntropyTotal * crossEntropyScale - (beta * entropyTotal) / penaltyDivisor;
}
