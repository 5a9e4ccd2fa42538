import * as tf from '@tensorflow/tfjs-core';

import { arg, bad, constant, fn, options } from '../entry-builders';
import type { Catalogue } from '../export-entry';

const logits = (): Float32Array => new Float32Array([2, 0, -1, 0.5, 1, 3]);
const labels = (): Int32Array => new Int32Array([0, 2]);

const lsceOptions = (): Record<string, unknown> => ({
  logits: logits(),
  rows: 2,
  classes: 3,
  labels: labels(),
  epsilon: 0.1,
});
const statisticsOptions = (): Record<string, unknown> => ({
  logits: logits(),
  rows: 2,
  classes: 3,
  labels: labels(),
  bins: 4,
});
const nllData = (): Record<string, unknown> => ({ logits: logits(), rows: 2, classes: 3, labels: labels() });

const linearData = (): Record<string, unknown> => ({
  inputs: Float64Array.from(logits()),
  rows: 2,
  classes: 3,
  labels: labels(),
});

/** The rows argument of the two linear-softmax objectives, with its bad forms. */
const linearRows = options(linearData, {
  optional: false,
  bad: [
    bad('rows that do not match the inputs', () => ({ ...linearData(), rows: 3 })),
    bad('a label out of range', () => ({ ...linearData(), labels: new Int32Array([0, 3]) })),
    bad('float32 inputs', () => ({ ...linearData(), inputs: new Float32Array(6) })),
    bad('a NaN input', () => ({ ...linearData(), inputs: new Float64Array([1, Number.NaN, 0, 0, 0, 0]) })),
  ],
});

const probabilityData = (): Record<string, unknown> => ({
  inputs: Float64Array.from(logits()),
  rows: 2,
  classes: 3,
  theta: new Float64Array(12),
});

/** A kernel's one options record: required, and checked field by field. */
const record = (valid: () => Record<string, unknown>, extra: ReturnType<typeof bad>[] = []) =>
  options(valid, {
    optional: false,
    bad: [
      bad('rows that do not match the logits', () => ({ ...valid(), rows: 3 })),
      bad('a label out of range', () => ({ ...valid(), labels: new Int32Array([0, 3]) })),
      bad('float64 logits', () => ({ ...valid(), logits: new Float64Array(6) })),
      ...extra,
    ],
  });

/** Every runtime export of `@softlabels/core/kernels`. */
export const kernelsCatalogue: Catalogue = {
  lsceForwardBackward: fn([record(lsceOptions, [bad('ε above 1', () => ({ ...lsceOptions(), epsilon: 1.5 }))])]),
  prepareLsceForwardBackwardOptions: fn([record(lsceOptions)], { functionName: 'lsceForwardBackward' }),
  calibrationStatistics: fn([record(statisticsOptions, [bad('no bins', () => ({ ...statisticsOptions(), bins: 0 }))])]),
  prepareCalibrationStatisticsOptions: fn([record(statisticsOptions)], { functionName: 'calibrationStatistics' }),
  createTemperatureNll: fn([record(nllData)], { use: (objective) => (objective as (logT: number) => unknown)(0.25) }),
  prepareTemperatureNllData: fn([record(nllData)], { functionName: 'createTemperatureNll' }),
  temperatureNll: fn([
    record(
      () => ({ ...nllData(), logTemperature: 0.25 }),
      [bad('an infinite log-temperature', () => ({ ...nllData(), logTemperature: Number.POSITIVE_INFINITY }))],
    ),
  ]),
  prepareTemperatureNllOptions: fn([record(() => ({ ...nllData(), logTemperature: 0.25 }))], {
    functionName: 'temperatureNll',
  }),
  createLinearSoftmaxNll: fn([linearRows], {
    use: (objective) =>
      (objective as (theta: Float64Array, gradient: Float64Array) => number)(
        new Float64Array(12),
        new Float64Array(12),
      ),
  }),
  createLinearSoftmaxPath: fn([linearRows], {
    use: (created) => {
      const path = created as {
        start(theta: Float64Array, gradient: Float64Array): number;
        setDirection(direction: Float64Array): void;
        probe(step: number): unknown;
      };
      path.start(new Float64Array(12), new Float64Array(12));
      path.setDirection(new Float64Array(12));
      return path.probe(0.5);
    },
  }),
  linearSoftmaxProbabilities: fn([
    options(probabilityData, {
      optional: false,
      bad: [
        bad('rows that do not match the inputs', () => ({ ...probabilityData(), rows: 3 })),
        bad('a θ of the wrong length', () => ({ ...probabilityData(), theta: new Float64Array(11) })),
        bad('a NaN in θ', () => ({ ...probabilityData(), theta: new Float64Array(12).fill(Number.NaN) })),
      ],
    }),
  ]),
  multiplyTransposed: fn([
    options(
      () => ({ a: new Float64Array([1, 2, 3, 4]), rows: 2, inner: 2, b: new Float64Array([1, 0, 0, 1]), outer: 2 }),
      {
        optional: false,
        bad: [
          bad('an A that does not hold rows·inner values', () => ({
            a: new Float64Array(3),
            rows: 2,
            inner: 2,
            b: new Float64Array(4),
            outer: 2,
          })),
          bad('float32 values', () => ({
            a: new Float32Array(4),
            rows: 2,
            inner: 2,
            b: new Float64Array(4),
            outer: 2,
          })),
        ],
      },
    ),
  ]),
  fusedKernelsAvailable: fn([]),
  LabelSmoothingCrossEntropyKernel: constant,
  FocalLossKernel: constant,
  ConfidencePenaltyKernel: constant,
  registerFusedKernels: fn([]),
  viewTensorData: fn([
    arg('tensor', 'tensor', () =>
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
    ),
  ]),
  createTensorWith: fn([
    arg('shape', 'array', () => [2, 3], {
      bad: [bad('a negative size', () => [2, -1]), bad('2⁴⁰ elements', () => [2 ** 20, 2 ** 20])],
    }),
    arg('dtype', 'string', () => 'int32', { bad: [bad('string', () => 'string'), bad('bool', () => 'bool')] }),
    arg('fill', 'function', () => (values: Int32Array) => values.fill(7)),
  ]),
  setKernelThreads: fn([
    arg('threads', 'number', () => 'auto', {
      alsoValid: [],
      bad: [bad('0', () => 0), bad('65', () => 65), bad('a fraction', () => 1.5)],
    }),
  ]),
  startKernelThreads: fn([]),
};
