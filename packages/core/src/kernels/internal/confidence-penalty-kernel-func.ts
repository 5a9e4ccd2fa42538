import type * as tf from '@tensorflow/tfjs-core';

import { ConfidencePenaltyKernel } from '../confidence-penalty-kernel';
import { checkNumber } from '../../validation/check-number';
import { runConfidencePenaltyRows } from './confidence-penalty-rows';
import { checkRowLossAttrs, classVectorAttr, rowTargetsOf } from './row-loss-attrs';
import { createRowLossKernelFunc } from './row-loss-kernel-func';

/** The kernel function of `ConfidencePenaltyKernel` on `backendName`: its attrs checked, then one fused pass. */
export function createConfidencePenaltyKernelFunc(backendName: 'wasm' | 'cpu'): tf.KernelFunc {
  return createRowLossKernelFunc(backendName, (views, attrs) => {
    const { reduction, epsilon, ignoreIndex } = checkRowLossAttrs(attrs, ConfidencePenaltyKernel);
    const beta = checkNumber(attrs.beta, 'attrs.beta', ConfidencePenaltyKernel, { min: 0 });
    const classWeights = classVectorAttr(
      attrs.classWeights,
      views.classes,
      'attrs.classWeights',
      ConfidencePenaltyKernel,
    );
    return runConfidencePenaltyRows({
      logits: views.logits,
      rows: views.rows,
      classes: views.classes,
      target: rowTargetsOf(views, ignoreIndex, ConfidencePenaltyKernel),
      classWeights,
      epsilon,
      beta,
      reduction,
      loss: views.loss ?? new Float32Array(views.rows),
      gradient: views.gradient,
      functionName: ConfidencePenaltyKernel,
    });
  });
}
