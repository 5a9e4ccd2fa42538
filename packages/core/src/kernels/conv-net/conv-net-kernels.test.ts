import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectNoLeak, expectNoTensorLeak, testBackend } from '@softlabels/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { initBackend } from '../../backend/init-backend';
import { InvalidArgumentError } from '../../errors/invalid-argument-error';
import { RandomSource } from '../../random/random-source';

// The conv-net kernels that initBackend installs into tfjs-backend-wasm, through the public ops and tf.grads: edge
// geometries against tfjs's cpu backend (switched to with tf.setBackend in the same process), what the replacements
// leave to tfjs's kernels, and that no call leaves tensors, data buffers or heap memory behind. Every file runs these
// on wasm, whatever backend its project selects. (conv-torch-parity.test.ts and conv-net-gradients.test.ts compare
// the gradients with PyTorch and whole models with cpu; conv-net-kernels.property.test.ts draws random geometries.)

/** A host array and its shape. */
interface Host {
  values: Float32Array;
  shape: number[];
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, extent) => product * extent, 1);
}

function normal(random: RandomSource, shape: number[]): Host {
  return { values: Float32Array.from({ length: sizeOf(shape) }, () => random.normal()), shape };
}

/** Runs `body` on `backend` on tensors made from `inputs` and returns every result's values; leaves wasm active. */
async function on(
  backend: 'cpu' | 'wasm',
  inputs: Host[],
  body: (...tensors: tf.Tensor[]) => tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  try {
    let results: Float32Array[] = [];
    await expectNoLeak(() => {
      results = expectNoTensorLeak(`${backend} run`, () =>
        tf.tidy(() =>
          body(...inputs.map((input) => tf.tensor(input.values, input.shape))).map((t) => t.dataSync() as Float32Array),
        ),
      );
    });
    return results;
  } finally {
    await tf.setBackend('wasm');
  }
}

/** Float32 sums of up to `terms` unit-size terms, on two backends. */
function within(terms: number): { relative: number; absolute: number } {
  const bound = 4 * terms * 2 ** -24;
  return { relative: bound, absolute: bound * 4 };
}

async function expectSameOnBoth(
  inputs: Host[],
  body: (...tensors: tf.Tensor[]) => tf.Tensor[],
  terms: number,
): Promise<Float32Array[]> {
  const expected = await on('cpu', inputs, body);
  const actual = await on('wasm', inputs, body);
  expect(actual.map((values) => values.length)).toEqual(expected.map((values) => values.length));
  actual.forEach((values, index) => expectClose(values, expected[index] as Float32Array, within(terms)));
  return actual;
}

/** One convolution geometry of the edge cases. */
interface EdgeCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid';
}

const edgeCases: EdgeCase[] = [
  { name: '1×1 image, 3×3 filter', x: [2, 1, 1, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { name: '2×3 image under a 5×5 filter', x: [1, 2, 3, 4], filter: [5, 5, 4, 7], strides: 1, pad: 'same' },
  { name: '1 channel in and out', x: [3, 6, 5, 1], filter: [3, 2, 1, 1], strides: 1, pad: 'same' },
  { name: '3 channels to 5 (4k − 1, 4k + 1)', x: [1, 7, 7, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { name: '7 channels to 9', x: [2, 5, 6, 7], filter: [2, 3, 7, 9], strides: [1, 2], pad: 'valid' },
  { name: '15 channels to 17', x: [1, 6, 6, 15], filter: [3, 3, 15, 17], strides: 1, pad: 'valid' },
  { name: 'batch 1, stride larger than the image', x: [1, 12, 12, 4], filter: [3, 3, 4, 8], strides: 20, pad: 'same' },
  {
    name: 'stride larger than the image, valid',
    x: [3, 12, 9, 2],
    filter: [5, 4, 2, 3],
    strides: [13, 20],
    pad: 'valid',
  },
];

describe('conv-net kernels on wasm', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
    await initBackend({ backend: 'wasm' });
  });
  afterAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('registers Conv2DBackpropFilter, which tfjs-backend-wasm lacks', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  describe.each(edgeCases)('$name', ({ x: xShape, filter: filterShape, strides, pad }) => {
    const random = new RandomSource(sizeOf(xShape) * 31 + sizeOf(filterShape));
    const x = normal(random, xShape);
    const filter = normal(random, filterShape);
    const bias = normal(random, [filterShape[3]]);
    const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad);
    const yShape = [xShape[0], info.outHeight, info.outWidth, filterShape[3]];
    const dy = normal(random, yShape);
    const taps = filterShape[0] * filterShape[1] * filterShape[2];
    const pixels = sizeOf(yShape) / filterShape[3];

    it('conv2d and its gradients', async () => {
      const [y] = await expectSameOnBoth(
        [x, filter, dy],
        (input, weights, gradient) => {
          const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
            tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad);
          return [
            f(input as tf.Tensor, weights as tf.Tensor),
            ...tf.grads(f)([input as tf.Tensor, weights as tf.Tensor], gradient),
          ];
        },
        Math.max(taps, pixels, filterShape[0] * filterShape[1] * filterShape[3]),
      );
      expect(y?.length).toBe(sizeOf(yShape));
    });

    it('fused conv2d with bias and relu, and its gradients', async () => {
      await expectSameOnBoth(
        [x, filter, bias, dy],
        (input, weights, offset, gradient) => {
          const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor =>
            tf.fused.conv2d({
              x: a as tf.Tensor4D,
              filter: b as tf.Tensor4D,
              bias: c,
              strides,
              pad,
              activation: 'relu',
            });
          const args = [input, weights, offset] as tf.Tensor[];
          return [f(...(args as [tf.Tensor, tf.Tensor, tf.Tensor])), ...tf.grads(f)(args, gradient)];
        },
        Math.max(taps, pixels, filterShape[0] * filterShape[1] * filterShape[3]) + 1,
      );
    });

    it('max pool (with tied inputs) and its gradient', async () => {
      const [windowHeight, windowWidth] = filterShape;
      const pool = tf.backend_util.computePool2DInfo(xShape, [windowHeight, windowWidth], strides, 1, pad);
      const poolShape = [xShape[0], pool.outHeight, pool.outWidth, xShape[3]];
      const tied: Host = { values: x.values.map((value) => Math.round(value) + 0), shape: xShape };
      const upstream: Host = {
        values: Float32Array.from({ length: sizeOf(poolShape) }, () => Math.round(4 * random.normal())),
        shape: poolShape,
      };
      const f = (a: tf.Tensor): tf.Tensor => tf.maxPool(a as tf.Tensor4D, [windowHeight, windowWidth], strides, pad);
      const body = (input: tf.Tensor, gradient: tf.Tensor): tf.Tensor[] => [f(input), tf.grad(f)(input, gradient)];
      const cpu = await on('cpu', [tied, upstream], body);
      const wasm = await on('wasm', [tied, upstream], body);
      // The output selects inputs, and integer upstream gradients add exactly: the same cells on both backends, ties
      // going to the same cell.
      expect(wasm[0]?.length).toBe(sizeOf(poolShape));
      expect(Array.from(wasm[0] ?? [])).toEqual(Array.from(cpu[0] ?? []));
      expect(Array.from(wasm[1] ?? [])).toEqual(Array.from(cpu[1] ?? []));
    });

    it('avg pool gradient is the adjoint of the forward average', async () => {
      const [windowHeight, windowWidth] = filterShape;
      const pool = tf.backend_util.computePool2DInfo(xShape, [windowHeight, windowWidth], strides, 1, pad);
      const upstream = normal(random, [xShape[0], pool.outHeight, pool.outWidth, xShape[3]]);
      const f = (a: tf.Tensor): tf.Tensor => tf.avgPool(a as tf.Tensor4D, [windowHeight, windowWidth], strides, pad);
      const [forward, dx] = await on('wasm', [x, upstream], (input, gradient) => [
        f(input as tf.Tensor),
        tf.grad(f)(input as tf.Tensor, gradient),
      ]);
      // ⟨avgPool(x), dy⟩ = ⟨x, avgPool′ᵀ(dy)⟩ in float64, for the forward tfjs-backend-wasm computes.
      let left = 0;
      let right = 0;
      let scale = 0;
      forward?.forEach((value, index) => {
        left += value * (upstream.values[index] as number);
        scale += Math.abs(value * (upstream.values[index] as number));
      });
      dx?.forEach((value, index) => {
        right += value * (x.values[index] as number);
        scale += Math.abs(value * (x.values[index] as number));
      });
      expect(Math.abs(left - right)).toBeLessThanOrEqual(1e-5 * scale + 1e-6);
      const { top, bottom, left: padLeft, right: padRight } = pool.padInfo;
      if (top + bottom + padLeft + padRight === 0) {
        // Without padding every window is whole, where tfjs's cpu gradient agrees.
        await expectSameOnBoth([x, upstream], (input, gradient) => [tf.grad(f)(input as tf.Tensor, gradient)], 4);
      }
    });
  });

  it('max pool gradient skips NaN and passes nothing from a window of −∞, as tfjs cpu does', async () => {
    // Two 2×2 windows over 5 channels (the vector lanes and the scalar tail): NaN first, all −∞, ties, plain values.
    const channels = [
      [Number.NaN, 1, 2, 0],
      [-Infinity, -Infinity, -Infinity, -Infinity],
      [3, 3, 3, 3],
      [Number.NaN, Number.NaN, Number.NaN, Number.NaN],
      [-1, Number.NaN, 4, -Infinity],
    ];
    const values = new Float32Array(2 * 2 * 2 * 5);
    for (let image = 0; image < 2; image += 1) {
      for (let cell = 0; cell < 4; cell += 1) {
        channels.forEach((column, channel) => {
          values[(image * 4 + cell) * 5 + channel] = (column[(cell + image) % 4] as number) * (image === 0 ? 1 : 2);
        });
      }
    }
    const x: Host = { values, shape: [2, 2, 2, 5] };
    const dy: Host = { values: Float32Array.from({ length: 10 }, (_, index) => index + 1), shape: [2, 1, 1, 5] };
    const f = (a: tf.Tensor): tf.Tensor => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid');
    const body = (input: tf.Tensor, gradient: tf.Tensor): tf.Tensor[] => [tf.grad(f)(input, gradient)];
    const cpu = await on('cpu', [x, dy], body);
    const wasm = await on('wasm', [x, dy], body);
    expect(Array.from(wasm[0] ?? [])).toEqual(Array.from(cpu[0] ?? []));
    // The all −∞ and all-NaN channels receive nothing.
    const gradient = wasm[0] ?? new Float32Array(0);
    for (let cell = 0; cell < 8; cell += 1) {
      expect(gradient[cell * 5 + 1]).toBe(0);
      expect(gradient[cell * 5 + 3]).toBe(0);
    }
  });

  it('batch norm, bias add, leading-axis sums and means, and tile agree with cpu, gradients included', async () => {
    const random = new RandomSource(77);
    const x = normal(random, [3, 5, 4, 7]);
    const gamma = normal(random, [7]);
    const beta = normal(random, [7]);
    const dy = normal(random, [3, 5, 4, 7]);
    await expectSameOnBoth(
      [x, gamma, beta, dy],
      (input, scale, offset, gradient) => {
        const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => {
          const { mean, variance } = tf.moments(a, [0, 1, 2]);
          return tf.batchNorm(a, mean, variance, b, g, 1e-3);
        };
        const args = [input, scale, offset] as tf.Tensor[];
        return [
          f(...(args as [tf.Tensor, tf.Tensor, tf.Tensor])),
          ...tf.grads(f)(args, gradient),
          tf.add(input as tf.Tensor, offset as tf.Tensor),
          tf.sum(input as tf.Tensor, [0, 1, 2]),
          tf.mean(input as tf.Tensor, [0, 1], true),
          tf.tile(offset as tf.Tensor, [4]),
        ];
      },
      60,
    );
  });

  describe('cases left to tfjs-backend-wasm', () => {
    const random = new RandomSource(5);
    const x = normal(random, [2, 6, 7, 3]);
    const filter = normal(random, [3, 3, 3, 4]);

    it('dilated conv2d and fused conv2d agree with cpu', async () => {
      await expectSameOnBoth(
        [x, filter],
        (input, weights) => [
          tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, 1, 'same', 'NHWC', 2),
          tf.fused.conv2d({
            x: input as tf.Tensor4D,
            filter: weights as tf.Tensor4D,
            strides: 1,
            pad: 'valid',
            dilations: [2, 1],
            bias: tf.ones([4]),
            activation: 'relu',
          }),
        ],
        27,
      );
    });

    it('NCHW conv2d reaches tfjs-backend-wasm, which rejects it as without the replacement', async () => {
      const nchw: Host = { values: x.values, shape: [2, 3, 6, 7] };
      const [cpu] = await on('cpu', [nchw, filter], (input, weights) => [
        tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, 1, 'same', 'NCHW'),
      ]);
      expect(cpu?.length).toBe(2 * 4 * 6 * 7);
      await expectNoLeak(() => {
        const input = tf.tensor4d(nchw.values, [2, 3, 6, 7]);
        const weights = tf.tensor4d(filter.values, [3, 3, 3, 4]);
        expect(() => tf.conv2d(input, weights, 1, 'same', 'NCHW')).toThrow(/does not support dataFormat/);
        tf.dispose([input, weights]);
      });
    });

    it.each([
      { attrs: { dilations: 2 }, parameter: 'attrs.dilations' },
      { attrs: { dilations: [1, 2] }, parameter: 'attrs.dilations' },
      { attrs: { dataFormat: 'NCHW' }, parameter: 'attrs.dataFormat' },
    ])(
      'Conv2DBackpropFilter rejects $attrs with an InvalidArgumentError naming $parameter',
      async ({ attrs, parameter }) => {
        await expectNoLeak(() => {
          const input = tf.tensor4d(x.values, [2, 6, 7, 3]);
          const dy = tf.ones([2, 2, 3, 4]);
          const before = tf.memory().numDataBuffers;
          let failure: unknown;
          try {
            tf.engine().runKernel('Conv2DBackpropFilter', { x: input, dy }, {
              strides: 1,
              pad: 'valid',
              dataFormat: 'NHWC',
              filterShape: [3, 3, 3, 4],
              ...attrs,
            } as never);
          } catch (error) {
            failure = error;
          }
          expect(InvalidArgumentError.isInstance(failure)).toBe(true);
          expect((failure as InvalidArgumentError).parameter).toBe(parameter);
          expect((failure as Error).message).toContain(parameter);
          expect(tf.memory().numDataBuffers).toBe(before);
          tf.dispose([input, dy]);
        });
      },
    );
  });

  describe('memory', () => {
    const heapBytes = (): number =>
      (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;

    /** Each op and its gradient on an 8×32×32×16 batch: padded copies and tables of about a megabyte per call. */
    const steps: Array<[string, (x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D) => tf.Tensor[]]> = [
      [
        'conv2d',
        (x, filter) => {
          const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same');
          return [f(x, filter), ...tf.grads(f)([x, filter])];
        },
      ],
      [
        'fused conv2d',
        (x, filter, bias) => {
          const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor =>
            tf.fused.conv2d({
              x: a as tf.Tensor4D,
              filter: b as tf.Tensor4D,
              bias: c,
              pad: 'same',
              strides: 1,
              activation: 'relu',
            });
          return [f(x, filter, bias), ...tf.grads(f)([x, filter, bias])];
        },
      ],
      ['maxPool', (x) => [tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 3, 2, 'same'))(x)]],
      ['avgPool', (x) => [tf.grad((a: tf.Tensor) => tf.avgPool(a as tf.Tensor4D, 3, 2, 'same'))(x)]],
      [
        'batchNorm',
        (x, _filter, bias) => {
          const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => {
            const { mean, variance } = tf.moments(a, [0, 1, 2]);
            return tf.batchNorm(a, mean, variance, b, g, 1e-3);
          };
          return tf.grads(f)([x, bias, bias]);
        },
      ],
      [
        'add, sum, mean, tile',
        (x, _filter, bias) => [tf.sum(tf.add(x, bias), [0, 1, 2]), tf.mean(tf.tile(x, [1, 1, 1, 2]), 0)],
      ],
    ];

    it.each(steps)('%s leaves no tensors, data buffers or heap growth after 50 calls', async (_name, step) => {
      const random = new RandomSource(3);
      const x = tf.tensor4d(normal(random, [8, 32, 32, 16]).values, [8, 32, 32, 16]);
      const filter = tf.tensor4d(normal(random, [3, 3, 16, 16]).values, [3, 3, 16, 16]);
      const bias = tf.tensor1d(normal(random, [16]).values);
      const run = (): void => {
        expectNoTensorLeak('step', () => tf.tidy(() => step(x, filter, bias).forEach((t) => t.dataSync())));
      };
      await expectNoLeak(() => {
        for (let call = 0; call < 3; call += 1) run();
        const warm = heapBytes();
        for (let call = 0; call < 50; call += 1) run();
        expect(heapBytes()).toBe(warm);
      });
      tf.dispose([x, filter, bias]);
    });
  });
});
