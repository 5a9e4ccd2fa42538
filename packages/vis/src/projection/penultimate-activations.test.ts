import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, tolerance } from '@softlabels/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

import { classTemplates } from './class-templates';
import { penultimateActivations } from './penultimate-activations';

// A 3-4-2 network with hand-set weights, so the expected activations can be computed in float64 here.
const kernel1 = [
  [0.5, -1, 0.25, 2],
  [1, 0.5, -0.5, 0],
  [-0.25, 0.75, 1, -1],
];
const bias1 = [0.1, -0.2, 0.3, 0];
const kernel2 = [
  [1, -1],
  [0.5, 2],
  [-1.5, 0.25],
  [0.75, 0.5],
];
const bias2 = [0.05, -0.1];
const inputs = [
  [1, 2, 3],
  [-1, 0.5, 2],
  [0, 0, 0],
  [3, -2, 1],
  [0.5, 0.5, -0.5],
];

function buildModel(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [3], units: 4, activation: 'relu' }), tfl.layers.dense({ units: 2 })],
  });
  const weights = [tf.tensor2d(kernel1), tf.tensor1d(bias1), tf.tensor2d(kernel2), tf.tensor1d(bias2)];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

function hidden(row: number[]): number[] {
  return bias1.map((bias, unit) =>
    Math.max(
      0,
      row.reduce((sum, value, index) => sum + value * kernel1[index]![unit]!, bias),
    ),
  );
}

const model = buildModel();
afterAll(() => model.dispose());

describe('penultimateActivations', () => {
  it('returns the input of the last Dense layer, batched, equal to the unbatched result', async () => {
    await expectNoLeak(() => {
      const whole = penultimateActivations(model, inputs, { batchSize: 256 });
      const x = tf.tensor2d(inputs);
      const batched = penultimateActivations(model, x, { batchSize: 2 });
      expect(whole.shape).toEqual([5, 4]);
      expectClose(whole.dataSync(), inputs.flatMap(hidden), tolerance());
      expectClose(batched.dataSync(), whole.dataSync(), { relative: 0, absolute: 0 });
      tf.dispose([whole, batched, x]);
    });
  });

  it('does not leak, including the tensor it makes from arrays, on repeated calls', async () => {
    penultimateActivations(model, inputs).dispose(); // builds and caches the truncated model
    const x = tf.tensor2d(inputs);
    await expectNoLeak(() => {
      for (let call = 0; call < 3; call += 1) penultimateActivations(model, x, { batchSize: 3 }).dispose();
    });
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });

  it('finds the last Dense layer behind a softmax activation in a functional model', async () => {
    const input = tfl.input({ shape: [3] });
    const features = tfl.layers.dense({ units: 5, activation: 'tanh' }).apply(input) as tfl.SymbolicTensor;
    const logits = tfl.layers.dense({ units: 3 }).apply(features) as tfl.SymbolicTensor;
    const probabilities = tfl.layers.activation({ activation: 'softmax' }).apply(logits) as tfl.SymbolicTensor;
    const functional = tfl.model({ inputs: input, outputs: probabilities });
    await expectNoLeak(() => {
      const activations = penultimateActivations(functional, inputs);
      const templates = classTemplates(functional);
      expect(activations.shape).toEqual([5, 5]);
      expect(templates.shape).toEqual([3, 6]);
      // softmax([x; 1]·w_k) is what the model outputs: the templates and activations follow the paper's convention.
      tf.tidy(() => {
        const extended = tf.concat([activations, tf.ones([5, 1])], 1);
        const viaTemplates = tf.softmax(tf.matMul(extended, templates, false, true));
        const output = functional.predict(tf.tensor2d(inputs)) as tf.Tensor;
        expectClose(viaTemplates.dataSync(), output.dataSync(), tolerance());
      });
      tf.dispose([activations, templates]);
    });
    functional.dispose();
  });

  it('rejects bad input with typed errors', () => {
    const call =
      (...args: unknown[]) =>
      () =>
        (penultimateActivations as (...rest: unknown[]) => unknown)(...args);
    expect(call({}, inputs)).toThrow(InvalidArgumentError);
    expect(call({}, inputs)).toThrow("Argument 'model' passed to 'penultimateActivations' must be a tfjs-layers model");
    expect(call(model, [[1, 2]])).toThrow(ShapeMismatchError);
    expect(call(model, [[1, 2]])).toThrow("must have the model's input shape [N >= 1, 3], but has shape [1, 2]");
    expect(call(model, 'x')).toThrow("Argument 'inputs' passed to 'penultimateActivations'");
    expect(call(model, inputs, { batchSize: 0 })).toThrow("'options.batchSize'");
    expect(call(model, inputs, { batchSize: 2.5 })).toThrow('be an integer >= 1');
    const noDense = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [3, 1] })] });
    expect(call(noDense, [[[1], [2], [3]]])).toThrow('have a Dense layer');
    noDense.dispose();
  });
});

describe('classTemplates', () => {
  it('stacks the transposed kernel and the bias: row k is [kernel[:, k]; bias[k]]', async () => {
    await expectNoLeak(() => {
      const templates = classTemplates(model);
      expect(templates.shape).toEqual([2, 5]);
      expect(templates.arraySync()).toEqual([
        [...kernel2.map((row) => row[0]!), bias2[0]!].map(Math.fround),
        [...kernel2.map((row) => row[1]!), bias2[1]!].map(Math.fround),
      ]);
      templates.dispose();
    });
  });

  it('appends a zero bias for a layer without one', async () => {
    const unbiased = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 3, useBias: false })] });
    await expectNoLeak(() => {
      const templates = classTemplates(unbiased);
      expect(templates.shape).toEqual([3, 3]);
      expect(Array.from(templates.dataSync()).filter((_, index) => index % 3 === 2)).toEqual([0, 0, 0]);
      templates.dispose();
    });
    unbiased.dispose();
  });

  it('rejects what is not a model with a Dense layer', () => {
    expect(() => classTemplates(null as unknown as tfl.LayersModel)).toThrow(
      "Argument 'model' passed to 'classTemplates'",
    );
  });
});
