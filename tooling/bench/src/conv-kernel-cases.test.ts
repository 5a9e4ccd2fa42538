import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { convKernelCases, runCase } from './conv-kernel-cases';

/** dW[kh, kw, c, f] = Σ x[n, i + kh, j + kw, c] · dy[n, i, j, f] for a 3×3 'valid' convolution, NHWC. */
function hostFilterGradient(x: tf.Tensor, dy: tf.Tensor): Float64Array {
  const [batch = 0, height = 0, width = 0, channels = 0] = x.shape;
  const [, outHeight = 0, outWidth = 0, filters = 0] = dy.shape;
  const xs = x.dataSync();
  const dys = dy.dataSync();
  const result = new Float64Array(9 * channels * filters);
  for (let n = 0; n < batch; n += 1)
    for (let i = 0; i < outHeight; i += 1)
      for (let j = 0; j < outWidth; j += 1)
        for (let kh = 0; kh < 3; kh += 1)
          for (let kw = 0; kw < 3; kw += 1)
            for (let c = 0; c < channels; c += 1) {
              const value = xs[((n * height + i + kh) * width + j + kw) * channels + c] as number;
              const row = ((n * outHeight + i) * outWidth + j) * filters;
              const column = ((kh * 3 + kw) * channels + c) * filters;
              for (let f = 0; f < filters; f += 1) {
                result[column + f] = (result[column + f] as number) + value * (dys[row + f] as number);
              }
            }
  return result;
}

describe('the conv-kernel cases', () => {
  const cases = convKernelCases(2);

  it('give the shapes of the CNN epoch at the requested batch and leak no tensors', async () => {
    const shapes: Record<string, number[][]> = {};
    const before = tf.memory().numTensors;
    for (const kernelCase of cases) {
      const { run, dispose } = kernelCase.prepare();
      const outputs = run();
      shapes[kernelCase.id] = outputs.map((output) => output.shape);
      tf.dispose(outputs);
      await runCase(run, true);
      await runCase(run, false);
      dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(shapes).toEqual({
      'conv2d-28x28x1-16': [[2, 26, 26, 16]],
      'conv2d-13x13x16-32': [[2, 11, 11, 32]],
      'conv2d-filter-grad-13x13x16-32': [[3, 3, 16, 32]],
      'conv2d-input-grad-13x13x16-32': [[2, 13, 13, 16]],
      'max-pool-26x26x16': [[2, 26, 26, 16]],
      'batch-norm-14x14x32': [[2, 14, 14, 32], [32], [32]],
    });
    expect(cases.map((kernelCase) => kernelCase.torch.batch)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('run Conv2DBackpropFilter with the attributes that give the host sum', () => {
    const filterCase = cases.find((kernelCase) => kernelCase.id === 'conv2d-filter-grad-13x13x16-32');
    expect(filterCase?.kernels).toEqual(['Conv2DBackpropFilter']);
    const prepared = filterCase?.prepare();
    const [gradient] = prepared?.run() ?? [];
    // The case's inputs: seeded normals (seeds 7 and 8 in conv-kernel-cases.ts).
    const x = tf.randomNormal([2, 13, 13, 16], 0, 1, 'float32', 7);
    const dy = tf.randomNormal([2, 11, 11, 32], 0, 1, 'float32', 8);
    const reference = hostFilterGradient(x, dy);
    const got = gradient?.dataSync() ?? new Float32Array();
    expect(got).toHaveLength(reference.length);
    let worst = 0;
    reference.forEach((value, index) => (worst = Math.max(worst, Math.abs((got[index] as number) - value))));
    expect(worst).toBeLessThan(1e-3);
    tf.dispose([gradient as tf.Tensor, x, dy]);
    prepared?.dispose();
  });
});
