import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  batchMatMulReference,
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT32_BOUND,
  HeapLayout,
  realiseValues,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

/** One `tf.matMul(a, b, transposeA, transposeB)` case with broadcast batch axes. */
interface MatMulCase {
  m: number;
  k: number;
  n: number;
  /** Batch axes of a and b (1 broadcasts). */
  batchA: number[];
  batchB: number[];
  transposeA: boolean;
  transposeB: boolean;
  a: ValueRecipe;
  b: ValueRecipe;
  /** Also check the gradients (the backward pass of a dense layer asks for transposed products). */
  gradient: boolean;
  filler: number;
}

const size = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 9 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 70 }) },
);

const matMulCase: fc.Arbitrary<MatMulCase> = fc
  .record({
    m: size,
    k: size,
    n: size,
    batch: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
    broadcastAxes: fc.nat({ max: 2 }),
    dropAxes: fc.boolean(),
    broadcastA: fc.boolean(),
    transposeA: fc.boolean(),
    transposeB: fc.boolean(),
    a: valueRecipe(),
    b: valueRecipe(),
    gradient: fc.boolean(),
    filler: fc.nat({ max: 4099 }),
  })
  .map(({ batch, broadcastAxes, dropAxes, broadcastA, ...rest }) => {
    // One operand broadcasts over leading batch axes, as size 1 or left out (tfjs broadcasts leading axes only: it
    // indexes the flattened batch modulo each operand's batch size).
    const leading = Math.min(broadcastAxes, batch.length);
    const narrow = dropAxes ? batch.slice(leading) : batch.map((value, axis) => (axis < leading ? 1 : value));
    return { ...rest, batchA: broadcastA ? narrow : batch, batchB: broadcastA ? batch : narrow };
  });

function checkMatMul(spec: MatMulCase): void {
  const shapeA = [...spec.batchA, ...(spec.transposeA ? [spec.k, spec.m] : [spec.m, spec.k])];
  const shapeB = [...spec.batchB, ...(spec.transposeB ? [spec.n, spec.k] : [spec.k, spec.n])];
  const count = (shape: number[]) => shape.reduce((product, value) => product * value, 1);
  const a = realiseValues(spec.a, count(shapeA));
  const b = realiseValues(spec.b, count(shapeB));
  const probe = batchMatMulReference(
    { values: a, shape: shapeA },
    { values: b, shape: shapeB },
    spec.transposeA,
    spec.transposeB,
  );
  const upstream = realiseValues({ seed: spec.a.seed ^ 0x2545f491, style: 'normal', scale: 1 }, probe.values.length);
  const reference = batchMatMulReference(
    { values: a, shape: shapeA },
    { values: b, shape: shapeB },
    spec.transposeA,
    spec.transposeB,
    upstream,
  );
  expectNoTensorLeak('tf.matMul', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const left = layout.tensor(() => tf.tensor(a, shapeA), 'a');
      const right = layout.tensor(() => tf.tensor(b, shapeB), 'b');
      layout.hole(reference.values.length);
      layout.openHoles();
      const product = tf.matMul(left, right, spec.transposeA, spec.transposeB);
      layout.guardAfterOutput();
      try {
        if (!tf.util.arraysEqual(product.shape, reference.shape)) {
          throw new Error(`shape [${product.shape.join(', ')}], expected [${reference.shape.join(', ')}]`);
        }
        expectWithin('product', product.dataSync(), reference.values, FLOAT32_BOUND, reference.magnitude);
      } finally {
        product.dispose();
      }
      // tfjs's BatchMatMul gradient does not sum over broadcast batch axes: gradients only for equal batch shapes.
      if (spec.gradient && tf.util.arraysEqual(spec.batchA, spec.batchB)) {
        const [gradientA, gradientB] = tf.tidy(() => {
          const weights = tf.tensor(upstream, reference.shape);
          const loss = (x: tf.Tensor, y: tf.Tensor) =>
            tf.sum(tf.mul(tf.matMul(x, y, spec.transposeA, spec.transposeB), weights));
          return tf
            .grads(loss)([left, right])
            .map((gradient) => gradient.dataSync());
        });
        expectWithin(
          'gradient of a',
          gradientA as Float32Array,
          reference.gradientA,
          FLOAT32_BOUND,
          reference.gradientAMagnitude,
        );
        expectWithin(
          'gradient of b',
          gradientB as Float32Array,
          reference.gradientB,
          FLOAT32_BOUND,
          reference.gradientBMagnitude,
        );
      }
      expectSameBits('a after matMul', left.dataSync(), a);
      expectSameBits('b after matMul', right.dataSync(), b);
      layout.check('tf.matMul');
      expectUnrelatedOpsIntact('tf.matMul');
    } finally {
      layout.dispose();
    }
  });
}

definePropertySuite({
  name: `tf.matMul properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'multiplies (transposed, batched, broadcast) operands and differentiates them as float64 does',
      arbitrary: matMulCase,
      check: checkMatMul,
      runs: 200,
    },
  ],
});
