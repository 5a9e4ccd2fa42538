import * as tf from '@tensorflow/tfjs-core';
import { RandomSource, type Reduction } from '@softlabels/core';
import { LabelSmoothingCrossEntropyKernel } from '@softlabels/core/kernels';
import { expectNoLeak, spyOnKernel, withoutKernel } from '@softlabels/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { labelSmoothingCrossEntropy, type LabelSmoothingCrossEntropyOptions } from './index';

const paths = ['fused', 'composed'] as const;

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Runs `body` on the given path (the composed ops with the fused kernel unregistered) and checks that it ran there,
 * and only there: the registered kernel for the fused path, the composed ops' `Softmax` for the other.
 */
async function onPath<T>(path: (typeof paths)[number], body: () => T): Promise<T> {
  const kernel = spyOnKernel(LabelSmoothingCrossEntropyKernel);
  const softmax = spyOnKernel('Softmax');
  const result = path === 'fused' ? body() : await withoutKernel(LabelSmoothingCrossEntropyKernel, body);
  const [ran, skipped] = path === 'fused' ? [kernel, softmax] : [softmax, kernel];
  expect(ran.mock.calls.length).toBeGreaterThan(0);
  expect(skipped).not.toHaveBeenCalled();
  kernel.mockRestore();
  softmax.mockRestore();
  return result;
}

/** Value and logits' gradient of the loss (the gradient of its sum for `'none'`). */
function valueAndGradient(
  logits: tf.Tensor,
  labels: tf.Tensor,
  options: LabelSmoothingCrossEntropyOptions<Reduction>,
): { value: number[]; valueShape: number[]; gradient: number[]; gradientShape: number[] } {
  return tf.tidy(() => {
    const value = labelSmoothingCrossEntropy(logits, labels, options);
    const gradient = tf.grad((z: tf.Tensor) => tf.sum(labelSmoothingCrossEntropy(z, labels, options)))(logits);
    return {
      value: Array.from(value.dataSync()),
      valueShape: value.shape,
      gradient: Array.from(gradient.dataSync()),
      gradientShape: gradient.shape,
    };
  });
}

describe('labelSmoothingCrossEntropy over an empty batch (PyTorch: sum 0, mean NaN, empty gradient)', () => {
  const cases = paths.flatMap((path) =>
    (['index', 'probability'] as const).flatMap((kind) =>
      [{}, { classWeights: [0.5, 2, 1] }].map((extra) => ({ path, kind, extra })),
    ),
  );
  it.each(cases)('$path path, $kind targets, $extra', async ({ path, kind, extra }) => {
    await expectNoLeak(async () => {
      const logits = tf.zeros([0, 3]);
      const labels = kind === 'index' ? tf.zeros([0], 'int32') : tf.zeros([0, 3]);
      await onPath(path, () => {
        const sum = valueAndGradient(logits, labels, { ...extra, reduction: 'sum' });
        // Exactly 0: a sum read from memory no kernel wrote is some tiny or arbitrary number instead.
        expect(sum.value).toEqual([0]);
        expect(sum.gradientShape).toEqual([0, 3]);
        const mean = valueAndGradient(logits, labels, { ...extra, reduction: 'mean' });
        expect(mean.value).toEqual([Number.NaN]);
        expect(mean.gradientShape).toEqual([0, 3]);
        const none = valueAndGradient(logits, labels, { ...extra, reduction: 'none' });
        expect(none.valueShape).toEqual([0]);
        expect(none.gradientShape).toEqual([0, 3]);
      });
      tf.dispose([logits, labels]);
    });
  });
});

describe("labelSmoothingCrossEntropy 'mean' over a total label weight of 0 (PyTorch: NaN, NaN gradient)", () => {
  const logits = [
    [1, 2, 3],
    [0, 1, -1],
    [0.5, 0, 0],
  ];
  const settings = [
    { what: 'every class weighted 0', classWeights: [0, 0, 0], labels: [0, 1, 2], ignored: [] as number[] },
    { what: 'only the labelled class weighted 0', classWeights: [0, 1, 1], labels: [0, 0, 0], ignored: [] },
    { what: 'the rest ignored', classWeights: [0, 1, 1], labels: [0, -100, 0], ignored: [1] },
  ];
  const cases = paths.flatMap((path) =>
    [0, 0.1, 1].flatMap((epsilon) => settings.map((setting) => ({ path, epsilon, ...setting }))),
  );
  it.each(cases)('$path path, ε $epsilon, $what', async ({ path, epsilon, classWeights, labels, ignored }) => {
    await expectNoLeak(async () => {
      const z = tf.tensor2d(logits);
      const y = tf.tensor1d(labels, 'int32');
      const { value, gradient } = await onPath(path, () =>
        valueAndGradient(z, y, { epsilon, classWeights, ignoreIndex: -100, reduction: 'mean' }),
      );
      expect(value).toEqual([Number.NaN]);
      const expected = labels.flatMap((_label, row) => new Array(3).fill(ignored.includes(row) ? 0 : Number.NaN));
      expect(gradient).toEqual(expected);
      tf.dispose([z, y]);
    });
  });
});

describe('labelSmoothingCrossEntropy reductions of many rows (float64 reference, 1e-6 relative)', () => {
  const rows = 524_293;
  const classes = 3;
  const epsilon = 0.1;
  const random = new RandomSource(524_293);
  const logitValues = Float32Array.from({ length: rows * classes }, () => 3 * random.normal());
  const labelValues = Int32Array.from({ length: rows }, () => (random.uniform() < 0.1 ? -100 : random.int(classes)));
  const classWeights = [0.5, 2, 1.25];

  /** Σ ℓ_n and Σ w_{y_n}·m_n in float64, from PyTorch's formula with a uniform prior. */
  function reference(weights: readonly number[]): { total: number; divisor: number } {
    let total = 0;
    let divisor = 0;
    for (let row = 0; row < rows; row += 1) {
      const label = labelValues[row] as number;
      if (label === -100) continue;
      const z = logitValues.subarray(row * classes, (row + 1) * classes);
      const max = Math.max(...z);
      let sumExp = 0;
      for (const value of z) sumExp += Math.exp(value - max);
      const logSum = Math.log(sumExp) + max;
      let smooth = 0;
      for (let c = 0; c < classes; c += 1) smooth += (weights[c] as number) * (logSum - (z[c] as number));
      const nll = logSum - (z[label] as number);
      total += (1 - epsilon) * (weights[label] as number) * nll + (epsilon / classes) * smooth;
      divisor += weights[label] as number;
    }
    return { total, divisor };
  }

  const cases = paths.flatMap((path) => [
    { path, weighted: false },
    { path, weighted: true },
  ]);
  it.each(cases)('$path path, class weights $weighted', async ({ path, weighted }) => {
    const { total, divisor } = reference(weighted ? classWeights : [1, 1, 1]);
    await expectNoLeak(async () => {
      const z = tf.tensor2d(logitValues, [rows, classes]);
      const y = tf.tensor1d(labelValues, 'int32');
      const options = { epsilon, ignoreIndex: -100, ...(weighted ? { classWeights } : {}) };
      const [mean, sum] = await onPath(path, () =>
        (['mean', 'sum'] as const).map((reduction) =>
          tf.tidy(() => labelSmoothingCrossEntropy(z, y, { ...options, reduction }).dataSync()[0] as number),
        ),
      );
      expect(Math.abs((mean as number) / (total / divisor) - 1)).toBeLessThan(1e-6);
      expect(Math.abs((sum as number) / total - 1)).toBeLessThan(1e-6);
      tf.dispose([z, y]);
    });
  });
});
