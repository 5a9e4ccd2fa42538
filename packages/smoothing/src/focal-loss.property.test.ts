import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { definePropertySuite, expectClose, expectNoLeak } from '@softlabels/test-utils';

import { focalLoss } from './focal-loss';
import type { FocalLossOptions } from './focal-loss-options';

/** One call, small enough to print: shapes, values, options. */
interface FocalCase {
  leading: number[];
  classes: number;
  logits: number[];
  kind: 'index' | 'probability';
  /** Class indices (−1 = ignored when `ignore`), or unnormalised probability weights. */
  targets: number[];
  ignore: boolean;
  gamma: number | 'flsd-53';
  alpha: number[] | null;
  epsilon: number;
  reduction: 'mean' | 'sum' | 'none';
}

const focalCase: fc.Arbitrary<FocalCase> = fc
  .record({
    leading: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
    classes: fc.integer({ min: 1, max: 6 }),
    kind: fc.constantFrom('index' as const, 'probability' as const),
    ignore: fc.boolean(),
    gamma: fc.constantFrom(0, 0.25, 0.5, 1, 2, 3.7, 'flsd-53' as const),
    withAlpha: fc.boolean(),
    epsilon: fc.constantFrom(0, 0.1, 0.35),
    reduction: fc.constantFrom('mean' as const, 'sum' as const, 'none' as const),
  })
  .chain((shape) => {
    const rows = shape.leading.reduce((a, b) => a * b, 1);
    const size = rows * shape.classes;
    const value = fc.double({ min: -8, max: 8, noNaN: true }).map(Math.fround);
    return fc
      .record({
        logits: fc.array(value, { minLength: size, maxLength: size }),
        targets:
          shape.kind === 'index'
            ? fc.array(fc.integer({ min: shape.ignore ? -1 : 0, max: shape.classes - 1 }), {
                minLength: rows,
                maxLength: rows,
              })
            : fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: size, maxLength: size }),
        alpha: shape.withAlpha
          ? fc.array(fc.double({ min: 0, max: 2, noNaN: true }).map(Math.fround), {
              minLength: shape.classes,
              maxLength: shape.classes,
            })
          : fc.constant(null),
      })
      .map((values) => ({ ...shape, ...values, ignore: shape.ignore && shape.kind === 'index' }));
  });

/** Row-normalised float32 probability targets (a row of zeros becomes uniform). */
function probabilityTargets(input: FocalCase): number[] {
  const { classes, targets } = input;
  const result: number[] = [];
  for (let start = 0; start < targets.length; start += classes) {
    const row = targets.slice(start, start + classes);
    const total = row.reduce((a, b) => a + b, 0);
    result.push(...row.map((v) => Math.fround(total > 0 ? v / total : 1 / classes)));
  }
  return result;
}

/** Raw targets per row, float64: one-hot for indices (zeros for ignored rows), else the probabilities. */
function targetRows(input: FocalCase): { rows: number[][]; mask: number[] } {
  const { classes, kind, targets } = input;
  if (kind === 'probability') {
    const values = probabilityTargets(input);
    const rows: number[][] = [];
    for (let start = 0; start < values.length; start += classes) rows.push(values.slice(start, start + classes));
    return { rows, mask: rows.map(() => 1) };
  }
  return {
    rows: targets.map((label) => Array.from({ length: classes }, (_, k) => (k === label ? 1 : 0))),
    mask: targets.map((label) => (input.ignore && label === -1 ? 0 : 1)),
  };
}

function logSoftmax(row: readonly number[]): number[] {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((sum, v) => sum + Math.exp(v - max), 0));
  return row.map((v) => v - max - logSum);
}

/** p_y = Σ_k t_k·p_k per row. */
function trueClassProbabilities(logitRows: number[][], rows: number[][]): number[] {
  return logitRows.map((z, n) =>
    logSoftmax(z).reduce((sum, lp, k) => sum + Math.exp(lp) * ((rows[n] as number[])[k] as number), 0),
  );
}

/** γ per row at the given logits (FLSD-53 from p_y). */
function rowGammas(input: FocalCase, logitRows: number[][], rows: number[][]): number[] {
  const { gamma } = input;
  if (gamma !== 'flsd-53') return logitRows.map(() => gamma);
  return trueClassProbabilities(logitRows, rows).map((p) => (p < 0.2 ? 5 : 3));
}

/** The papers' formula in float64, γ per row given (held fixed, as the loss does under differentiation). */
function referenceLosses(input: FocalCase, logitRows: number[][], gammas: number[]): number[] {
  const { classes, epsilon, alpha } = input;
  const { rows, mask } = targetRows(input);
  return logitRows.map((z, n) => {
    const lp = logSoftmax(z);
    let loss = 0;
    for (let k = 0; k < classes; k += 1) {
      const s = ((rows[n] as number[])[k] as number) * (1 - epsilon) + epsilon / classes;
      const p = Math.exp(lp[k] as number);
      const gamma = gammas[n] as number;
      const modulating = gamma === 0 ? 1 : Math.pow(Math.max(0, 1 - p), gamma);
      loss -= (alpha === null ? 1 : (alpha[k] as number)) * s * modulating * (lp[k] as number);
    }
    return loss * (mask[n] as number);
  });
}

function reduce(input: FocalCase, losses: number[]): number[] {
  if (input.reduction === 'none') return losses;
  const total = losses.reduce((a, b) => a + b, 0);
  if (input.reduction === 'sum') return [total];
  const kept = targetRows(input).mask.reduce((a, b) => a + b, 0);
  return [kept > 0 ? total / kept : Number.NaN];
}

function split(values: readonly number[], classes: number): number[][] {
  const result: number[][] = [];
  for (let start = 0; start < values.length; start += classes) result.push(values.slice(start, start + classes));
  return result;
}

/** ∂Σ(loss)/∂logits by central differences of the float64 reference, γ fixed at the given point. */
function referenceGradient(input: FocalCase): number[] {
  const base = split(input.logits, input.classes);
  const gammas = rowGammas(input, base, targetRows(input).rows);
  const total = (logits: number[]): number =>
    reduce(input, referenceLosses(input, split(logits, input.classes), gammas)).reduce((a, b) => a + b, 0);
  const step = 1e-6;
  return input.logits.map((_, index) => {
    const up = [...input.logits];
    const down = [...input.logits];
    up[index] = (up[index] as number) + step;
    down[index] = (down[index] as number) - step;
    return (total(up) - total(down)) / (2 * step);
  });
}

async function checkCase(input: FocalCase): Promise<void> {
  const shape = [...input.leading, input.classes];
  const options: FocalLossOptions<'mean' | 'sum' | 'none'> = {
    gamma: input.gamma,
    epsilon: input.epsilon,
    reduction: input.reduction,
    ...(input.alpha === null ? {} : { alpha: input.alpha }),
    ...(input.ignore ? { ignoreIndex: -1 } : {}),
  };
  const base = split(input.logits, input.classes);
  // FLSD-53 jumps at p_y = 0.2: float32 and float64 may fall on either side of it there (e.g. constant rows of five
  // classes), so such cases are drawn again.
  fc.pre(
    input.gamma !== 'flsd-53' ||
      trueClassProbabilities(base, targetRows(input).rows).every((p) => Math.abs(p - 0.2) > 1e-5),
  );
  const expectedValue = reduce(input, referenceLosses(input, base, rowGammas(input, base, targetRows(input).rows)));
  const allIgnored = input.reduction === 'mean' && Number.isNaN(expectedValue[0]);
  await expectNoLeak(() => {
    const logits = tf.tensor(input.logits, shape);
    const targets =
      input.kind === 'index'
        ? tf.tensor(input.targets, input.leading, 'int32')
        : tf.tensor(probabilityTargets(input), shape);
    const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => tf.sum(focalLoss(z, targets, options)) as tf.Scalar)(
      logits,
    );
    const reported = focalLoss(logits, targets, options);
    expectClose(reported.dataSync(), expectedValue);
    expectClose(value.dataSync(), [expectedValue.reduce((a, b) => a + b, 0)]);
    // Finite differences carry ~1e-9 error of their own; 'mean' over no rows has a zero gradient.
    const expectedGradient = allIgnored ? input.logits.map(() => 0) : referenceGradient(input);
    expectClose(grad.dataSync(), expectedGradient, { relative: 1e-4, absolute: 1e-5 });
    tf.dispose([logits, targets, value, grad, reported]);
  });
}

definePropertySuite({
  name: `focalLoss properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'value and logits gradient match a float64 formula for any rank, γ, α, ε and reduction',
      arbitrary: focalCase,
      check: checkCase,
      runs: 120,
    },
  ],
});
