import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak, testBackend } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { createTensorWith } from './create-tensor-with';
import { fusedKernelsAvailable } from './fused-kernels-available';
import { viewTensorData } from './view-tensor-data';

describe('viewTensorData', () => {
  it('returns the values of float32 and int32 tensors without leaking', async () => {
    await expectNoLeak(() => {
      const values = tf.tensor2d([
        [1, 2],
        [3, 4.5],
      ]);
      const labels = tf.tensor1d([3, 1], 'int32');
      expect(Array.from(viewTensorData(values))).toEqual([1, 2, 3, 4.5]);
      expect(viewTensorData(labels)).toBeInstanceOf(Int32Array);
      expect(Array.from(viewTensorData(labels))).toEqual([3, 1]);
      tf.dispose([values, labels]);
    });
  });

  it('does not copy on the host backends', () => {
    const values = tf.tensor1d([1, 2, 3]);
    const view = viewTensorData(values);
    if (testBackend() === 'wasm' || testBackend() === 'cpu') {
      expect(viewTensorData(values).buffer).toBe(view.buffer);
      expect(view.byteOffset).toBe(viewTensorData(values).byteOffset);
    }
    values.dispose();
  });

  it('rejects bool tensors', () => {
    const flags = tf.tensor1d([true, false], 'bool');
    expect(() => viewTensorData(flags)).toThrow(InvalidArgumentError);
    expect(() => viewTensorData(flags)).toThrow("'tensor' passed to 'viewTensorData'");
    flags.dispose();
  });
});

describe('createTensorWith', () => {
  it('fills a new tensor in place and leaks nothing once disposed', async () => {
    await expectNoLeak(() => {
      const ramp = createTensorWith([2, 3], 'float32', (values) =>
        values.forEach((_, index) => (values[index] = index / 2)),
      );
      expect(ramp.shape).toEqual([2, 3]);
      expect(ramp.arraySync()).toEqual([
        [0, 0.5, 1],
        [1.5, 2, 2.5],
      ]);
      const doubled = tf.tidy(() => tf.mul(ramp, 2));
      expect(Array.from(doubled.dataSync())).toEqual([0, 1, 2, 3, 4, 5]);
      const ids = createTensorWith([2], 'int32', (values) => values.set([7, 9]));
      expect(ids.dtype).toBe('int32');
      expect(Array.from(ids.dataSync())).toEqual([7, 9]);
      tf.dispose([ramp, doubled, ids]);
    });
  });

  it('rejects negative sizes', () => {
    expect(() => createTensorWith([-1], 'float32', () => undefined)).toThrow("'shape[0]' passed to 'createTensorWith'");
  });

  it('rejects dtypes other than float32 and int32 (bool memory would come back as it was found)', () => {
    expect(() => createTensorWith([4], 'bool' as never, () => undefined)).toThrow(InvalidArgumentError);
    expect(() => createTensorWith([4], 'bool' as never, () => undefined)).toThrow(
      "Argument 'dtype' passed to 'createTensorWith' must be one of 'float32', 'int32'",
    );
  });

  it('frees the memory it took when fill throws, and passes the error on', () => {
    const backend = tf.engine().backend;
    const dataIds = backend.numDataIds();
    const tensors = tf.memory().numTensors;
    expect(() =>
      createTensorWith([64, 64], 'float32', () => {
        throw new RangeError('fill failed');
      }),
    ).toThrow('fill failed');
    expect(backend.numDataIds()).toBe(dataIds);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('typed errors for what is not a tensor or a fill', () => {
  it('viewTensorData names the tensor for null and a disposed tensor', () => {
    const disposed = tf.zeros([2]);
    disposed.dispose();
    expect(() => viewTensorData(null as unknown as tf.Tensor)).toThrow(
      /'tensor' passed to 'viewTensorData' must be a tensor/,
    );
    expect(() => viewTensorData(disposed)).toThrow(/'viewTensorData' must be a live tensor, but got a disposed tensor/);
  });

  it('createTensorWith names a shape that is no array, a string dtype and a fill that is no function', async () => {
    await expectNoLeak(() => {
      const fill = () => undefined;
      expect(() => createTensorWith(5 as unknown as number[], 'float32', fill)).toThrow(
        /'shape' passed to 'createTensorWith' must be an array of at most 64 non-negative integers/,
      );
      expect(() => createTensorWith(new Array(65).fill(1), 'float32', fill)).toThrow(/at most 64/);
      expect(() => createTensorWith([2 ** 14, 2 ** 14, 2], 'float32', fill)).toThrow(/at most 2²⁸ elements/);
      expect(() => createTensorWith([2], 'string' as 'float32', fill)).toThrow(InvalidArgumentError);
      expect(() => createTensorWith([2], 'float32', 3 as unknown as typeof fill)).toThrow(
        /'fill' passed to 'createTensorWith' must be a function/,
      );
    });
  });
});

describe('fusedKernelsAvailable', () => {
  it('is true on the host backends wasm and cpu', () => {
    expect(fusedKernelsAvailable()).toBe(testBackend() === 'wasm' || testBackend() === 'cpu');
  });
});
