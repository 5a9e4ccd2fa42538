import * as tf from '@tensorflow/tfjs-core';
import {
  accuracy,
  applyTemperature,
  expectedCalibrationError,
  fitTemperature,
  negativeLogLikelihood,
  type ReliabilityDiagram,
  reliabilityDiagram,
} from '@softlabels/calibration';

import { scoped } from '../training/scoped';
import type { RunContext } from './run-context';

/** Bins of every ECE and reliability diagram (Guo et al. and the paper use 15). */
export const ECE_BINS = 15;

/** What stage 1 measures of one trained network (all on the test split but `heldOutEce` and the fit of T). */
export interface NetworkMetrics {
  accuracy: number;
  nll: number;
  ece: number;
  heldOutEce: number;
  /** Fitted on the held-out split (`fitTemperature`). */
  temperature: number;
  eceAfterTemperature: number;
  nllAfterTemperature: number;
}

/**
 * Measures one network from its test and held-out logits (host arrays, `[rows, classes]`): test accuracy, NLL and
 * 15-bin ECE, held-out ECE, the temperature fitted on the held-out split, and the test ECE and NLL after it.
 *
 * @example
 * ```ts
 * import { measureNetwork } from './measure-network';
 * // const metrics = measureNetwork(trained.testLogits, trained.heldOutLogits, context);
 * ```
 */
export function measureNetwork(
  testLogits: Float32Array,
  heldOutLogits: Float32Array,
  context: RunContext,
): NetworkMetrics {
  const { test, heldOut } = context.splits;
  const classes = context.dataset.classNames.length;
  return scoped(() => {
    const logits = tf.tensor2d(testLogits, [test.count, classes]);
    const heldOutTensor = tf.tensor2d(heldOutLogits, [heldOut.count, classes]);
    const fit = fitTemperature(heldOutTensor, heldOut.labels);
    const scaled = applyTemperature(logits, fit.temperature);
    return {
      accuracy: accuracy({ logits }, test.labels),
      nll: negativeLogLikelihood({ logits }, test.labels),
      ece: expectedCalibrationError({ logits }, test.labels, { bins: ECE_BINS }),
      heldOutEce: expectedCalibrationError({ logits: heldOutTensor }, heldOut.labels, { bins: ECE_BINS }),
      temperature: fit.temperature,
      eceAfterTemperature: expectedCalibrationError({ logits: scaled }, test.labels, { bins: ECE_BINS }),
      nllAfterTemperature: negativeLogLikelihood({ logits: scaled }, test.labels),
    };
  });
}

/**
 * The 15-bin reliability diagram of a network's test logits (host array, `[rows, classes]`), divided by `temperature`
 * first when it is not 1.
 *
 * @example
 * ```ts
 * import { testReliability } from './measure-network';
 * // const diagram = testReliability(trained.testLogits, context, metrics.temperature);
 * ```
 */
export function testReliability(logits: Float32Array, context: RunContext, temperature = 1): ReliabilityDiagram {
  const { test } = context.splits;
  return scoped(() => {
    const raw = tf.tensor2d(logits, [test.count, context.dataset.classNames.length]);
    const input = temperature === 1 ? raw : applyTemperature(raw, temperature);
    return reliabilityDiagram({ logits: input }, test.labels, { bins: ECE_BINS });
  });
}
