import { checkFinite } from '../../validation/check-values';
import type { LinearSoftmaxNllData } from '../create-linear-softmax-nll';
import { checkDimensions, checkFloat64, checkIndexLabels, checkOptionsObject } from './check-kernel-input';
import { ReservedArena } from './kernel-arena';
import { createOwnKernels, type RowKernelName } from './kernel-instance';
import { kernelPool } from './kernel-threads';
import { pinArrays, unpinWhenCollected } from './resident-data';
import { THREAD_THRESHOLD } from './run-kernel';

/** Rows x and labels of a softmax(W x + b) objective, validated and pinned in kernel memory. */
export interface ResidentLinearSoftmaxRows {
  rows: number;
  classes: number;
  /** Entries of θ: classes² + classes. */
  parameters: number;
  /** The caller's rows (validated; kernel memory holds a copy). */
  inputs: Float64Array;
  labels: Int32Array;
  /** The workers' shared memory for large data (≥ 2¹⁸ values) when threads are on, else a memory of its own. */
  arena: ReservedArena;
  /** Where the rows, the labels and then each block of `workingBytes` lie. */
  pointers: number[];
  /** The scratch bytes the linear-softmax kernels take per block. */
  scratchBytes: number;
  /** Unpins the data once `owner` (what the caller returns) is garbage-collected. */
  unpinWith(owner: object): void;
}

/**
 * Validates `data` for `functionName` (an options object of inputs, rows, classes and labels: float64 finite rows,
 * labels in range) and pins the rows, the labels and blocks of working memory (`workingBytes` of the validated
 * `rows × classes`) in kernel memory; a failed pin is a KernelError naming `kernel`.
 */
export function residentLinearSoftmaxRows(
  data: LinearSoftmaxNllData,
  functionName: string,
  kernel: RowKernelName,
  workingBytes: (size: number) => number[] = () => [],
): ResidentLinearSoftmaxRows {
  const raw = checkOptionsObject<LinearSoftmaxNllData>(data, functionName, '{ inputs, rows, classes, labels }', [
    'inputs',
    'rows',
    'classes',
    'labels',
  ]);
  const { rows, classes } = checkDimensions(raw.rows, raw.classes, functionName);
  const inputs = checkFloat64(raw.inputs, rows * classes, 'options.inputs', functionName, 'rows·classes');
  checkFinite(inputs, 'options.inputs', functionName);
  const labels = checkIndexLabels(raw.labels, rows, classes, functionName);
  const pool = inputs.length >= THREAD_THRESHOLD ? kernelPool() : undefined;
  const arena = pool?.arena ?? new ReservedArena(createOwnKernels());
  const pointers = pinArrays(arena, [inputs, labels, ...workingBytes(inputs.length)], {
    functionName,
    kernel,
    shape: [rows, classes],
  });
  return {
    rows,
    classes,
    parameters: classes * classes + classes,
    inputs,
    labels,
    arena,
    pointers,
    scratchBytes: arena.kernels.linearSoftmaxScratchBytes(classes),
    unpinWith(owner) {
      if (pool !== undefined) unpinWhenCollected(owner, arena, pointers);
    },
  };
}
