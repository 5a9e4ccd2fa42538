import * as tf from '@tensorflow/tfjs-core';
import { expectClose, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { RandomSource } from '../random/random-source';
import { lsceReference, type LsceReferenceInput } from './internal/float64-reference';
import { lsceForwardBackward, prepareLsceForwardBackwardOptions } from './lsce-forward-backward';

// A fixed seed (named in the suite's title, so a failure says which inputs it drew).
const seed = 42026;
const random = new RandomSource(seed);
const message = `seed ${seed} (new RandomSource(${seed}) reproduces this run)`;

// Float32 kernel vs float64 reference: the loss is a sum of C non-negative float32 terms; the gradient entries are
// float32 products of probabilities in [0, 1] and weights.
const LOSS = { relative: 2e-5, absolute: 2e-6 };
const GRADIENT = { relative: 1e-4, absolute: 2e-6 };

function normals(length: number, scale: number): Float32Array {
  return Float32Array.from({ length }, () => random.normal() * scale);
}

function distribution(length: number): Float32Array {
  const values = Array.from({ length }, () => random.uniform() + 1e-3);
  const total = values.reduce((sum, value) => sum + value, 0);
  return Float32Array.from(values, (value) => value / total);
}

interface RandomCase {
  name: string;
  rows: number;
  classes: number;
  epsilon: number;
  scale: number;
  weights?: boolean;
  ignore?: number;
  prior?: boolean;
  probability?: boolean;
}

const randomCases: RandomCase[] = [
  { name: 'uniform prior', rows: 17, classes: 10, epsilon: 0.1, scale: 3 },
  { name: 'wide rows, not a multiple of 4', rows: 5, classes: 1001, epsilon: 0.1, scale: 5 },
  { name: 'eps 0', rows: 9, classes: 13, epsilon: 0, scale: 2 },
  { name: 'eps 1', rows: 9, classes: 13, epsilon: 1, scale: 2 },
  { name: 'class weights', rows: 12, classes: 33, epsilon: 0.2, scale: 3, weights: true },
  {
    name: 'weights, ignore index, prior',
    rows: 15,
    classes: 7,
    epsilon: 0.3,
    scale: 3,
    weights: true,
    ignore: -100,
    prior: true,
  },
  { name: 'probability targets', rows: 11, classes: 6, epsilon: 0.1, scale: 3, probability: true },
  {
    name: 'probability targets, weights, prior',
    rows: 11,
    classes: 37,
    epsilon: 0.25,
    scale: 4,
    weights: true,
    prior: true,
    probability: true,
  },
  { name: 'one class', rows: 4, classes: 1, epsilon: 0.1, scale: 3 },
  { name: 'two classes', rows: 8, classes: 2, epsilon: 0.1, scale: 3, weights: true },
  { name: 'huge logits ±1e4', rows: 6, classes: 9, epsilon: 0.1, scale: 1e4 },
];

function build(spec: RandomCase): LsceReferenceInput & { logits: Float32Array } {
  const { rows, classes, epsilon } = spec;
  const input: LsceReferenceInput & { logits: Float32Array } = {
    logits: normals(rows * classes, spec.scale),
    rows,
    classes,
    epsilon,
  };
  if (spec.probability) {
    input.targets = Float32Array.from(Array.from({ length: rows }, () => Array.from(distribution(classes))).flat());
  } else {
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    if (spec.ignore !== undefined) for (let row = 0; row < rows; row += 3) labels[row] = spec.ignore;
    input.labels = labels;
    input.ignoreIndex = spec.ignore;
  }
  if (spec.weights) input.classWeights = Float32Array.from({ length: classes }, () => 0.1 + 2 * random.uniform());
  if (spec.prior) input.prior = distribution(classes);
  return input;
}

function run(input: LsceReferenceInput & { logits: Float32Array }) {
  return lsceForwardBackward({
    logits: input.logits,
    rows: input.rows,
    classes: input.classes,
    labels: input.labels as Int32Array | undefined,
    targets: input.targets as Float32Array | undefined,
    epsilon: input.epsilon,
    classWeights: input.classWeights as Float32Array | undefined,
    ignoreIndex: input.ignoreIndex,
    prior: input.prior as Float32Array | undefined,
  });
}

describe(`lsceForwardBackward against a float64 reference (${message})`, () => {
  it.each(randomCases)('$name', (spec) => {
    const input = build(spec);
    const result = run(input);
    const reference = lsceReference(input);
    const scale = spec.scale > 100 ? spec.scale : 1;
    expectClose(result.loss, reference.loss, { relative: LOSS.relative, absolute: LOSS.absolute * scale });
    expectClose(result.gradient ?? [], reference.gradient, GRADIENT);
    expect(result.meanDivisor).toBeCloseTo(reference.meanDivisor, 5);
  });

  it('gives identical rows the same loss and the uniform-row gradient', () => {
    const classes = 6;
    const logits = new Float32Array(3 * classes).fill(2.5);
    const result = lsceForwardBackward({ logits, rows: 3, classes, labels: new Int32Array([0, 3, 5]), epsilon: 0.1 });
    expectClose(result.loss, [Math.log(6), Math.log(6), Math.log(6)], LOSS);
    const expected = lsceReference({ logits, rows: 3, classes, labels: [0, 3, 5], epsilon: 0.1 }).gradient;
    expectClose(result.gradient ?? [], expected, GRADIENT);
  });

  it('skips the gradient when asked and writes into given arrays', () => {
    const input = build(randomCases[0] as RandomCase);
    const loss = new Float32Array(input.rows);
    const result = lsceForwardBackward({
      logits: input.logits,
      rows: input.rows,
      classes: input.classes,
      labels: input.labels as Int32Array,
      epsilon: 0.1,
      gradient: false,
      outputs: { loss },
    });
    expect(result.gradient).toBeUndefined();
    expect(result.loss).toBe(loss);
    expectClose(loss, lsceReference(input).loss, LOSS);
  });
});

interface TorchLsceCase {
  name: string;
  rows: number;
  classes: number;
  epsilon: number;
  logits: number[];
  loss: number[];
  gradient: number[];
  labels?: number[];
  targets?: number[];
  classWeights?: number[];
  ignoreIndex?: number;
  meanDivisor: number | null;
}

const torchCases = loadFixture<{ lsce: TorchLsceCase[] }>(import.meta.url, './__fixtures__/kernels-torch.json').lsce;

describe(`lsceForwardBackward reductions (${message})`, () => {
  it.each(['sum', 'mean'] as const)('scales the gradient for %s and reports the reduced loss', (reduction) => {
    const spec = randomCases[5] as RandomCase;
    const input = build(spec);
    const reference = lsceReference(input);
    const result = lsceForwardBackward({
      logits: input.logits,
      rows: input.rows,
      classes: input.classes,
      labels: input.labels as Int32Array,
      ignoreIndex: input.ignoreIndex,
      classWeights: input.classWeights as Float32Array,
      prior: input.prior as Float32Array,
      epsilon: input.epsilon,
      reduction,
    });
    const divisor = reduction === 'mean' ? reference.meanDivisor : 1;
    const total = reference.loss.reduce((sum, value) => sum + value, 0);
    expectClose(result.reduced ?? Number.NaN, total / divisor, LOSS);
    expectClose(
      result.gradient ?? [],
      reference.gradient.map((value) => value / divisor),
      GRADIENT,
    );
  });

  it('follows PyTorch when every row is ignored: mean NaN, gradient 0', () => {
    const result = lsceForwardBackward({
      logits: new Float32Array([1, 2, 3, 4]),
      rows: 2,
      classes: 2,
      labels: new Int32Array([-100, -100]),
      ignoreIndex: -100,
      epsilon: 0.1,
      reduction: 'mean',
    });
    expect(result.reduced).toBeNaN();
    expect(Array.from(result.gradient ?? [])).toEqual([0, 0, 0, 0]);
  });
});

describe('lsceForwardBackward against PyTorch 1.13 cross_entropy(label_smoothing) and autograd', () => {
  it.each(torchCases)('$name', (fixture) => {
    const result = lsceForwardBackward({
      logits: Float32Array.from(fixture.logits),
      rows: fixture.rows,
      classes: fixture.classes,
      labels: fixture.labels === undefined ? undefined : Int32Array.from(fixture.labels),
      targets: fixture.targets === undefined ? undefined : Float32Array.from(fixture.targets),
      epsilon: fixture.epsilon,
      classWeights: fixture.classWeights === undefined ? undefined : Float32Array.from(fixture.classWeights),
      ignoreIndex: fixture.ignoreIndex,
    });
    const huge = fixture.name.startsWith('huge') ? 1e4 : 1;
    expectClose(result.loss, fixture.loss, { relative: LOSS.relative, absolute: LOSS.absolute * huge });
    expectClose(result.gradient ?? [], fixture.gradient, GRADIENT);
    if (fixture.meanDivisor !== null) expect(result.meanDivisor).toBeCloseTo(fixture.meanDivisor, 4);
  });
});

describe('lsceForwardBackward against the composed tfjs path', () => {
  it('matches tf.losses.softmaxCrossEntropy(labelSmoothing) and its tf.grad on the active backend', () => {
    const rows = 16;
    const classes = 12;
    const logits = normals(rows * classes, 3);
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const result = lsceForwardBackward({ logits, rows, classes, labels, epsilon: 0.1 });
    const [composedLoss, composedGradient] = tf.tidy(() => {
      const z = tf.tensor2d(logits, [rows, classes]);
      const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
      const f = (x: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(oneHot, x, undefined, 0.1, tf.Reduction.SUM) as tf.Scalar;
      const { value, grad } = tf.valueAndGrad(f)(z);
      return [value.dataSync()[0] as number, Array.from(grad.dataSync())];
    });
    expectClose(
      result.loss.reduce((sum, value) => sum + value, 0),
      composedLoss,
      { relative: 1e-5 },
    );
    expectClose(result.gradient ?? [], composedGradient, GRADIENT);
  });
});

describe('lsceForwardBackward rejects bad input with typed errors', () => {
  const base = { logits: new Float32Array(6), rows: 2, classes: 3, labels: new Int32Array([0, 1]), epsilon: 0.1 };

  it.each([
    [
      'epsilon above 1',
      { ...base, epsilon: 1.5 },
      InvalidArgumentError,
      "'options.epsilon' passed to 'lsceForwardBackward'",
    ],
    ['label out of range', { ...base, labels: new Int32Array([0, 3]) }, InvalidArgumentError, 'options.labels'],
    ['labels not Int32Array', { ...base, labels: [0, 1] }, InvalidArgumentError, 'be an Int32Array'],
    ['short logits', { ...base, logits: new Float32Array(5) }, ShapeMismatchError, 'rows·classes = 6'],
    ['short labels', { ...base, labels: new Int32Array([0]) }, ShapeMismatchError, 'options.labels'],
    [
      'both targets',
      { ...base, targets: new Float32Array(6) },
      InvalidArgumentError,
      "'options.targets' passed to 'lsceForwardBackward' must not be given with options.labels",
    ],
    [
      'no targets',
      { ...base, labels: undefined },
      InvalidArgumentError,
      "'options.labels' passed to 'lsceForwardBackward' must be given when options.targets is not",
    ],
    [
      'ignore index with probabilities',
      { ...base, labels: undefined, targets: new Float32Array(6), ignoreIndex: -100 },
      InvalidArgumentError,
      'ignoreIndex',
    ],
    ['negative weights', { ...base, classWeights: new Float32Array([1, -1, 1]) }, InvalidArgumentError, 'classWeights'],
    ['prior not summing to 1', { ...base, prior: new Float32Array([0.5, 0.1, 0.1]) }, InvalidArgumentError, 'sum to 1'],
    ['fractional rows', { ...base, rows: 1.5 }, InvalidArgumentError, 'options.rows'],
    [
      'NaN logits',
      { ...base, logits: new Float32Array([0, 0, 0, 0, Number.NaN, 0]) },
      InvalidArgumentError,
      'row 1, column 1',
    ],
    [
      'infinite logits',
      { ...base, logits: new Float32Array([Number.POSITIVE_INFINITY, 0, 0, 0, 0, 0]) },
      InvalidArgumentError,
      'row 0, column 0',
    ],
    ['not an object', 3, InvalidArgumentError, "'options'"],
    ['unknown reduction', { ...base, reduction: 'avg' }, InvalidArgumentError, 'options.reduction'],
  ])('%s', (_name, options, errorClass, text) => {
    expect(() => lsceForwardBackward(options as never)).toThrow(errorClass);
    expect(() => lsceForwardBackward(options as never)).toThrow(text);
  });
});

describe('prepareLsceForwardBackwardOptions', () => {
  it('fills unit weights, the uniform prior and gradient: true', () => {
    const prepared = prepareLsceForwardBackwardOptions({
      logits: new Float32Array(8),
      rows: 2,
      classes: 4,
      labels: new Int32Array([1, -100]),
      ignoreIndex: -100,
      epsilon: 0.1,
    });
    expect(Array.from(prepared.classWeights)).toEqual([1, 1, 1, 1]);
    expect(Array.from(prepared.prior)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(prepared.gradient).toBe(true);
    expect(prepared.reduction).toBe('none');
    expect(prepared.target).toEqual({ kind: 'labels', labels: new Int32Array([1, -100]), ignoreIndex: -100 });
    expect(prepared.outputs).toEqual({ loss: undefined, gradient: undefined });
  });
});
