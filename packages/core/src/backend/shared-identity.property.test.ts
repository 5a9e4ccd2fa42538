import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT32_BOUND,
  HeapLayout,
  realiseValues,
  SeededValues,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

/** One case: a tensor, how many clones share it, the order everything is disposed in, and what else happens. */
interface IdentityCase {
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string';
  values: ValueRecipe;
  clones: number;
  /** A permutation seed for the disposal order of the original and its clones. */
  orderSeed: number;
  /** Make a variable of a clone and assign it new values. */
  variable: boolean;
  /** Differentiate a custom gradient that saves its input (saved tensors go through Identity). */
  customGradient: boolean;
  filler: number;
}

const identityCase: fc.Arbitrary<IdentityCase> = fc.record({
  shape: fc.array(
    fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 7 }) }),
    {
      maxLength: 3,
    },
  ),
  dtype: fc.constantFrom('float32' as const, 'int32' as const, 'bool' as const, 'string' as const),
  values: valueRecipe(),
  clones: fc.integer({ min: 1, max: 4 }),
  orderSeed: fc.nat(),
  variable: fc.boolean(),
  customGradient: fc.boolean(),
  filler: fc.nat({ max: 4099 }),
});

function hostValues(spec: IdentityCase, size: number): Float32Array | Int32Array | Uint8Array | string[] {
  const random = new SeededValues(spec.values.seed);
  if (spec.dtype === 'float32') return realiseValues(spec.values, size);
  if (spec.dtype === 'int32') return Int32Array.from({ length: size }, () => random.int(2001) - 1000);
  if (spec.dtype === 'bool') return Uint8Array.from({ length: size }, () => random.int(2));
  return Array.from({ length: size }, () => `s${random.int(1000)}`);
}

function read(tensor: tf.Tensor): ArrayLike<number> | string[] {
  return tensor.dataSync() as ArrayLike<number> | string[];
}

function expectValues(context: string, tensor: tf.Tensor, expected: ArrayLike<number> | string[]): void {
  const got = read(tensor);
  if (tensor.dtype === 'string') {
    const strings = got as string[];
    if (strings.length !== expected.length || strings.some((value, index) => value !== expected[index])) {
      throw new Error(`${context}: [${strings.join(', ')}], expected [${Array.from(expected as string[]).join(', ')}]`);
    }
    return;
  }
  expectSameBits(context, got as ArrayLike<number>, expected as ArrayLike<number>);
}

function checkIdentity(spec: IdentityCase): void {
  const size = spec.shape.reduce((product, value) => product * value, 1);
  const values = hostValues(spec, size);
  expectNoTensorLeak('tf.clone', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const original = tf.tensor(values as Float32Array, spec.shape, spec.dtype);
      const live: tf.Tensor[] = [original];
      for (let clone = 0; clone < spec.clones; clone += 1) live.push(tf.clone(live[clone % live.length] as tf.Tensor));
      layout.guardAfterOutput('clones');
      for (const tensor of live) {
        if (!tf.util.arraysEqual(tensor.shape, spec.shape) || tensor.dtype !== spec.dtype) {
          throw new Error(`a clone is ${tensor.dtype} [${tensor.shape.join(', ')}]`);
        }
      }
      if (spec.variable && spec.dtype !== 'string') {
        // A variable made from a clone is its own copy: assigning it changes neither the clone nor the original.
        const variable = tf.variable(live[live.length - 1] as tf.Tensor);
        const next = tf.onesLike(original);
        variable.assign(next);
        expectValues('the variable after assign', variable, read(next) as ArrayLike<number>);
        tf.dispose([variable, next]);
      }
      if (spec.customGradient && spec.dtype === 'float32') {
        const cube = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
          save([x]);
          return {
            value: tf.mul(tf.square(x), x),
            gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.mul(3, tf.square(saved as tf.Tensor))),
          };
        }) as unknown as Parameters<typeof tf.customGrad>[0]);
        const gradient = tf.tidy(() =>
          tf
            .grad((x: tf.Tensor) => tf.sum(cube(x) as tf.Tensor))(live[0] as tf.Tensor)
            .dataSync(),
        );
        const input = values as Float32Array;
        const expected = Float64Array.from(input, (value) => 3 * Math.fround(value * value));
        expectWithin('gradient through a saved clone', gradient, expected, FLOAT32_BOUND);
      }
      // Dispose in a drawn order; every survivor keeps the values, whoever held the data first.
      const random = new SeededValues(spec.orderSeed);
      while (live.length > 0) {
        const [gone] = live.splice(random.int(live.length), 1);
        (gone as tf.Tensor).dispose();
        tf.tidy(() => tf.fill([size + 7], 1.25).dataSync());
        for (const tensor of live) expectValues('a surviving clone', tensor, values);
      }
      layout.check('tf.clone');
      expectUnrelatedOpsIntact('tf.clone');
    } finally {
      layout.dispose();
    }
  });
}

definePropertySuite({
  name: `tf.clone properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'clones keep their values through any disposal order, variables and saved gradients, and free all memory',
      arbitrary: identityCase,
      check: checkIdentity,
      runs: 200,
    },
  ],
});
