import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectNoLeak, loadFixture, testBackend, type TestBackend } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

// Public tfjs conv-net ops (tf.conv2d, tf.fused.conv2d, tf.maxPool, tf.avgPool, tf.moments + tf.batchNorm) and their
// gradients by tf.grads, on the backend under test, against PyTorch 1.13 float64 autograd on the same float32 inputs
// (tooling/reference/conv_fixtures.py). Every gradient is the vector-Jacobian product with the fixture's dy.
//
// Max-pool ties: PyTorch 1.13 (CPU) sends a window's gradient to the first maximal cell of the window in row-major
// order, and so does tfjs's cpu backend (MaxPoolGrad compares each cell with the window's first maximal position), so
// tied and tie-free inputs alike are compared with PyTorch's gradient.
//
// Average-pool gradient where 'same' padding cuts a window: tfjs's forward divides by the window's in-bounds cells
// (TensorFlow's rule), but tfjs's own cpu AvgPoolGrad divides each window's dy by the whole window k·k, so near the
// borders it is not the derivative of the forward. The wasm backend's AvgPoolGrad (installed by initBackend) and
// TensorFlow's (cuda) are the exact derivative. The fixture holds both: `dx` (exact) and `dxWholeWindow` (PyTorch
// with count_include_pad=True on the same padded input).

interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

interface Conv2dCase {
  name: string;
  strides: [number, number];
  pad: 'same' | 'valid';
  padding: Padding;
  xShape: number[];
  filterShape: number[];
  yShape: number[];
  x: number[];
  filter: number[];
  bias?: number[];
  dy: number[];
  y: number[];
  dx: number[];
  dfilter: number[];
  dbias?: number[];
}

interface PoolCase {
  name: string;
  filterSize: number;
  strides: number;
  pad: 'same' | 'valid';
  padding: Padding;
  inputs?: 'ties' | 'distinct';
  tiedWindows?: number;
  xShape: number[];
  yShape: number[];
  x: number[];
  dy: number[];
  y: number[];
  dx: number[];
  dxWholeWindow?: number[];
}

interface BatchNormCase {
  name: string;
  mode: 'training' | 'inference';
  epsilon: number;
  xShape: number[];
  x: number[];
  gamma: number[];
  beta: number[];
  mean?: number[];
  variance?: number[];
  dy: number[];
  y: number[];
  dx: number[];
  dgamma: number[];
  dbeta: number[];
  dmean?: number[];
  dvariance?: number[];
}

interface ConvFixture {
  generator: string;
  maxPoolTies: string;
  conv2d: Conv2dCase[];
  maxPool: PoolCase[];
  avgPool: PoolCase[];
  batchNorm: BatchNormCase[];
}

const fixture = loadFixture<ConvFixture>(import.meta.url, './__fixtures__/conv-torch.json');

// A float32 sum of L terms of magnitude O(1) (unit-normal inputs and dy, filters scaled by 1/sqrt(fan-in), so the
// partial sums stay within a few times the result) carries a rounding error below L·2⁻²⁴ times that magnitude, and
// near sqrt(L)·2⁻²⁴ when the roundings are independent, whatever order a backend sums in. The bound
// 1e-5·sqrt(L)·(1 + |reference|) (≈ 170·sqrt(L)·2⁻²⁴) covers the worst case for every L up to ~28 000 (ours are at most
// a few hundred), and stays far below what one misplaced term of a window (≥ 0.05 here) would cost.
const PER_ROOT_TERM = 1e-5;

/** How the backend's AvgPoolGrad divides a window cut by 'same' padding (see the top of this file). */
const AVG_POOL_GRADIENT: Record<TestBackend, 'exact' | 'whole window'> = {
  cpu: 'whole window',
  wasm: 'exact',
  cuda: 'exact',
};

function within(reductionLength: number): { relative: number; absolute: number } {
  const bound = PER_ROOT_TERM * Math.sqrt(reductionLength);
  return { relative: bound, absolute: bound };
}

interface HostTensor {
  shape: number[];
  values: Float32Array;
}

/** Runs `body` in a tidy scope, reads its tensors back and disposes them; throws if any tensor outlives the call. */
async function compute(body: () => tf.Tensor[]): Promise<HostTensor[]> {
  let results: HostTensor[] = [];
  await expectNoLeak(async () => {
    const tensors = tf.tidy(body);
    try {
      const values = await Promise.all(tensors.map((tensor) => tensor.data<'float32'>()));
      results = tensors.map((tensor, index) => ({ shape: tensor.shape, values: values[index] as Float32Array }));
    } finally {
      tf.dispose(tensors);
    }
  });
  return results;
}

function expectTensor(actual: HostTensor | undefined, shape: number[], expected: number[], reduction: number): void {
  expect(actual?.shape).toEqual(shape);
  expectClose(actual?.values ?? [], expected, within(reduction));
}

type Conv2dPath = 'tf.conv2d' | 'tf.fused.conv2d' | 'tf.conv2d + tf.add';

function conv2dPaths(testCase: Conv2dCase): Conv2dPath[] {
  return testCase.bias === undefined ? ['tf.conv2d', 'tf.fused.conv2d'] : ['tf.fused.conv2d', 'tf.conv2d + tf.add'];
}

describe(`conv2d against PyTorch (${fixture.generator})`, () => {
  const cases = fixture.conv2d.flatMap((testCase) => conv2dPaths(testCase).map((path) => ({ testCase, path })));
  it.each(cases.map(({ testCase, path }) => [`${testCase.name} (${path})`, testCase, path] as const))(
    '%s',
    async (_name, testCase, path) => {
      const [kh, kw, inChannels, outChannels] = testCase.filterShape as [number, number, number, number];
      const [batch, , ,] = testCase.xShape as [number, number, number, number];
      const [, outHeight, outWidth] = testCase.yShape as [number, number, number, number];
      const { strides, pad } = testCase;
      const [y, dx, dfilter, dbias] = await compute(() => {
        const x = tf.tensor4d(testCase.x, testCase.xShape as [number, number, number, number]);
        const filter = tf.tensor4d(testCase.filter, testCase.filterShape as [number, number, number, number]);
        const dy = tf.tensor4d(testCase.dy, testCase.yShape as [number, number, number, number]);
        if (testCase.bias === undefined) {
          const f = (input: tf.Tensor, weights: tf.Tensor): tf.Tensor4D =>
            path === 'tf.conv2d'
              ? tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, strides, pad)
              : tf.fused.conv2d({ x: input as tf.Tensor4D, filter: weights as tf.Tensor4D, strides, pad });
          return [f(x, filter), ...tf.grads(f)([x, filter], dy)];
        }
        const bias = tf.tensor1d(testCase.bias);
        const f = (input: tf.Tensor, weights: tf.Tensor, offset: tf.Tensor): tf.Tensor4D =>
          path === 'tf.fused.conv2d'
            ? tf.fused.conv2d({ x: input as tf.Tensor4D, filter: weights as tf.Tensor4D, bias: offset, strides, pad })
            : tf.add(tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, strides, pad), offset);
        return [f(x, filter, bias), ...tf.grads(f)([x, filter, bias], dy)];
      });
      expectTensor(y, testCase.yShape, testCase.y, kh * kw * inChannels);
      expectTensor(dx, testCase.xShape, testCase.dx, kh * kw * outChannels);
      expectTensor(dfilter, testCase.filterShape, testCase.dfilter, batch * outHeight * outWidth);
      if (testCase.dbias !== undefined) {
        expectTensor(dbias, [outChannels], testCase.dbias, batch * outHeight * outWidth);
      }
    },
  );

  it('the fixture covers the advertised geometry', () => {
    const filters = new Set(fixture.conv2d.map((testCase) => testCase.filterShape.slice(0, 2).join('x')));
    expect([...filters].sort()).toEqual(['1x1', '2x2', '3x1', '3x3', '5x5']);
    const channels = new Set(fixture.conv2d.flatMap((testCase) => testCase.filterShape.slice(2)));
    for (const count of [1, 3, 5, 16, 17]) expect(channels.has(count)).toBe(true);
    const asymmetric = fixture.conv2d.filter(({ padding }) => padding.top !== padding.bottom);
    expect(asymmetric.length).toBeGreaterThan(0);
    expect(fixture.conv2d.some(({ dy }) => dy.every((value) => value === 0))).toBe(true);
  });
});

describe(`maxPool against PyTorch, ties included (${fixture.maxPoolTies})`, () => {
  it.each(fixture.maxPool.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const { filterSize, strides, pad } = testCase;
    const [y, dx] = await compute(() => {
      const x = tf.tensor4d(testCase.x, testCase.xShape as [number, number, number, number]);
      const dy = tf.tensor4d(testCase.dy, testCase.yShape as [number, number, number, number]);
      const f = (input: tf.Tensor): tf.Tensor4D => tf.maxPool(input as tf.Tensor4D, filterSize, strides, pad);
      return [f(x), tf.grad(f)(x, dy)];
    });
    // The output is a selection of inputs: exact.
    expect(y?.shape).toEqual(testCase.yShape);
    expect(Array.from(y?.values ?? [])).toEqual(testCase.y.map(Math.fround));
    // Each input cell sums the dy of the windows that chose it: at most ceil(k / s)² of them.
    expectTensor(dx, testCase.xShape, testCase.dx, Math.ceil(filterSize / strides) ** 2);
  });

  it('the tied cases really tie and the distinct ones do not', () => {
    for (const testCase of fixture.maxPool) {
      expect(testCase.tiedWindows! > 0).toBe(testCase.inputs === 'ties');
    }
  });
});

describe(`avgPool against PyTorch (gradient at cut windows: ${AVG_POOL_GRADIENT[testBackend()]})`, () => {
  it.each(fixture.avgPool.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const { filterSize, strides, pad } = testCase;
    const [y, dx] = await compute(() => {
      const x = tf.tensor4d(testCase.x, testCase.xShape as [number, number, number, number]);
      const dy = tf.tensor4d(testCase.dy, testCase.yShape as [number, number, number, number]);
      const f = (input: tf.Tensor): tf.Tensor4D => tf.avgPool(input as tf.Tensor4D, filterSize, strides, pad);
      return [f(x), tf.grad(f)(x, dy)];
    });
    expectTensor(y, testCase.yShape, testCase.y, filterSize * filterSize);
    const wholeWindow = AVG_POOL_GRADIENT[testBackend()] === 'whole window';
    expectTensor(
      dx,
      testCase.xShape,
      (wholeWindow ? testCase.dxWholeWindow : undefined) ?? testCase.dx,
      filterSize ** 2,
    );
  });

  it('the two gradient rules differ exactly on the cases whose windows padding cuts', () => {
    for (const { padding, dx, dxWholeWindow } of fixture.avgPool) {
      const padded = Math.max(padding.top, padding.bottom, padding.left, padding.right) > 0;
      expect(dxWholeWindow !== undefined).toBe(padded);
      if (dxWholeWindow !== undefined) expect(dxWholeWindow.some((value, index) => value !== dx[index])).toBe(true);
    }
  });
});

describe('tf.batchNorm against PyTorch (training: tf.moments statistics; inference: given moving statistics)', () => {
  it.each(fixture.batchNorm.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const { xShape, epsilon } = testCase;
    const channels = xShape[xShape.length - 1] as number;
    const rows = xShape.slice(0, -1).reduce((product, size) => product * size, 1);
    const axes = xShape.slice(0, -1).map((_size, axis) => axis);
    const results = await compute(() => {
      const x = tf.tensor(testCase.x, xShape);
      const gamma = tf.tensor1d(testCase.gamma);
      const beta = tf.tensor1d(testCase.beta);
      const dy = tf.tensor(testCase.dy, xShape);
      if (testCase.mode === 'training') {
        const f = (input: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor => {
          const { mean, variance } = tf.moments(input, axes);
          return tf.batchNorm(input, mean, variance, offset, scale, epsilon);
        };
        return [f(x, gamma, beta), ...tf.grads(f)([x, gamma, beta], dy)];
      }
      const mean = tf.tensor1d(testCase.mean!);
      const variance = tf.tensor1d(testCase.variance!);
      const f = (input: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, m: tf.Tensor, v: tf.Tensor): tf.Tensor =>
        tf.batchNorm(input, m, v, offset, scale, epsilon);
      return [f(x, gamma, beta, mean, variance), ...tf.grads(f)([x, gamma, beta, mean, variance], dy)];
    });
    const [y, dx, dgamma, dbeta, dmean, dvariance] = results;
    // Training: every output depends on the statistics of its channel's `rows` values; inference: y and dx are
    // element-wise, the parameter gradients sum over `rows`.
    const elementwise = testCase.mode === 'training' ? rows : 1;
    expectTensor(y, xShape, testCase.y, elementwise);
    expectTensor(dx, xShape, testCase.dx, elementwise);
    expectTensor(dgamma, [channels], testCase.dgamma, rows);
    expectTensor(dbeta, [channels], testCase.dbeta, rows);
    if (testCase.mode === 'inference') {
      expectTensor(dmean, [channels], testCase.dmean!, rows);
      expectTensor(dvariance, [channels], testCase.dvariance!, rows);
    }
  });
});
