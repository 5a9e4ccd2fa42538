import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, RandomSource, type Reduction } from '@softlabels/core';
import { fusedKernelsAvailable, LabelSmoothingCrossEntropyKernel } from '@softlabels/core/kernels';
import { expectClose, expectNoLeak, spyOnKernel, withoutKernel } from '@softlabels/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { labelSmoothingCrossEntropy, type LabelSmoothingCrossEntropyOptions, labelSmoothingLoss } from './index';

// A fixed seed, in the test names so that a failure says which inputs it drew.
const seed = 20_261_201;
const near = { relative: 2e-5, absolute: 2e-6 };

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Runs `body` and returns how many fused passes (calls of the registered kernel that returned) and composed passes
 * (the composed ops' `Softmax`, one per forward pass; the fused path has none) it made.
 */
async function countPasses(body: () => unknown): Promise<{ fused: number; composed: number }> {
  const kernel = spyOnKernel(LabelSmoothingCrossEntropyKernel);
  const softmax = spyOnKernel('Softmax');
  try {
    await body();
    return {
      fused: kernel.mock.results.filter((result) => result.type === 'return').length,
      composed: softmax.mock.calls.length,
    };
  } finally {
    kernel.mockRestore();
    softmax.mockRestore();
  }
}

/** Runs `body` on the composed ops: the fused kernel unregistered, as on CUDA. */
function composedOps<T>(body: () => T): Promise<T> {
  return withoutKernel(LabelSmoothingCrossEntropyKernel, body);
}

interface RandomCase {
  name: string;
  shape: number[];
  kind: 'index' | 'probability';
  options: LabelSmoothingCrossEntropyOptions<Reduction>;
}

function randomValues(random: RandomSource, count: number, scale: number): number[] {
  return Array.from({ length: count }, () => random.normal() * scale);
}

function randomDistribution(random: RandomSource, classes: number): number[] {
  const raw = Array.from({ length: classes }, () => random.uniform() + 0.05);
  const total = raw.reduce((sum, value) => sum + value, 0);
  return raw.map((value) => value / total);
}

/** One random case per combination of target kind, reduction and options, drawn from `seed`. */
function randomCases(): RandomCase[] {
  const random = new RandomSource(seed);
  const cases: RandomCase[] = [];
  for (const kind of ['index', 'probability'] as const) {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      for (const extras of ['plain', 'weights', 'prior', 'ignore', 'all'] as const) {
        if (kind === 'probability' && (extras === 'ignore' || extras === 'all')) continue;
        const classes = 2 + random.int(40);
        const shape =
          random.uniform() < 0.3 ? [2 + random.int(4), 1 + random.int(5), classes] : [1 + random.int(60), classes];
        const options: LabelSmoothingCrossEntropyOptions<Reduction> = {
          epsilon: [0, 0.1, 0.37, 1][random.int(4)] as number,
          reduction,
        };
        if (extras === 'weights' || extras === 'all')
          options.classWeights = randomValues(random, classes, 1).map(Math.abs);
        if (extras === 'prior' || extras === 'all') options.prior = randomDistribution(random, classes);
        if (extras === 'ignore' || extras === 'all') options.ignoreIndex = random.int(classes);
        cases.push({ name: `${kind} ${reduction} ${extras} [${shape.join(', ')}] seed ${seed}`, shape, kind, options });
      }
    }
  }
  return cases;
}

function inputsOf(testCase: RandomCase, random: RandomSource): { logits: tf.Tensor; targets: tf.Tensor } {
  const { shape, kind } = testCase;
  const classes = shape[shape.length - 1] as number;
  const rows = shape.slice(0, -1).reduce((product, size) => product * size, 1);
  const logits = tf.tensor(randomValues(random, rows * classes, 4), shape);
  if (kind === 'index') {
    return {
      logits,
      targets: tf.tensor(
        Array.from({ length: rows }, () => random.int(classes)),
        shape.slice(0, -1),
        'int32',
      ),
    };
  }
  const targets = Array.from({ length: rows }, () => randomDistribution(random, classes)).flat();
  return { logits, targets: tf.tensor(targets, shape) };
}

/** Value and gradients (logits, and probability targets) of the summed loss, on the current path. */
function evaluate(testCase: RandomCase, logits: tf.Tensor, targets: tf.Tensor): number[][] {
  const lossOf = (z: tf.Tensor, t: tf.Tensor): tf.Tensor => tf.sum(labelSmoothingCrossEntropy(z, t, testCase.options));
  return tf.tidy(() => {
    const value = Array.from(labelSmoothingCrossEntropy(logits, targets, testCase.options).dataSync());
    if (testCase.kind === 'index') {
      return [
        value,
        Array.from(
          tf
            .grad((z: tf.Tensor) => lossOf(z, targets))(logits)
            .dataSync(),
        ),
      ];
    }
    const gradients = tf.grads(lossOf)([logits, targets]);
    return [value, ...gradients.map((gradient) => Array.from(gradient.dataSync()))];
  });
}

describe('the fused kernel path of labelSmoothingCrossEntropy', () => {
  it('is available on this backend (cpu and wasm)', () => {
    expect(fusedKernelsAvailable()).toBe(true);
  });

  it.each(randomCases())('agrees with the composed path: %s', async (testCase) => {
    const random = new RandomSource(seed ^ testCase.name.length);
    const { logits, targets } = inputsOf(testCase, random);
    await expectNoLeak(async () => {
      let fused: number[][] = [];
      expect(await countPasses(() => (fused = evaluate(testCase, logits, targets)))).toEqual({
        fused: 2,
        composed: 0,
      });
      let composed: number[][] = [];
      expect(await countPasses(() => composedOps(() => (composed = evaluate(testCase, logits, targets))))).toEqual({
        fused: 0,
        composed: 2,
      });
      expect(fused.length).toBe(composed.length);
      fused.forEach((values, index) => expectClose(values, composed[index] as number[], near));
    });
    tf.dispose([logits, targets]);
  });

  it('runs inside tf.valueAndGrad and optimizer.minimize with no composed pass', async () => {
    const random = new RandomSource(seed + 1);
    const x = tf.tensor2d(randomValues(random, 64 * 5, 1), [64, 5]);
    const labels = tf.tensor1d(
      Array.from({ length: 64 }, () => random.int(4)),
      'int32',
    );
    const weights = tf.variable(tf.zeros([5, 4]));
    const optimizer = tf.train.sgd(0.5);
    const loss = (): tf.Scalar => labelSmoothingCrossEntropy(tf.matMul(x, weights), labels) as tf.Scalar;
    const counts = await countPasses(() => {
      tf.tidy(() => {
        const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => labelSmoothingCrossEntropy(z, labels) as tf.Scalar)(
          tf.matMul(x, weights),
        );
        expect(value.shape).toEqual([]);
        expect(grad.shape).toEqual([64, 4]);
      });
    });
    expect(counts).toEqual({ fused: 1, composed: 0 });
    const before = tf.tidy(() => loss().dataSync()[0] as number);
    optimizer.minimize(loss);
    await expectNoLeak(async () => {
      expect(
        await countPasses(() => {
          for (let step = 0; step < 10; step += 1) optimizer.minimize(loss);
        }),
      ).toEqual({ fused: 10, composed: 0 });
    });
    expect(tf.tidy(() => loss().dataSync()[0] as number)).toBeLessThan(before);
    tf.dispose([x, labels, weights]);
    optimizer.dispose();
  });

  it('runs inside model.fit (labelSmoothingLoss, one-hot targets) with no composed pass', async () => {
    const random = new RandomSource(seed + 2);
    const labels = Array.from({ length: 48 }, () => random.int(3));
    const x = tf.tensor2d(
      labels.flatMap((label) => [label - 1 + 0.3 * random.normal(), 0.3 * random.normal()]),
      [48, 2],
    );
    const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32'));
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [2], units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.1), loss: labelSmoothingLoss({ epsilon: 0.1 }) });
    let history: tfl.History | undefined;
    const counts = await countPasses(async () => {
      history = await model.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0, shuffle: false });
    });
    expect(counts).toMatchObject({ fused: 15, composed: 0 });
    const losses = history?.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] as number);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('finds non-finite logits in the kernel pass and names them like the host scan', async () => {
    await expectNoLeak(async () => {
      const logits = tf.tensor2d([
        [1, 2, 3],
        [4, Number.NaN, 6],
      ]);
      const counts = await countPasses(() =>
        expect(() => labelSmoothingCrossEntropy(logits, [0, 1])).toThrow(
          "Argument 'logits' passed to 'labelSmoothingCrossEntropy' must contain only finite values, but got NaN at flat index 4.",
        ),
      );
      expect(counts).toEqual({ fused: 0, composed: 0 });
      expect(() =>
        labelSmoothingCrossEntropy(logits, [
          [0, 1, 0],
          [0, Number.NaN, 1],
        ]),
      ).toThrow(InvalidArgumentError);
      // A lone −Infinity logit is caught too, even where no smoothing term multiplies it.
      expect(() => labelSmoothingCrossEntropy([[0, Number.NEGATIVE_INFINITY, 1]], [2], { epsilon: 0 })).toThrow(
        "Argument 'logits' passed to 'labelSmoothingCrossEntropy' must contain only finite values, but got -Infinity at flat index 1.",
      );
      logits.dispose();
    });
  });

  it('falls back to the composed ops for rows the kernel rejects (checks off, or finite rows beyond float32)', async () => {
    await expectNoLeak(async () => {
      const huge = tf.tensor2d([[-3e38, 3e38, 0]]);
      const fromKernel = await countPasses(async () => {
        const value = labelSmoothingCrossEntropy(huge, [0]);
        const composed = await composedOps(() => labelSmoothingCrossEntropy(huge, [0]));
        expect(value.dataSync()[0]).toBe(composed.dataSync()[0]);
        tf.dispose([value, composed]);
      });
      expect(fromKernel).toEqual({ fused: 0, composed: 2 });
      const unchecked = await countPasses(() => {
        const value = labelSmoothingCrossEntropy([[Number.NaN, 0]], [0], { checks: false });
        expect(Number.isNaN(value.dataSync()[0])).toBe(true);
        value.dispose();
      });
      expect(unchecked).toEqual({ fused: 0, composed: 1 });
      // The kernel is called on both and throws for the rows it rejects.
      const rejections = spyOnKernel(LabelSmoothingCrossEntropyKernel);
      tf.dispose([
        labelSmoothingCrossEntropy(huge, [0]),
        labelSmoothingCrossEntropy([[Number.NaN, 0]], [0], { checks: false }),
      ]);
      expect(rejections.mock.results.map((result) => result.type)).toEqual(['throw', 'throw']);
      rejections.mockRestore();
      huge.dispose();
    });
  });
});
