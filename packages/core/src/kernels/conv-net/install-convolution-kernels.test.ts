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
});
