import * as tf from '@tensorflow/tfjs-core';
import { expectIdentical, expectNoLeak, expectWithin } from '@softlabels/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

import { RandomSource } from '../random/random-source';
import {
  expectRejected,
  onOneAndTwoThreads,
  randomRowLossCase,
  type RowLossCase,
  runRowLossKernel,
} from '../test-support/row-loss-cases';
import { FocalLossKernel, type FocalLossAttrs } from './focal-loss-kernel';
import { centralDifferences, focalReference } from './internal/float64-reference';
import { runFocalRows } from './internal/focal-rows';
import { THREAD_THRESHOLD } from './internal/run-kernel';
import { registerFusedKernels } from './register-fused-kernels';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';

// A fixed seed (named in the suite's title, so a failure says which inputs it drew).
const seed = 72026;
const random = new RandomSource(seed);
registerFusedKernels();

afterAll(() => {
  setKernelThreads('auto');
});

type Case = RowLossCase<FocalLossAttrs>;

const runKernel = (input: Case, gradient?: tf.Tensor): { value: tf.Tensor; gradient: tf.Tensor } =>
  runRowLossKernel(FocalLossKernel, input, gradient);

function gammaOf(gamma: FocalLossAttrs['gamma']): (p: number) => number {
  return gamma === 'flsd-53' ? (p) => (p < 0.2 ? 5 : 3) : () => gamma;
}

/** The reduced float64 reference and its gradient by central differences (γ per row held at the given logits). */
function reference(input: Case): { value: number[]; gradient: number[] } {
  const { rows, classes, attrs } = input;
  const labels = 'labels' in input.target ? input.target.labels : undefined;
  const targets = 'targets' in input.target ? input.target.targets : undefined;
  const common = {
    rows,
    classes,
    labels,
    targets,
    epsilon: attrs.epsilon,
    alpha: attrs.alpha,
    ignoreIndex: attrs.ignoreIndex,
  };
  const base = focalReference({ ...common, logits: input.logits, gammaOf: gammaOf(attrs.gamma) });
  // γ per row as chosen at the given logits.
  const gammas = base.map((_, n) => {
    if (attrs.gamma !== 'flsd-53') return attrs.gamma;
    const row = Array.from(input.logits.subarray(n * classes, (n + 1) * classes));
    const max = Math.max(...row);
    const sum = row.reduce((s, z) => s + Math.exp(z - max), 0);
    const y = labels?.[n] as number;
    return Math.exp((row[y] as number) - max) / sum < 0.2 ? 5 : 3;
  });
  const kept = labels === undefined ? rows : labels.filter((label) => label !== attrs.ignoreIndex).length;
  const reduce = (losses: number[]): number[] => {
    if (attrs.reduction === 'none') return losses;
    const total = losses.reduce((a, b) => a + b, 0);
    return [attrs.reduction === 'sum' ? total : kept > 0 ? total / kept : Number.NaN];
  };
  const perRow = (logits: number[], n: number): number => {
    const rowLogits = logits.slice(n * classes, (n + 1) * classes);
    const rowLabels = labels === undefined ? undefined : [labels[n] as number];
    const rowTargets = targets?.slice(n * classes, (n + 1) * classes);
    return focalReference({
      ...common,
      rows: 1,
      logits: rowLogits,
      labels: rowLabels,
      targets: rowTargets,
      gammaOf: () => gammas[n] as number,
    })[0] as number;
  };
  const total = (logits: number[]): number => {
    const losses = base.map((_, n) => perRow(logits, n));
    return attrs.reduction === 'mean' ? losses.reduce((a, b) => a + b, 0) / kept : losses.reduce((a, b) => a + b, 0);
  };
  const gradient =
    attrs.reduction === 'mean' && kept === 0 ? input.logits.map(() => 0) : centralDifferences(total, input.logits);
  return { value: reduce(base), gradient: Array.from(gradient) };
}

function randomCase(rows: number, classes: number, attrs: FocalLossAttrs, kind: 'labels' | 'targets', scale = 3): Case {
  return randomRowLossCase(random, { rows, classes, scale }, attrs, kind);
}

/** Float32 against the float64 reference: the gradient's bound scaled by the row's largest entry. */
function expectMatches(input: Case): void {
  const { value, gradient } = runKernel(input);
  const expected = reference(input);
  const context = `${JSON.stringify(input.attrs)} ${'labels' in input.target ? 'labels' : 'targets'} ${input.rows}×${input.classes}`;
  expectWithin(`${context} value`, value.dataSync(), expected.value, { absolute: 1e-6, relative: 2e-5 });
  const magnitude = expected.gradient.map(() => Math.max(...expected.gradient.map(Math.abs)));
  expectWithin(
    `${context} gradient`,
    gradient.dataSync(),
    expected.gradient,
    { absolute: 1e-6, relative: 2e-5 },
    magnitude,
  );
  tf.dispose([value, gradient]);
}

describe(`FocalLossKernel on ${tf.getBackend()} (seed ${seed})`, () => {
  it.each([
    [{ gamma: 2, epsilon: 0, reduction: 'mean' }],
    [{ gamma: 0, epsilon: 0, reduction: 'sum' }],
    [{ gamma: 0.5, epsilon: 0.1, reduction: 'none' }],
    [{ gamma: 3.7, epsilon: 0.35, reduction: 'mean', alpha: [0.25, 1, 2, 0.5, 1.5, 1, 0.75] }],
    [{ gamma: 'flsd-53', epsilon: 0, reduction: 'sum' }],
    [{ gamma: 'flsd-53', epsilon: 0.2, reduction: 'mean', ignoreIndex: 3 }],
  ] as [FocalLossAttrs][])('matches the float64 formula, index targets, for every class count: %j', async (attrs) => {
    await expectNoLeak(() => {
      for (let classes = 1; classes <= 7; classes += 1) {
        const alpha = attrs.alpha?.slice(0, classes);
        expectMatches(randomCase(9, classes, { ...attrs, ...(alpha === undefined ? {} : { alpha }) }, 'labels'));
      }
    });
  });

  it.each([
    [{ gamma: 2, epsilon: 0, reduction: 'mean' }],
    [{ gamma: 0.25, epsilon: 0.1, reduction: 'none', alpha: [1, 2, 0.5, 1, 0.1, 3, 1, 1, 2] }],
    [{ gamma: 1, epsilon: 0.3, reduction: 'sum' }],
  ] as [FocalLossAttrs][])('matches the float64 formula, probability targets: %j', async (attrs) => {
    await expectNoLeak(() => {
      for (const classes of [1, 2, 5, 9]) {
        const alpha = attrs.alpha?.slice(0, classes);
        expectMatches(randomCase(6, classes, { ...attrs, ...(alpha === undefined ? {} : { alpha }) }, 'targets'));
      }
    });
  });

  it('keeps relative accuracy where p rounds to 1 in float32, and finite gradients for γ < 1', async () => {
    await expectNoLeak(() => {
      for (const gamma of [0.25, 0.5, 2]) {
        for (const epsilon of [0, 0.1]) {
          // Gaps of 20 and 40: 1 − p ≈ 4e-9 and 8e-18, far below float32's resolution at 1 (losses below float32's
          // smallest normal number may round to 0).
          const input: Case = {
            rows: 2,
            classes: 3,
            logits: Float32Array.from([20, 0, 0, 0, 40, 0]),
            target: { labels: [0, 1] },
            attrs: { gamma, epsilon, reduction: 'none' },
          };
          const { value, gradient } = runKernel(input);
          const expected = reference(input);
          expectWithin(`γ ${gamma} ε ${epsilon} value`, value.dataSync(), expected.value, {
            absolute: 1e-38,
            relative: 1e-5,
          });
          expect(Array.from(gradient.dataSync()).every(Number.isFinite)).toBe(true);
          tf.dispose([value, gradient]);
        }
      }
    });
  });

  it("divides 'mean' by the rows not ignored, whatever α; NaN with a zero gradient when every row is ignored", async () => {
    await expectNoLeak(() => {
      const input = randomCase(
        5,
        4,
        { gamma: 2, epsilon: 0.1, reduction: 'mean', alpha: [2, 2, 2, 2], ignoreIndex: 1 },
        'labels',
      );
      (input.target as { labels: number[] }).labels = [1, 0, 1, 3, 2];
      expectMatches(input);
      (input.target as { labels: number[] }).labels = [1, 1, 1, 1, 1];
      const { value, gradient } = runKernel(input);
      expect(Number.isNaN(value.dataSync()[0])).toBe(true);
      expectIdentical(gradient.dataSync(), new Float32Array(20));
      tf.dispose([value, gradient]);
    });
  });

  it('takes any rank with the class axis last and scales its gradient by dy', async () => {
    await expectNoLeak(() => {
      const input = randomCase(6, 5, { gamma: 2, epsilon: 0.1, reduction: 'none' }, 'labels');
      const { value, gradient } = runKernel(input);
      const logits = tf.tensor3d(input.logits, [2, 3, 5]);
      const labels = tf.tensor2d((input.target as { labels: number[] }).labels, [2, 3], 'int32');
      const weights = tf.tensor2d([1, -2, 3, 0.5, 0, 2], [2, 3]);
      const grad = tf.grad((z: tf.Tensor) =>
        tf.sum(
          tf.mul(
            tf
              .engine()
              .runKernel(
                FocalLossKernel,
                { logits: z, labels, gradient: tf.zeros([2, 3, 5]) },
                { gamma: 2, epsilon: 0.1, reduction: 'none' },
              ) as tf.Tensor,
            weights,
          ),
        ),
      )(logits);
      const row = [1, -2, 3, 0.5, 0, 2];
      const expected = Array.from(
        gradient.dataSync(),
        (entry, index) => entry * (row[Math.floor(index / 5)] as number),
      );
      expectWithin('dy-scaled gradient', grad.dataSync(), expected, { absolute: 1e-7, relative: 1e-6 });
      expect(value.shape).toEqual([6]);
      tf.dispose([value, gradient, logits, labels, weights, grad]);
    });
  });

  it('gives probability targets −(1−ε)·α·(1 − p)^γ·log p times the upstream factor', async () => {
    await expectNoLeak(() => {
      const input = randomCase(4, 3, { gamma: 1.5, epsilon: 0.2, reduction: 'mean', alpha: [0.5, 1, 2] }, 'targets');
      const logits = tf.tensor2d(input.logits, [4, 3]);
      const targets = tf.tensor2d((input.target as { targets: number[] }).targets, [4, 3]);
      const [logitsGradient, targetsGradient] = tf.grads(
        (z: tf.Tensor, t: tf.Tensor) =>
          tf
            .engine()
            .runKernel(
              FocalLossKernel,
              { logits: z, targets: t, gradient: tf.zeros([4, 3]) },
              input.attrs as unknown as tf.NamedAttrMap,
            ) as tf.Tensor,
      )([logits, targets]);
      const values = (input.target as { targets: number[] }).targets;
      const expected = centralDifferences((t) => {
        const losses = focalReference({
          logits: input.logits,
          rows: 4,
          classes: 3,
          targets: t,
          epsilon: 0.2,
          alpha: [0.5, 1, 2],
          gammaOf: () => 1.5,
        });
        return losses.reduce((a, b) => a + b, 0) / 4;
      }, values);
      expectWithin('targets gradient', (targetsGradient as tf.Tensor).dataSync(), expected, {
        absolute: 1e-6,
        relative: 1e-5,
      });
      tf.dispose([logits, targets, logitsGradient as tf.Tensor, targetsGradient as tf.Tensor]);
    });
  });

  it('throws a SoftlabelsError for input it rejects and keeps no memory', async () => {
    const bad: [string, Case][] = [
      ['γ < 0', randomCase(3, 4, { gamma: -1, epsilon: 0, reduction: 'mean' }, 'labels')],
      ['ε > 1', randomCase(3, 4, { gamma: 2, epsilon: 1.5, reduction: 'mean' }, 'labels')],
      ['α of another length', randomCase(3, 4, { gamma: 2, epsilon: 0, reduction: 'mean', alpha: [1, 2] }, 'labels')],
      [
        'FLSD-53 with probability targets',
        randomCase(3, 4, { gamma: 'flsd-53', epsilon: 0, reduction: 'mean' }, 'targets'),
      ],
      [
        'a label out of range',
        { ...randomCase(3, 4, { gamma: 2, epsilon: 0, reduction: 'sum' }, 'labels'), target: { labels: [0, 4, 1] } },
      ],
      [
        'NaN logits',
        {
          ...randomCase(3, 4, { gamma: 2, epsilon: 0, reduction: 'none' }, 'labels'),
          logits: Float32Array.from([1, 2, Number.NaN, 0, 1, 2, 3, 4, 0, 0, 0, 0]),
        },
      ],
      [
        '−∞ logits',
        {
          ...randomCase(3, 4, { gamma: 2, epsilon: 0, reduction: 'none' }, 'labels'),
          logits: Float32Array.from([1, 2, 3, 0, 1, 2, 3, 4, 0, 0, -Infinity, 0]),
        },
      ],
      [
        '+∞ logits',
        {
          ...randomCase(3, 4, { gamma: 2, epsilon: 0.1, reduction: 'none' }, 'labels'),
          logits: Float32Array.from([1, 2, 3, 0, Infinity, 2, 3, 4, 0, 0, 0, 0]),
        },
      ],
    ];
    await expectRejected(FocalLossKernel, bad);
  });
});

describe(`the focal-loss kernel on worker threads gives what one thread gives (seed ${seed})`, () => {
  it.each([
    ['index targets, ε = 0', 'labels', 0],
    ['index targets with ε, α and ignored rows', 'labels', 0.1],
    ['probability targets', 'targets', 0.1],
  ] as const)('%s', async (_what, kind, epsilon) => {
    const classes = 300;
    const rows = Math.ceil((2 * THREAD_THRESHOLD) / classes);
    const input = randomCase(rows, classes, { gamma: 2, epsilon, reduction: 'sum' }, kind, 4);
    const alpha = Float32Array.from({ length: classes }, () => 0.5 + random.uniform());
    const compute = (): { loss: Float32Array; gradient: Float32Array; reduced: number | undefined } => {
      const loss = new Float32Array(rows);
      const gradient = new Float32Array(rows * classes);
      const reduced = runFocalRows({
        logits: input.logits,
        rows,
        classes,
        target:
          'labels' in input.target
            ? { kind: 'labels', labels: Int32Array.from(input.target.labels), ignoreIndex: 7 }
            : { kind: 'targets', targets: Float32Array.from(input.target.targets) },
        alpha,
        epsilon,
        gamma: { value: 2, low: 5, threshold: 0.2 },
        reduction: 'sum',
        loss,
        gradient,
        functionName: 'test',
      });
      return { loss, gradient, reduced };
    };
    const { single, threaded } = await onOneAndTwoThreads(compute, setKernelThreads, startKernelThreads);
    expectIdentical(threaded.loss, single.loss);
    expectIdentical(threaded.gradient, single.gradient);
    expect(threaded.reduced).toBeCloseTo(single.reduced as number, 6);
  });
});
