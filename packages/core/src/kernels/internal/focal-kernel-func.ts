import type * as tf from '@tensorflow/tfjs-core';

import { FocalLossKernel } from '../focal-loss-kernel';
import { InvalidArgumentError } from '../../errors/invalid-argument-error';
import { checkNumber } from '../../validation/check-number';
import { type FocalGamma, runFocalRows } from './focal-rows';
import { checkRowLossAttrs, classVectorAttr, rowTargetsOf } from './row-loss-attrs';
import { createRowLossKernelFunc } from './row-loss-kernel-func';

/** FLSD-53 (Mukhoti et al. 2020): γ = 5 where the true-class probability is below 0.2, else 3. */
const FLSD_53: FocalGamma = { value: 3, low: 5, threshold: 0.2 };

function gammaOf(gamma: unknown): FocalGamma {
  if (gamma === 'flsd-53') return FLSD_53;
  const value = checkNumber(gamma, 'attrs.gamma', FocalLossKernel, { min: 0 });
  return { value, low: value, threshold: 0 };
}

/** The kernel function of `FocalLossKernel` on `backendName`: its attrs checked, then one fused pass. */
export function createFocalKernelFunc(backendName: 'wasm' | 'cpu'): tf.KernelFunc {
  return createRowLossKernelFunc(backendName, (views, attrs) => {
    const { reduction, epsilon, ignoreIndex } = checkRowLossAttrs(attrs, FocalLossKernel);
    const gamma = gammaOf(attrs.gamma);
    const alpha = classVectorAttr(attrs.alpha, views.classes, 'attrs.alpha', FocalLossKernel);
    const target = rowTargetsOf(views, ignoreIndex, FocalLossKernel);
    if (target.kind === 'targets' && gamma.threshold > 0) {
      // The targets' gradient would need each row's γ, which depends on the targets themselves.
      throw new InvalidArgumentError({
        functionName: FocalLossKernel,
        parameter: 'attrs.gamma',
        value: attrs.gamma,
        expected: "be a number with probability targets ('flsd-53' takes index targets)",
      });
    }
    return runFocalRows({
      logits: views.logits,
      rows: views.rows,
      classes: views.classes,
      target,
      alpha,
      epsilon,
      gamma,
      reduction,
      loss: views.loss ?? new Float32Array(views.rows),
      gradient: views.gradient,
      functionName: FocalLossKernel,
    });
  });
}
