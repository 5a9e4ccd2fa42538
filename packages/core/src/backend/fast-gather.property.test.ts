import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
  expectUnrelatedOpsIntact,
  HeapLayout,
  realiseValues,
  SeededValues,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

/** One `tf.gather(x, indices, axis)` case. */
interface GatherCase {
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  values: ValueRecipe;
  /** Float32 only: put NaN at some positions (a row copy keeps them). */
  withNaN: boolean;
  /** Shape of the index tensor ([] for a scalar index). */
  indexShape: number[];
  indexSeed: number;
  /** Negative axes count from the end; 0 is the row gather the fast kernel takes. */
  axis: number;
  /** Make one index out of range (the op must reject it). */
  outOfRange: boolean;
  filler: number;
}

const gatherCase: fc.Arbitrary<GatherCase> = fc
  .record({
    rows: fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(0, 1) },
      { weight: 5, arbitrary: fc.integer({ min: 2, max: 60 }) },
    ),
    inner: fc.array(
      fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 9 }) }),
      {
        maxLength: 3,
      },
    ),
    dtype: fc.constantFrom('float32' as const, 'int32' as const, 'bool' as const),
    values: valueRecipe(),
    withNaN: fc.boolean(),
    indexShape: fc.oneof(
      { weight: 1, arbitrary: fc.constant([] as number[]) },
      { weight: 5, arbitrary: fc.tuple(fc.integer({ min: 0, max: 30 })) },
      { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })) },
    ),
    indexSeed: fc.nat(),
    axisChoice: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: 3 }) }),
    negativeAxis: fc.boolean(),
    outOfRange: fc.boolean(),
    filler: fc.nat({ max: 4099 }),
  })
  .map(({ rows, inner, axisChoice, negativeAxis, ...rest }) => {
    const shape = [rows, ...inner];
    // Gathers on other axes go to tfjs's own kernel, which on wasm gives a 4-D shape for empty x: those stay on axis 0.
    const axis = shape.includes(0) ? 0 : axisChoice % shape.length;
    return { ...rest, shape, axis: negativeAxis ? axis - shape.length : axis };
  });

function hostValues(spec: GatherCase, size: number): Float32Array | Int32Array | Uint8Array {
  if (spec.dtype === 'float32') {
    const values = realiseValues(spec.values, size);
    if (spec.withNaN) for (let index = 0; index < size; index += 7) values[index] = Number.NaN;
    return values;
  }
  const random = new SeededValues(spec.values.seed);
  if (spec.dtype === 'bool') return Uint8Array.from({ length: size }, () => random.int(2));
  return Int32Array.from({ length: size }, () => random.int(2001) - 1000);
}

/** Host reference of gather along `axis`: out[o, i..., t] = x[o, index[i...], t]. */
function gatherReference(values: ArrayLike<number>, shape: number[], axis: number, indices: Int32Array): number[] {
  const outer = shape.slice(0, axis).reduce((product, size) => product * size, 1);
  const length = shape[axis] as number;
  const inner = shape.slice(axis + 1).reduce((product, size) => product * size, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o += 1) {
    for (const index of indices) {
      for (let t = 0; t < inner; t += 1) out.push(values[(o * length + index) * inner + t] as number);
    }
  }
  return out;
}

function checkGather(spec: GatherCase): void {
  const size = spec.shape.reduce((product, value) => product * value, 1);
  const axis = spec.axis < 0 ? spec.axis + spec.shape.length : spec.axis;
  const length = spec.shape[axis] as number;
  const random = new SeededValues(spec.indexSeed);
  const count = spec.indexShape.reduce((product, value) => product * value, 1);
  const indices = Int32Array.from({ length: count }, () => (length === 0 ? 0 : random.int(length)));
  const invalid = spec.outOfRange || (length === 0 && count > 0);
  if (spec.outOfRange && count > 0) indices[random.int(count)] = random.pick([length, length + 3, -1]);
  const values = hostValues(spec, size);
  expectNoTensorLeak('tf.gather', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const x = layout.tensor(() => tf.tensor(values, spec.shape, spec.dtype), 'x');
      const index = layout.tensor(() => tf.tensor(indices, spec.indexShape, 'int32'), 'indices');
      const outputShape = [...spec.shape.slice(0, axis), ...spec.indexShape, ...spec.shape.slice(axis + 1)];
      layout.hole(outputShape.reduce((product, value) => product * value, 1));
      layout.openHoles();
      if (invalid && count > 0) {
        let failure: unknown;
        try {
          tf.dispose(tf.gather(x, index, spec.axis));
        } catch (error) {
          failure = error;
        }
        if (failure === undefined)
          throw new Error(`indices [${Array.from(indices).join(', ')}] of an axis of ${length} were accepted`);
      } else {
        const gathered = tf.gather(x, index, spec.axis);
        layout.guardAfterOutput();
        try {
          if (!tf.util.arraysEqual(gathered.shape, outputShape)) {
            throw new Error(`shape [${gathered.shape.join(', ')}], expected [${outputShape.join(', ')}]`);
          }
          if (gathered.dtype !== spec.dtype) throw new Error(`dtype ${gathered.dtype}, expected ${spec.dtype}`);
          expectSameBits('gathered values', gathered.dataSync(), gatherReference(values, spec.shape, axis, indices));
        } finally {
          gathered.dispose();
        }
      }
      expectSameBits('x after gather', x.dataSync(), values);
      layout.check('tf.gather');
      expectUnrelatedOpsIntact('tf.gather');
    } finally {
      layout.dispose();
    }
  });
}

definePropertySuite({
  name: `tf.gather properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'takes exactly the indexed slices of any axis and dtype, rejects indices out of range, leaves other memory alone',
      arbitrary: gatherCase,
      check: checkGather,
      runs: 300,
    },
  ],
});
