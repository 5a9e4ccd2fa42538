import * as tf from '@tensorflow/tfjs-core';
// Registers the wasm backend's kernels (without initialising it), so that the cpu project sees them too.
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';

import { installConvolutionKernels } from './install-convolution-kernels';

const REPLACED = [
  'Conv2D',
  'FusedConv2D',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'AvgPoolGrad',
  'Sum',
  'Mean',
  'Add',
  'Sub',
  'Multiply',
  'FusedBatchNorm',
  'Tile',
] as const;

describe(`installConvolutionKernels (${tf.getBackend()})`, () => {
  it('gives the wasm backend Conv2DBackpropFilter and replaces its slow kernels once, leaving cpu alone', () => {
    const cpuBefore = [...REPLACED, 'Conv2DBackpropFilter'].map((name) => tf.getKernel(name, 'cpu')?.kernelFunc);
    installConvolutionKernels();
    const wasmAfterFirst = [...REPLACED, 'Conv2DBackpropFilter'].map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
    installConvolutionKernels();
    const wasmAfterSecond = [...REPLACED, 'Conv2DBackpropFilter'].map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
    expect(wasmAfterSecond).toEqual(wasmAfterFirst);
    expect(wasmAfterFirst.every((kernelFunc) => typeof kernelFunc === 'function')).toBe(true);
    expect([...REPLACED, 'Conv2DBackpropFilter'].map((name) => tf.getKernel(name, 'cpu')?.kernelFunc)).toEqual(
      cpuBefore,
    );
  });

  it('lets a conv net take a gradient step on the backend under test', () => {
    installConvolutionKernels();
    const x = tf.tensor4d(
      Array.from({ length: 2 * 6 * 6 * 3 }, (_, index) => Math.sin(index)),
      [2, 6, 6, 3],
    );
    const filter = tf.variable(
      tf.tensor4d(
        Array.from({ length: 3 * 3 * 3 * 4 }, (_, index) => Math.cos(index) / 4),
        [3, 3, 3, 4],
      ),
    );
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.square(tf.maxPool(tf.relu(tf.conv2d(x, filter, 1, 'same')), 2, 2, 'valid'))) as tf.Scalar,
        [filter],
      );
      const gradient = grads[filter.name] as tf.Tensor;
      expect(gradient.shape).toEqual([3, 3, 3, 4]);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      expect(tf.sum(tf.abs(gradient)).dataSync()[0]).toBeGreaterThan(0);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, filter]);
  });

  it('trains a conv net in a hand-written optimizer.minimize loop: the loss falls', () => {
    installConvolutionKernels();
    const x = tf.tensor4d(
      Array.from({ length: 8 * 8 * 8 * 2 }, (_, index) => Math.sin(index * 0.37)),
      [8, 8, 8, 2],
    );
    const target = tf.tensor2d(
      Array.from({ length: 8 * 3 }, (_, index) => (index % 3 === (index % 8) % 3 ? 1 : 0)),
      [8, 3],
    );
    const filter = tf.variable(
      tf.tensor4d(
        Array.from({ length: 3 * 3 * 2 * 4 }, (_, i) => Math.cos(i) / 5),
        [3, 3, 2, 4],
      ),
    );
    const dense = tf.variable(
      tf.tensor2d(
        Array.from({ length: 16 * 3 }, (_, i) => Math.sin(i) / 4),
        [16, 3],
      ),
    );
    const optimizer = tf.train.sgd(0.1);
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const features = tf.avgPool(tf.relu(tf.conv2d(x, filter, 2, 'same')), 2, 2, 'valid');
        const logits = tf.matMul(tf.reshape(features, [8, 16]), dense);
        return tf.mean(tf.square(tf.sub(logits, target))) as tf.Scalar;
      });
    const before = tf.memory().numTensors;
    const first = loss();
    const start = first.dataSync()[0] as number;
    first.dispose();
    for (let step = 0; step < 20; step += 1) optimizer.minimize(loss)?.dispose();
    const last = loss();
    expect(last.dataSync()[0]).toBeLessThan(start * 0.9);
    last.dispose();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    tf.dispose([x, target, filter, dense]);
  });
});
