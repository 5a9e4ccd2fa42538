import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  type Bound,
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
  expectUnrelatedOpsIntact,
  expectWithin,
  HeapLayout,
  realiseValues,
  SeededValues,
  testBackend,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { initBackend } from '../../backend/init-backend';

// The conv-net kernels that initBackend installs into tfjs-backend-wasm, each run on random NHWC cases through
// tfjs's engine (`runKernel`, or the public op where the kernel has a public op of the same inputs) on the wasm
// backend and on tfjs's cpu backend in the same process, from the same float32 inputs. The wasm run places every
// input between guard tensors (HeapLayout) and checks them afterwards, checks that no tensor outlives the call and
// that unrelated ops still work. Every file runs these on wasm, whatever backend its project selects.
//
// Sums of K float32 terms carry a rounding error of at most about K·2⁻²⁴ times the sum of the terms' magnitudes, in
// any summation order, so two backends differ by at most twice that: the bound of each reduction is
// 2·(K + 2)·2⁻²⁴ times the same kernel applied to the absolute values of its inputs (computed on cpu).

const UNIT_ROUNDOFF = 2 ** -24;

/** A float32 (or int32, bool) array with its shape: one input of a kernel. */
interface HostArray {
  values: Float32Array | Int32Array | Uint8Array;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

/** What a kernel returned, read back to the host. */
interface HostResult {
  values: Float32Array | Int32Array | Uint8Array;
  shape: number[];
  dtype: tf.DataType;
}

type Tensors = Record<string, tf.Tensor>;

function float32(values: Float32Array, shape: number[]): HostArray {
  return { values, shape, dtype: 'float32' };
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, extent) => product * extent, 1);
}

function absolute(array: HostArray): HostArray {
  return { ...array, values: Float32Array.from(array.values, Math.abs) };
}

function read(result: tf.Tensor): HostResult {
  return { values: result.dataSync() as HostResult['values'], shape: result.shape, dtype: result.dtype };
}

/** Runs `op` on tfjs's cpu backend on tensors made from `inputs`, and switches back to wasm. */
async function onCpu(inputs: Record<string, HostArray>, op: (tensors: Tensors) => tf.Tensor): Promise<HostResult> {
  await tf.setBackend('cpu');
  try {
    return expectNoTensorLeak('cpu reference', () => {
      let result: HostResult | undefined;
      tf.tidy(() => {
        const tensors: Tensors = {};
        for (const [name, array] of Object.entries(inputs)) {
          tensors[name] = tf.tensor(array.values, array.shape, array.dtype);
        }
        result = read(op(tensors));
      });
      return result as HostResult;
    });
  } finally {
    await tf.setBackend('wasm');
  }
}

/**
 * Runs `op` on the wasm backend on tensors made from `inputs`, each between guards, after `filler` floats that move
 * them on the heap; checks the guards, that no tensor is left and that unrelated ops still give their results.
 */
function onWasm(
  context: string,
  inputs: Record<string, HostArray>,
  outputElements: number,
  filler: number,
  op: (tensors: Tensors) => tf.Tensor,
): HostResult {
  if (tf.getBackend() !== 'wasm') throw new Error(`${context}: expected the wasm backend, found ${tf.getBackend()}`);
  return expectNoTensorLeak(context, () => {
    const layout = new HeapLayout(filler);
    try {
      const tensors: Tensors = {};
      for (const [name, array] of Object.entries(inputs)) {
        tensors[name] = layout.tensor(() => tf.tensor(array.values, array.shape, array.dtype), name);
      }
      layout.hole(outputElements);
      layout.openHoles();
      const output = tf.tidy(() => op(tensors));
      layout.guardAfterOutput();
      try {
        const result = read(output);
        layout.check(context);
        for (const [name, array] of Object.entries(inputs)) {
          expectSameBits(`${context}: input ${name} afterwards`, tensors[name]?.dataSync() ?? [], array.values);
        }
        return result;
      } finally {
        output.dispose();
      }
    } finally {
      layout.dispose();
      expectUnrelatedOpsIntact(context);
    }
  });
}

function expectShape(context: string, actual: HostResult, expected: HostResult): void {
  if (!tf.util.arraysEqual(actual.shape, expected.shape) || actual.dtype !== expected.dtype) {
    throw new Error(
      `${context}: ${actual.dtype} [${actual.shape.join(', ')}], cpu gives ${expected.dtype} [${expected.shape.join(', ')}]`,
    );
  }
}

/** The bound of a float32 reduction of `terms` terms on two backends (see the top of the file). */
function reductionBound(terms: number): Bound {
  return { absolute: 1e-35, relative: 2 * (terms + 2) * UNIT_ROUNDOFF };
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry of convolution and pooling cases.

type Padding = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

/** One NHWC window geometry: images, window (filter) and output channels, strides, padding. */
interface Geometry {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  pad: Padding;
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined;
}

/** Channel counts around the kernels' 4-lane vectors and 8-channel tiles, 1 to 19. */
const channels = fc.oneof(
  { weight: 1, arbitrary: fc.constant(1) },
  { weight: 3, arbitrary: fc.constantFrom(3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 19) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 19 }) },
);

const spatial = fc.oneof(
  { weight: 1, arbitrary: fc.constant(1) },
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 12 }) },
);

/** Strides 1–3, now and then one larger than any image (every output reads one window). */
const stride = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(7, 13) },
);

const padKind = fc.oneof(
  { weight: 3, arbitrary: fc.constant('same' as const) },
  { weight: 3, arbitrary: fc.constant('valid' as const) },
  { weight: 2, arbitrary: fc.nat({ max: 3 }) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 })),
  },
);

/**
 * A geometry whose output is not empty: 'valid' and numeric padding shrink the filter to fit the padded image.
 * Explicit and numeric pads stay smaller than the window, except now and then with `widePads` (convolutions; a pool
 * window must hold an image cell).
 */
function geometry(widePads: boolean): fc.Arbitrary<Geometry> {
  return fc
    .record({
      batch: fc.integer({ min: 1, max: 4 }),
      height: spatial,
      width: spatial,
      inChannels: channels,
      outChannels: channels,
      filterHeight: fc.integer({ min: 1, max: 5 }),
      filterWidth: fc.integer({ min: 1, max: 5 }),
      strideHeight: stride,
      strideWidth: stride,
      pad: padKind,
      rounding: fc.constantFrom('floor' as const, 'round' as const, 'ceil' as const, undefined),
      wide: widePads
        ? fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })
        : fc.constant(false),
    })
    .map(({ pad, rounding, wide, ...rest }): Geometry => {
      if (pad === 'same') return { ...rest, pad, dimRoundingMode: undefined };
      if (pad === 'valid') {
        const filterHeight = Math.min(rest.filterHeight, rest.height);
        const filterWidth = Math.min(rest.filterWidth, rest.width);
        return { ...rest, filterHeight, filterWidth, pad, dimRoundingMode: undefined };
      }
      const cap = (value: number): number =>
        wide ? value : Math.min(value, rest.filterHeight - 1, rest.filterWidth - 1);
      const [top, bottom, left, right] = (typeof pad === 'number' ? [pad, pad, pad, pad] : pad).map(cap) as [
        number,
        number,
        number,
        number,
      ];
      // The filter shrinks to fit the padded image (a pad below the filter stays below the smaller filter).
      const filterHeight = Math.min(rest.filterHeight, rest.height + top + bottom);
      const filterWidth = Math.min(rest.filterWidth, rest.width + left + right);
      if (typeof pad === 'number') {
        // tfjs sizes both output axes of a numeric pad from the filter height and stride height, so the windows of a
        // non-square filter can reach past the padded image (read as zeros); the filter height must fit both axes.
        // Pools keep square windows (tfjs-backend-wasm's own MaxPool corrupts its heap on such overhangs).
        const fitted = Math.min(filterHeight, rest.width + left + right);
        return {
          ...rest,
          filterHeight: fitted,
          filterWidth: widePads ? filterWidth : Math.min(fitted, filterWidth),
          strideWidth: rest.strideHeight,
          pad: top,
          dimRoundingMode: rounding,
        };
      }
      const explicit: tf.backend_util.ExplicitPadding = [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ];
      return { ...rest, filterHeight, filterWidth, pad: explicit, dimRoundingMode: undefined };
    });
}

/**
 * `g` with strides no larger than the filter: tfjs-backend-wasm's own Conv2D and FusedConv2D (XNNPACK) give zeros for
 * strides larger than the filter, so the cases left to them keep within it.
 */
function stridesWithinFilter(g: Geometry): Geometry {
  // Nor do they read a non-square filter's overhang past a numeric pad as zeros: those windows stay square.
  const square = typeof g.pad === 'number' ? Math.min(g.filterHeight, g.filterWidth) : undefined;
  const filterHeight = square ?? g.filterHeight;
  const filterWidth = square ?? g.filterWidth;
  return {
    ...g,
    filterHeight,
    filterWidth,
    // and their output sizes rounded up read past the image.
    dimRoundingMode: g.dimRoundingMode === undefined ? undefined : 'floor',
    strideHeight: Math.min(g.strideHeight, filterHeight),
    strideWidth: Math.min(g.strideWidth, filterWidth),
  };
}

function describePad(pad: Padding): string {
  return typeof pad === 'object' ? JSON.stringify(pad) : String(pad);
}

function convInfo(g: Geometry): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    [g.batch, g.height, g.width, g.inChannels],
    [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels],
    [g.strideHeight, g.strideWidth],
    1,
    g.pad,
    g.dimRoundingMode,
  );
}

function poolInfo(g: Geometry): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(
    [g.batch, g.height, g.width, g.inChannels],
    [g.filterHeight, g.filterWidth],
    [g.strideHeight, g.strideWidth],
    1,
    g.pad,
    g.dimRoundingMode,
  );
}

function convAttrs(g: Geometry): Record<string, unknown> {
  return {
    strides: [g.strideHeight, g.strideWidth],
    pad: g.pad,
    dataFormat: 'NHWC',
    dilations: 1,
    dimRoundingMode: g.dimRoundingMode,
  };
}

function runKernel(name: string, inputs: Tensors, attrs: Record<string, unknown>): tf.Tensor {
  return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as never) as tf.Tensor;
}

// ---------------------------------------------------------------------------------------------------------------
// Conv2D and FusedConv2D.

type Activation = 'linear' | 'relu' | 'relu6' | 'elu';

/** One forward convolution: geometry, values, and the fused bias and activation (none: the plain Conv2D kernel). */
interface ConvCase {
  geometry: Geometry;
  x: ValueRecipe;
  filter: ValueRecipe;
  fused: { bias: 'none' | 'vector' | 'rank4' | 'scalar'; activation: Activation } | undefined;
  filler: number;
}

const convCase: fc.Arbitrary<ConvCase> = fc
  .record({
    geometry: geometry(true),
    x: valueRecipe(),
    filter: valueRecipe(),
    fused: fc.option(
      fc.record({
        bias: fc.constantFrom(
          'none' as const,
          'vector' as const,
          'vector' as const,
          'rank4' as const,
          'scalar' as const,
        ),
        activation: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom('linear' as const, 'relu' as const) },
          { weight: 1, arbitrary: fc.constantFrom('relu6' as const, 'elu' as const) },
        ),
      }),
      { nil: undefined, freq: 3 },
    ),
    filler: fc.nat({ max: 4099 }),
  })
  .map((drawn) => {
    const ownActivation =
      drawn.fused === undefined || drawn.fused.activation === 'linear' || drawn.fused.activation === 'relu';
    const testCase = ownActivation ? drawn : { ...drawn, geometry: stridesWithinFilter(drawn.geometry) };
    const { fused, geometry: g } = testCase;
    if (fused === undefined || fused.bias === 'none' || fused.bias === 'vector') return testCase;
    // tfjs-backend-wasm's own FusedConv2D (which takes the other activations) adds rank-1 biases only; a scalar bias
    // is one value per channel only for one output channel.
    const fits = ownActivation && (fused.bias === 'rank4' || g.outChannels === 1);
    return fits ? testCase : { ...testCase, fused: { ...fused, bias: 'vector' as const } };
  });

function convInputs(testCase: ConvCase, magnitudes: boolean): Record<string, HostArray> {
  const g = testCase.geometry;
  const xShape = [g.batch, g.height, g.width, g.inChannels];
  const filterShape = [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels];
  const inputs: Record<string, HostArray> = {
    x: float32(realiseValues(testCase.x, sizeOf(xShape)), xShape),
    filter: float32(realiseValues(testCase.filter, sizeOf(filterShape)), filterShape),
  };
  const bias = testCase.fused?.bias ?? 'none';
  if (bias !== 'none') {
    const shape = bias === 'vector' ? [g.outChannels] : bias === 'rank4' ? [1, 1, 1, g.outChannels] : [];
    inputs.bias = float32(
      realiseValues({ ...testCase.filter, seed: testCase.filter.seed ^ 0x9e37 }, sizeOf(shape)),
      shape,
    );
  }
  if (!magnitudes) return inputs;
  return Object.fromEntries(Object.entries(inputs).map(([name, array]) => [name, absolute(array)]));
}

function convOp(testCase: ConvCase, activation: Activation): (tensors: Tensors) => tf.Tensor {
  const attrs = convAttrs(testCase.geometry);
  if (testCase.fused === undefined) return ({ x, filter }) => runKernel('Conv2D', { x, filter } as Tensors, attrs);
  return (tensors) => runKernel('FusedConv2D', tensors, { ...attrs, activation, leakyreluAlpha: 0.2 });
}

async function checkConv(testCase: ConvCase): Promise<void> {
  const g = testCase.geometry;
  const info = convInfo(g);
  const activation = testCase.fused?.activation ?? 'linear';
  const context = `${testCase.fused === undefined ? 'Conv2D' : `FusedConv2D (${activation}, bias ${testCase.fused.bias})`} pad ${describePad(g.pad)}`;
  const inputs = convInputs(testCase, false);
  const expected = await onCpu(inputs, convOp(testCase, activation));
  // |act(v)| ≤ |v| and act is 1-Lipschitz for these activations: the linear magnitudes bound the error.
  const magnitude = await onCpu(convInputs(testCase, true), convOp(testCase, 'linear'));
  const actual = onWasm(context, inputs, sizeOf(expected.shape), testCase.filler, convOp(testCase, activation));
  expectShape(context, actual, expected);
  if (!tf.util.arraysEqual(actual.shape, [g.batch, info.outHeight, info.outWidth, g.outChannels])) {
    throw new Error(`${context}: output shape [${actual.shape.join(', ')}]`);
  }
  const terms = g.filterHeight * g.filterWidth * g.inChannels + 1 + (activation === 'elu' ? 4 : 0);
  const bound = reductionBound(terms);
  // tfjs's cpu elu is exp(v) − 1 in float64: an absolute error of one float64 ulp of 1 where v is tiny.
  if (activation === 'elu') bound.absolute = 1e-15;
  expectWithin(context, actual.values, expected.values, bound, magnitude.values);
}

// ---------------------------------------------------------------------------------------------------------------
// Conv2DBackpropInput and Conv2DBackpropFilter.

/** One convolution's gradients: geometry and the values of x, the filter and the upstream gradient dy. */
interface ConvGradientCase {
  geometry: Geometry;
  x: ValueRecipe;
  filter: ValueRecipe;
  dy: ValueRecipe;
  filler: number;
}

const convGradientCase: fc.Arbitrary<ConvGradientCase> = fc.record({
  geometry: geometry(true),
  x: valueRecipe(),
  filter: valueRecipe(),
  dy: valueRecipe(),
  filler: fc.nat({ max: 4099 }),
});

function gradientArrays(testCase: ConvGradientCase): { x: HostArray; filter: HostArray; dy: HostArray } {
  const g = testCase.geometry;
  const info = convInfo(g);
  const xShape = [g.batch, g.height, g.width, g.inChannels];
  const filterShape = [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels];
  const dyShape = [g.batch, info.outHeight, info.outWidth, g.outChannels];
  return {
    x: float32(realiseValues(testCase.x, sizeOf(xShape)), xShape),
    filter: float32(realiseValues(testCase.filter, sizeOf(filterShape)), filterShape),
    dy: float32(realiseValues(testCase.dy, sizeOf(dyShape)), dyShape),
  };
}

async function checkBackpropInput(testCase: ConvGradientCase): Promise<void> {
  const g = testCase.geometry;
  const { filter, dy } = gradientArrays(testCase);
  const attrs = { ...convAttrs(g), inputShape: [g.batch, g.height, g.width, g.inChannels] };
  const op = (tensors: Tensors): tf.Tensor => runKernel('Conv2DBackpropInput', tensors, attrs);
  const context = `Conv2DBackpropInput pad ${describePad(g.pad)}`;
  const expected = await onCpu({ dy, filter }, op);
  const magnitude = await onCpu({ dy: absolute(dy), filter: absolute(filter) }, op);
  const actual = onWasm(context, { dy, filter }, sizeOf(expected.shape), testCase.filler, op);
  expectShape(context, actual, expected);
  const terms = g.filterHeight * g.filterWidth * g.outChannels;
  expectWithin(context, actual.values, expected.values, reductionBound(terms), magnitude.values);
}

async function checkBackpropFilter(testCase: ConvGradientCase): Promise<void> {
  const g = testCase.geometry;
  const info = convInfo(g);
  const { x, dy } = gradientArrays(testCase);
  const attrs = { ...convAttrs(g), filterShape: [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels] };
  const op = (tensors: Tensors): tf.Tensor => runKernel('Conv2DBackpropFilter', tensors, attrs);
  const context = `Conv2DBackpropFilter pad ${describePad(g.pad)}`;
  const expected = await onCpu({ x, dy }, op);
  const magnitude = await onCpu({ x: absolute(x), dy: absolute(dy) }, op);
  const actual = onWasm(context, { x, dy }, sizeOf(expected.shape), testCase.filler, op);
  expectShape(context, actual, expected);
  const terms = g.batch * info.outHeight * info.outWidth;
  expectWithin(context, actual.values, expected.values, reductionBound(terms), magnitude.values);
}

// ---------------------------------------------------------------------------------------------------------------
// MaxPoolGrad and AvgPoolGrad.

/** One pooling gradient: geometry (inChannels are the channels), x and dy values; `integerDy` makes sums exact. */
interface PoolCase {
  geometry: Geometry;
  x: ValueRecipe;
  dy: ValueRecipe;
  integerDy: boolean;
  filler: number;
}

const poolCase: fc.Arbitrary<PoolCase> = fc.record({
  geometry: geometry(false),
  x: fc.oneof(
    { weight: 2, arbitrary: valueRecipe().map((recipe) => ({ ...recipe, style: 'ties' as const })) },
    { weight: 1, arbitrary: valueRecipe() },
  ),
  dy: valueRecipe(),
  integerDy: fc.boolean(),
  filler: fc.nat({ max: 4099 }),
});

function poolArrays(testCase: PoolCase): { x: HostArray; dy: HostArray; info: tf.backend_util.Conv2DInfo } {
  const g = testCase.geometry;
  const info = poolInfo(g);
  const xShape = [g.batch, g.height, g.width, g.inChannels];
  const dyShape = [g.batch, info.outHeight, info.outWidth, g.inChannels];
  const random = new SeededValues(testCase.dy.seed);
  const dyValues = testCase.integerDy
    ? Float32Array.from({ length: sizeOf(dyShape) }, () => random.int(7) - 3)
    : realiseValues(testCase.dy, sizeOf(dyShape));
  return { x: float32(realiseValues(testCase.x, sizeOf(xShape)), xShape), dy: float32(dyValues, dyShape), info };
}

function poolAttrs(g: Geometry): Record<string, unknown> {
  return {
    filterSize: [g.filterHeight, g.filterWidth],
    strides: [g.strideHeight, g.strideWidth],
    pad: g.pad,
    dimRoundingMode: g.dimRoundingMode,
  };
}

/** The most windows that share one input cell. */
function windowsPerCell(g: Geometry): number {
  return Math.ceil(g.filterHeight / g.strideHeight) * Math.ceil(g.filterWidth / g.strideWidth);
}

async function checkMaxPoolGrad(testCase: PoolCase): Promise<void> {
  const g = testCase.geometry;
  const { x, dy } = poolArrays(testCase);
  const attrs = poolAttrs(g);
  const op = ({ input, dy: gradient }: Tensors): tf.Tensor => {
    const output = runKernel('MaxPool', { x: input } as Tensors, attrs);
    return runKernel('MaxPoolGrad', { dy: gradient, input, output } as Tensors, attrs);
  };
  const context = `MaxPoolGrad pad ${describePad(g.pad)}${testCase.integerDy ? ', integer dy' : ''}`;
  const expected = await onCpu({ input: x, dy }, op);
  const actual = onWasm(context, { input: x, dy }, sizeOf(expected.shape), testCase.filler, op);
  expectShape(context, actual, expected);
  if (testCase.integerDy) {
    // Small integers add exactly: the same cells must receive the same windows, ties going to the same cell.
    expectSameBits(context, actual.values, expected.values);
    return;
  }
  const magnitude = await onCpu({ input: x, dy: absolute(dy) }, op);
  expectWithin(context, actual.values, expected.values, reductionBound(windowsPerCell(g)), magnitude.values);
}

/**
 * The float64 gradient of an average over each window's in-bounds cells (tfjs's forward average) for upstream
 * gradient `dy`, with the magnitude Σ|dy|/count of each cell's terms.
 */
function avgPoolGradReference(
  dy: Float32Array,
  g: Geometry,
  info: tf.backend_util.Conv2DInfo,
): { dx: Float64Array; magnitude: Float64Array } {
  const dx = new Float64Array(g.batch * g.height * g.width * g.inChannels);
  const magnitude = new Float64Array(dx.length);
  const c = g.inChannels;
  for (let n = 0; n < g.batch; n += 1) {
    for (let oy = 0; oy < info.outHeight; oy += 1) {
      const y0 = oy * g.strideHeight - info.padInfo.top;
      const ya = Math.max(0, y0);
      const yb = Math.min(g.height, y0 + g.filterHeight);
      for (let ox = 0; ox < info.outWidth; ox += 1) {
        const x0 = ox * g.strideWidth - info.padInfo.left;
        const xa = Math.max(0, x0);
        const xb = Math.min(g.width, x0 + g.filterWidth);
        const count = (yb - ya) * (xb - xa);
        if (count <= 0) continue;
        const from = ((n * info.outHeight + oy) * info.outWidth + ox) * c;
        for (let y = ya; y < yb; y += 1) {
          for (let xx = xa; xx < xb; xx += 1) {
            const to = ((n * g.height + y) * g.width + xx) * c;
            for (let channel = 0; channel < c; channel += 1) {
              const share = (dy[from + channel] as number) / count;
              dx[to + channel] = (dx[to + channel] as number) + share;
              magnitude[to + channel] = (magnitude[to + channel] as number) + Math.abs(share);
            }
          }
        }
      }
    }
  }
  return { dx, magnitude };
}

async function checkAvgPoolGrad(testCase: PoolCase): Promise<void> {
  const g = testCase.geometry;
  const { x, dy, info } = poolArrays(testCase);
  const attrs = poolAttrs(g);
  const op = (tensors: Tensors): tf.Tensor => runKernel('AvgPoolGrad', tensors, attrs);
  const context = `AvgPoolGrad pad ${describePad(g.pad)}`;
  const actual = onWasm(context, { dy, input: x }, sizeOf(x.shape), testCase.filler, op);
  if (!tf.util.arraysEqual(actual.shape, x.shape) || actual.dtype !== 'float32') {
    throw new Error(
      `${context}: ${actual.dtype} [${actual.shape.join(', ')}], expected float32 [${x.shape.join(', ')}]`,
    );
  }
  // One float32 division, one product and one addition per window sharing a cell.
  const bound = reductionBound(windowsPerCell(g) + 2);
  const reference = avgPoolGradReference(dy.values as Float32Array, g, info);
  expectWithin(context, actual.values, reference.dx, bound, reference.magnitude);
  const { top, bottom, left, right } = info.padInfo;
  const overhang =
    (info.outHeight - 1) * g.strideHeight + g.filterHeight > g.height ||
    (info.outWidth - 1) * g.strideWidth + g.filterWidth > g.width;
  if (top + bottom + left + right === 0 && !overhang) {
    // No window reaches padding or past the image (rounded-up output sizes): tfjs's cpu kernel (which divides by the
    // whole window) computes the same gradient.
    const expected = await onCpu({ dy, input: x }, op);
    expectShape(context, actual, expected);
    expectWithin(`${context} against cpu`, actual.values, expected.values, bound, reference.magnitude);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sum and Mean over leading axes (and other axes, which go to tfjs's kernels).

/** One reduction: shape, which axes (leading ones, or others), how they are written, keepDims. */
interface ReduceCase {
  kind: 'Sum' | 'Mean';
  shape: number[];
  axes: number[];
  keepDims: boolean;
  x: ValueRecipe;
  filler: number;
}

const reduceCase: fc.Arbitrary<ReduceCase> = fc
  .record({
    kind: fc.constantFrom('Sum' as const, 'Mean' as const),
    shape: fc.array(
      fc.oneof({ weight: 1, arbitrary: fc.constant(1) }, { weight: 4, arbitrary: fc.integer({ min: 2, max: 24 }) }),
      { minLength: 2, maxLength: 4 },
    ),
    leading: fc.nat(),
    form: fc.constantFrom(
      'leading' as const,
      'leading' as const,
      'negative' as const,
      'reversed' as const,
      'other' as const,
    ),
    keepDims: fc.boolean(),
    x: valueRecipe(),
    filler: fc.nat({ max: 4099 }),
  })
  .map(({ shape, leading, form, ...rest }) => {
    const rank = shape.length;
    const count = 1 + (leading % (rank - 1));
    const axes = Array.from({ length: count }, (_, axis) => axis);
    if (form === 'negative') return { ...rest, shape, axes: axes.map((axis) => axis - rank) };
    if (form === 'reversed') return { ...rest, shape, axes: axes.reverse() };
    if (form === 'other') return { ...rest, shape, axes: leading % 2 === 0 ? [rank - 1] : [0, rank - 1] };
    return { ...rest, shape, axes };
  });

async function checkReduce(testCase: ReduceCase): Promise<void> {
  const x = float32(realiseValues(testCase.x, sizeOf(testCase.shape)), testCase.shape);
  const attrs = { axis: testCase.axes, keepDims: testCase.keepDims };
  const op = (tensors: Tensors): tf.Tensor => runKernel(testCase.kind, tensors, attrs);
  const context = `${testCase.kind} of [${testCase.shape.join(', ')}] over [${testCase.axes.join(', ')}]`;
  const expected = await onCpu({ x }, op);
  const magnitude = await onCpu({ x: absolute(x) }, op);
  const actual = onWasm(context, { x }, sizeOf(expected.shape), testCase.filler, op);
  expectShape(context, actual, expected);
  const terms = sizeOf(testCase.shape) / Math.max(1, sizeOf(expected.shape));
  expectWithin(context, actual.values, expected.values, reductionBound(terms + 2), magnitude.values);
}

// ---------------------------------------------------------------------------------------------------------------
// Add, Sub and Multiply with a last-axis vector (and other broadcasts, which go to tfjs's kernels).

/** One binary op: which, the larger operand's shape, the other's shape, which comes first, the dtype. */
interface AddCase {
  kind: 'Add' | 'Sub' | 'Multiply';
  shape: number[];
  other: 'vector' | 'row' | 'rank-matched' | 'column' | 'same' | 'scalar';
  vectorFirst: boolean;
  dtype: 'float32' | 'int32';
  values: ValueRecipe;
  filler: number;
}

const addCase: fc.Arbitrary<AddCase> = fc.record({
  kind: fc.constantFrom('Add' as const, 'Sub' as const, 'Multiply' as const),
  shape: fc.array(
    fc.oneof(
      { weight: 1, arbitrary: fc.constant(1) },
      { weight: 4, arbitrary: fc.integer({ min: 2, max: 12 }) },
      { weight: 2, arbitrary: fc.constantFrom(3, 4, 5, 7, 8, 9, 16, 17, 19) },
    ),
    { minLength: 1, maxLength: 4 },
  ),
  other: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('vector' as const, 'row' as const, 'rank-matched' as const) },
    { weight: 2, arbitrary: fc.constantFrom('column' as const, 'same' as const, 'scalar' as const) },
  ),
  vectorFirst: fc.boolean(),
  dtype: fc.oneof(
    { weight: 6, arbitrary: fc.constant('float32' as const) },
    { weight: 1, arbitrary: fc.constant('int32' as const) },
  ),
  values: valueRecipe(),
  filler: fc.nat({ max: 4099 }),
});

function otherShape(shape: number[], other: AddCase['other']): number[] {
  const last = shape[shape.length - 1] as number;
  switch (other) {
    case 'vector':
      return [last];
    case 'row':
      return [1, last];
    case 'rank-matched':
      return [...shape.slice(0, -1).map(() => 1), last];
    case 'column':
      return [...shape.slice(0, -1), 1];
    case 'same':
      return [...shape];
    case 'scalar':
      return [];
  }
}

async function checkAdd(testCase: AddCase): Promise<void> {
  const bShape = otherShape(testCase.shape, testCase.other);
  const make = (shape: number[], seed: number): HostArray => {
    const values = realiseValues({ ...testCase.values, seed }, sizeOf(shape));
    return testCase.dtype === 'float32'
      ? float32(values, shape)
      : { values: Int32Array.from(values, (value) => Math.trunc(value)), shape, dtype: 'int32' };
  };
  const matrix = make(testCase.shape, testCase.values.seed);
  const vector = make(bShape, testCase.values.seed ^ 0x5bd1);
  const inputs = testCase.vectorFirst ? { a: vector, b: matrix } : { a: matrix, b: vector };
  const op = (tensors: Tensors): tf.Tensor => runKernel(testCase.kind, tensors, {});
  const context = `${testCase.kind} [${inputs.a.shape.join(', ')}], [${inputs.b.shape.join(', ')}] (${testCase.dtype})`;
  const expected = await onCpu(inputs, op);
  const actual = onWasm(context, inputs, sizeOf(expected.shape), testCase.filler, op);
  expectShape(context, actual, expected);
  // A float32 sum, difference or product is one correctly rounded operation on every backend.
  expectSameBits(context, actual.values, expected.values);
}

// ---------------------------------------------------------------------------------------------------------------
// FusedBatchNorm.

/** One batch normalisation: x's shape (channels last), which parameters are given, and how they broadcast. */
interface BatchNormCase {
  shape: number[];
  params: 'per-channel' | 'rank-matched' | 'scalar';
  scale: boolean;
  offset: boolean;
  varianceEpsilon: number;
  values: ValueRecipe;
  filler: number;
}

const batchNormCase: fc.Arbitrary<BatchNormCase> = fc.record({
  shape: fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 30 }), channels),
    fc.tuple(fc.integer({ min: 1, max: 4 }), spatial, spatial, channels),
  ),
  params: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('per-channel' as const, 'rank-matched' as const) },
    { weight: 1, arbitrary: fc.constant('scalar' as const) },
  ),
  scale: fc.boolean(),
  offset: fc.boolean(),
  varianceEpsilon: fc.constantFrom(1e-3, 1e-5, 0.1),
  values: valueRecipe(),
  filler: fc.nat({ max: 4099 }),
});

async function checkBatchNorm(testCase: BatchNormCase): Promise<void> {
  const { shape } = testCase;
  const channelCount = shape[shape.length - 1] as number;
  const paramShape =
    testCase.params === 'scalar'
      ? [1]
      : testCase.params === 'rank-matched'
        ? [...shape.map(() => 1).slice(1), channelCount]
        : [channelCount];
  const random = new SeededValues(testCase.values.seed ^ 0x2545f491);
  const param = (draw: () => number): HostArray =>
    float32(Float32Array.from({ length: sizeOf(paramShape) }, draw), paramShape);
  const x = float32(realiseValues(testCase.values, sizeOf(shape), channelCount), shape);
  const inputs: Record<string, HostArray> = {
    x,
    mean: param(() => random.normal() * testCase.values.scale),
    variance: param(() => (random.uniform() < 0.1 ? 0 : Math.abs(random.normal()) * testCase.values.scale ** 2)),
  };
  if (testCase.scale) inputs.scale = param(() => random.normal() * 2);
  if (testCase.offset) inputs.offset = param(() => random.normal() * 3);
  const op = (tensors: Tensors): tf.Tensor =>
    tf.batchNorm(
      tensors.x as tf.Tensor,
      tensors.mean as tf.Tensor,
      tensors.variance as tf.Tensor,
      tensors.offset,
      tensors.scale,
      testCase.varianceEpsilon,
    );
  const context = `FusedBatchNorm of [${shape.join(', ')}], params [${paramShape.join(', ')}]`;
  const expected = await onCpu(inputs, op);
  const actual = onWasm(context, inputs, sizeOf(shape), testCase.filler, op);
  expectShape(context, actual, expected);
  // |x − mean|·|γ|/√(σ² + ε) + |β| in float64: a subtraction, a rounded factor, a product and a sum, each half an ulp.
  const at = (array: HostArray | undefined, index: number, fallback: number): number =>
    array === undefined ? fallback : (array.values[index % array.values.length] as number);
  const magnitude = Float64Array.from(x.values, (value, index) => {
    const factor = at(inputs.scale, index, 1) / Math.sqrt(at(inputs.variance, index, 0) + testCase.varianceEpsilon);
    return Math.abs((value - at(inputs.mean, index, 0)) * factor) + Math.abs(at(inputs.offset, index, 0));
  });
  expectWithin(context, actual.values, expected.values, { absolute: 1e-35, relative: 10 * UNIT_ROUNDOFF }, magnitude);
}

// ---------------------------------------------------------------------------------------------------------------
// Tile.

/** One tile: shape, repetitions per axis, dtype. */
interface TileCase {
  shape: number[];
  reps: number[];
  dtype: 'float32' | 'int32' | 'bool';
  values: ValueRecipe;
  filler: number;
}

const tileCase: fc.Arbitrary<TileCase> = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
    reps: fc.array(
      fc.oneof({ weight: 2, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 5 }) }),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
    dtype: fc.constantFrom('float32' as const, 'int32' as const, 'bool' as const),
    values: valueRecipe(),
    filler: fc.nat({ max: 4099 }),
  })
  .map(({ reps, ...rest }) => ({ ...rest, reps: reps.slice(0, rest.shape.length) }));

async function checkTile(testCase: TileCase): Promise<void> {
  const size = sizeOf(testCase.shape);
  const random = new SeededValues(testCase.values.seed);
  const values =
    testCase.dtype === 'float32'
      ? realiseValues(testCase.values, size)
      : testCase.dtype === 'int32'
        ? Int32Array.from({ length: size }, () => random.int(2001) - 1000)
        : Uint8Array.from({ length: size }, () => random.int(2));
  const x: HostArray = { values, shape: testCase.shape, dtype: testCase.dtype };
  const op = (tensors: Tensors): tf.Tensor => runKernel('Tile', tensors, { reps: testCase.reps });
  const context = `Tile [${testCase.shape.join(', ')}] by [${testCase.reps.join(', ')}] (${testCase.dtype})`;
  const expected = await onCpu({ x }, op);
  const actual = onWasm(context, { x }, sizeOf(expected.shape), testCase.filler, op);
  expectShape(context, actual, expected);
  expectSameBits(context, actual.values, expected.values);
}

definePropertySuite({
  name: 'conv-net kernels on wasm against tfjs cpu',
  setup: async () => {
    await initBackend({ backend: 'cpu' });
    await initBackend({ backend: 'wasm' });
  },
  teardown: async () => {
    await initBackend({ backend: testBackend() });
  },
  properties: [
    {
      name: 'Conv2D and FusedConv2D (linear, relu; others fall back)',
      arbitrary: convCase,
      check: checkConv,
      runs: 100,
    },
    { name: 'Conv2DBackpropInput', arbitrary: convGradientCase, check: checkBackpropInput, runs: 80 },
    { name: 'Conv2DBackpropFilter', arbitrary: convGradientCase, check: checkBackpropFilter, runs: 80 },
    { name: 'MaxPoolGrad: ties go where cpu sends them', arbitrary: poolCase, check: checkMaxPoolGrad, runs: 80 },
    { name: 'AvgPoolGrad: the in-bounds-count gradient', arbitrary: poolCase, check: checkAvgPoolGrad, runs: 80 },
    { name: 'Sum and Mean over leading axes (others fall back)', arbitrary: reduceCase, check: checkReduce, runs: 80 },
    {
      name: 'Add, Sub and Multiply with a last-axis vector (others fall back)',
      arbitrary: addCase,
      check: checkAdd,
      runs: 120,
    },
    {
      name: 'FusedBatchNorm (per-channel; others fall back)',
      arbitrary: batchNormCase,
      check: checkBatchNorm,
      runs: 80,
    },
    { name: 'Tile of float32, int32 and bool', arbitrary: tileCase, check: checkTile, runs: 60 },
  ],
});
