import { checkChoice, checkNumber } from '../../validation/check-number';
import { checkClassVector, checkIndexLabels } from './check-kernel-input';
import type { RowLossViews } from './row-loss-kernel-func';
import type { RowTargets } from './row-targets';

const REDUCTIONS = ['none', 'sum', 'mean'] as const;

/** The attrs every fused row loss shares, checked: the reduction, ε in [0, 1] and the ignore index. */
export interface RowLossCommonAttrs {
  reduction: 'none' | 'sum' | 'mean';
  epsilon: number;
  ignoreIndex: number | undefined;
}

/** Checks the attrs every fused row loss shares (errors under the kernel's name `functionName`). */
export function checkRowLossAttrs(attrs: Record<string, unknown>, functionName: string): RowLossCommonAttrs {
  return {
    reduction: checkChoice(attrs.reduction, REDUCTIONS, 'attrs.reduction', functionName),
    epsilon: checkNumber(attrs.epsilon, 'attrs.epsilon', functionName, { min: 0, max: 1 }),
    ignoreIndex:
      attrs.ignoreIndex === undefined
        ? undefined
        : checkNumber(attrs.ignoreIndex, 'attrs.ignoreIndex', functionName, { integer: true }),
  };
}

/** The call's targets: labels checked to lie in [0, classes) (or be the ignore index), or the probability rows. */
export function rowTargetsOf(views: RowLossViews, ignoreIndex: number | undefined, functionName: string): RowTargets {
  if (views.labels === undefined) return { kind: 'targets', targets: views.targets as Float32Array };
  return {
    kind: 'labels',
    labels: checkIndexLabels(views.labels, views.rows, views.classes, functionName, ignoreIndex),
    ignoreIndex,
  };
}

/** A per-class attr (α, class weights): `classes` finite values ≥ 0, or all ones when left out. */
export function classVectorAttr(
  value: unknown,
  classes: number,
  parameter: string,
  functionName: string,
): Float32Array {
  if (value === undefined) return new Float32Array(classes).fill(1);
  return checkClassVector(Float32Array.from(value as ArrayLike<number>), classes, parameter, functionName);
}
