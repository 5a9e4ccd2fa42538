import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { treeSum } from '@softlabels/core';
import {
  classWeightsRecipe,
  type ClassWeightsRecipe,
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
  expectWithin,
  FLOAT32_BOUND,
  logSoftmaxRow,
  lsceReference,
  realiseClassWeights,
  realiseDistributions,
  realiseValues,
  SeededValues,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { confidencePenaltyCrossEntropy } from './confidence-penalty-cross-entropy';
import type { ConfidencePenaltyCrossEntropyOptions } from './confidence-penalty-cross-entropy-options';
import { labelSmoothingCrossEntropy } from './label-smoothing-cross-entropy';

/** One call: shapes, inputs (as seeds) and options. */
interface PenaltyCase {
  /** The logits' leading axes (rank 1–2: logits of rank 2–3). */
  leading: number[];
  classes: number;
  logits: ValueRecipe;
  target: { kind: 'index'; seed: number; ignore: boolean } | { kind: 'probability'; values: ValueRecipe };
  beta: number;
  epsilon: number;
  reduction: 'none' | 'sum' | 'mean';
  weights: ClassWeightsRecipe;
}

const IGNORE = -1;

const penaltyCase: fc.Arbitrary<PenaltyCase> = fc.record({
  leading: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 2 }),
  classes: fc.integer({ min: 1, max: 9 }),
  logits: valueRecipe(),
  target: fc.oneof(
    fc.record({ kind: fc.constant('index' as const), seed: fc.nat(), ignore: fc.boolean() }),
    fc.record({ kind: fc.constant('probability' as const), values: valueRecipe() }),
  ),
  beta: fc.constantFrom(0, 0.1, 0.5, 3),
  epsilon: fc.constantFrom(0, 0.1, 1),
  reduction: fc.constantFrom('none' as const, 'sum' as const, 'mean' as const),
  weights: classWeightsRecipe(),
});

interface Realised {
  rows: number;
  logits: Float32Array;
  labels: Int32Array | undefined;
  targets: Float32Array | undefined;
  classWeights: Float32Array | undefined;
  options: ConfidencePenaltyCrossEntropyOptions<'none' | 'sum' | 'mean'>;
}

function realise(spec: PenaltyCase): Realised {
  const rows = spec.leading.reduce((product, size) => product * size, 1);
  const logits = realiseValues(spec.logits, rows * spec.classes, spec.classes);
  const classWeights = realiseClassWeights(spec.weights, spec.classes);
  let labels: Int32Array | undefined;
  let targets: Float32Array | undefined;
  if (spec.target.kind === 'index') {
    const { ignore } = spec.target;
    const random = new SeededValues(spec.target.seed);
    labels = Int32Array.from({ length: rows }, () =>
      ignore && random.uniform() < 0.3 ? IGNORE : random.int(spec.classes),
    );
  } else {
    targets = realiseDistributions(spec.target.values, rows, spec.classes);
  }
  const options: Realised['options'] = {
    beta: spec.beta,
    epsilon: spec.epsilon,
    reduction: spec.reduction,
    ...(classWeights === undefined ? {} : { classWeights }),
    ...(spec.target.kind === 'index' && spec.target.ignore ? { ignoreIndex: IGNORE } : {}),
  };
  return { rows, logits, labels, targets, classWeights, options };
}

/**
 * Float64 reference of the reduced loss and of the gradient of its sum: `lsceReference` (PyTorch's cross-entropy) for
 * the cross-entropy term, H = −Σ p·log p from a float64 log-softmax and ∂H/∂z_j = −p_j·(log p_j + H) for the penalty,
 * with the magnitudes of their terms for float32 error bounds.
 */
function reference(spec: PenaltyCase, data: Realised) {
  const { rows, logits, labels, targets, classWeights } = data;
  const { classes, beta, reduction } = spec;
  const ce = lsceReference({
    logits,
    rows,
    classes,
    epsilon: spec.epsilon,
    ...(labels === undefined ? {} : { labels }),
    ...(targets === undefined ? {} : { targets }),
    ...(classWeights === undefined ? {} : { classWeights }),
    ...(data.options.ignoreIndex === undefined ? {} : { ignoreIndex: IGNORE }),
  });
  const entropy = new Float64Array(rows);
  const entropyGradient = new Float64Array(rows * classes);
  const entropyGradientSize = new Float64Array(rows * classes);
  for (let n = 0; n < rows; n += 1) {
    if (ce.ignored[n] === 1) continue;
    const lp = logSoftmaxRow(logits, n * classes, classes);
    let h = 0;
    for (let c = 0; c < classes; c += 1) h -= Math.exp(lp[c] as number) * (lp[c] as number);
    entropy[n] = h;
    for (let c = 0; c < classes; c += 1) {
      const p = Math.exp(lp[c] as number);
      entropyGradient[n * classes + c] = -p * ((lp[c] as number) + h);
      entropyGradientSize[n * classes + c] = p * (Math.abs(lp[c] as number) + h + 1);
    }
  }
  const kept = rows - ce.ignored.reduce((sum, flag) => sum + flag, 0);
  // Per-row factors of the two terms in the reduced loss.
  const ceScale = reduction === 'mean' ? (ce.meanDivisor === 0 ? Number.NaN : 1 / ce.meanDivisor) : 1;
  const penaltyScale = reduction === 'mean' ? 1 / Math.max(kept, 1) : 1;
  const rowValue = (n: number): number =>
    ceScale * (ce.loss[n] as number) - beta * penaltyScale * (entropy[n] as number);
  const rowSize = (n: number): number =>
    Math.abs(ceScale) * (ce.lossMagnitude[n] as number) + beta * penaltyScale * ((entropy[n] as number) + 1);
  let value: number[];
  let valueSize: number[];
  if (reduction === 'none') {
    value = Array.from({ length: rows }, (_, n) => rowValue(n));
    valueSize = Array.from({ length: rows }, (_, n) => rowSize(n));
  } else {
    let total = reduction === 'mean' && ce.meanDivisor === 0 ? Number.NaN : 0;
    let size = 0;
    for (let n = 0; n < rows; n += 1) {
      total += rowValue(n);
      size += rowSize(n);
    }
    value = [total];
    valueSize = [size];
  }
  const gradient = new Float64Array(rows * classes);
  const gradientSize = new Float64Array(rows * classes);
  for (let index = 0; index < rows * classes; index += 1) {
    const n = Math.floor(index / classes);
    if (ce.ignored[n] === 1) continue;
    gradient[index] =
      ceScale * (ce.gradient[index] as number) - beta * penaltyScale * (entropyGradient[index] as number);
    gradientSize[index] =
      Math.abs(ceScale) * (ce.gradientMagnitude[index] as number) +
      beta * penaltyScale * (entropyGradientSize[index] as number);
  }
  return { value, valueSize, gradient, gradientSize };
}

function tensorsOf(spec: PenaltyCase, data: Realised): { logits: tf.Tensor; labels: tf.Tensor } {
  const shape = [...spec.leading, spec.classes];
  const logits = tf.tensor(data.logits, shape);
  const labels =
    data.labels === undefined
      ? tf.tensor(data.targets as Float32Array, shape)
      : tf.tensor(data.labels, spec.leading, 'int32');
  return { logits, labels };
}

/** The first property: value and gradient against {@link reference}. */
function checkReference(spec: PenaltyCase): void {
  const data = realise(spec);
  const expected = reference(spec, data);
  const context = JSON.stringify(spec);
  expectNoTensorLeak(context, () =>
    tf.tidy(() => {
      const { logits, labels } = tensorsOf(spec, data);
      const value = confidencePenaltyCrossEntropy(logits, labels, data.options);
      expectWithin(`${context} value`, value.dataSync(), expected.value, FLOAT32_BOUND, expected.valueSize);
      const gradient = tf.grad((z: tf.Tensor) => tf.sum(confidencePenaltyCrossEntropy(z, labels, data.options)))(
        logits,
      );
      expectWithin(`${context} gradient`, gradient.dataSync(), expected.gradient, FLOAT32_BOUND, expected.gradientSize);
    }),
  );
}

/** The second property: β = 0 changes nothing. */
function checkIdentity(spec: PenaltyCase): void {
  const data = realise(spec);
  const { beta: _beta, ...crossEntropyOptions } = data.options;
  const context = JSON.stringify(spec);
  expectNoTensorLeak(context, () =>
    tf.tidy(() => {
      const { logits, labels } = tensorsOf(spec, data);
      // treeSum, not tf.sum: tfjs-backend-wasm's Sum leaves its output unwritten for an empty input.
      const penalised = (z: tf.Tensor): tf.Tensor => treeSum(confidencePenaltyCrossEntropy(z, labels, data.options));
      const plain = (z: tf.Tensor): tf.Tensor => treeSum(labelSmoothingCrossEntropy(z, labels, crossEntropyOptions));
      expectSameBits(`${context} value`, penalised(logits).dataSync(), plain(logits).dataSync());
      expectSameBits(`${context} gradient`, tf.grad(penalised)(logits).dataSync(), tf.grad(plain)(logits).dataSync());
    }),
  );
}

definePropertySuite({
  name: 'confidencePenaltyCrossEntropy',
  properties: [
    {
      name: 'value and gradient are cross-entropy − β·H within float32 rounding of a float64 reference',
      arbitrary: penaltyCase,
      runs: 150,
      check: checkReference,
    },
    {
      name: 'β = 0 gives labelSmoothingCrossEntropy bit for bit, value and gradient',
      arbitrary: penaltyCase.map((spec) => ({ ...spec, beta: 0 })),
      runs: 60,
      check: checkIdentity,
    },
  ],
});
