import * as tf from '@tensorflow/tfjs-core';
import {
  accuracy,
  applyTemperature,
  expectedCalibrationError,
  fitTemperature,
  type MetricInterval,
  negativeLogLikelihood,
  type ReliabilityDiagram,
  reliabilityDiagram,
} from '@softlabels/calibration';

import { scoped } from '../training/scoped';
import type { RunContext } from './run-context';

/** Bins of every ECE and reliability diagram (Guo et al. and the paper use 15). */
export const ECE_BINS = 15;

/**
 * The bootstrap of every test ECE interval: 1000 resamples of the test images with replacement, the 2.5 % and 97.5 %
 * percentiles, resampler seed 0 (the same resampled rows for every network of a run).
 */
export const ECE_BOOTSTRAP = { resamples: 1000, level: 0.95, seed: 0 } as const;

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
  /** The bootstrap interval ({@link ECE_BOOTSTRAP}) of `ece`. */
  eceInterval: MetricInterval;
  /** That of `eceAfterTemperature`, where asked for (`null` otherwise: each costs a thousand ECEs). */
  eceAfterTemperatureInterval: MetricInterval | null;
}

/** The keys of {@link NetworkMetrics} that hold one number (what is summarised over seeds). */
export type NumericMetric = {
  [K in keyof NetworkMetrics]: NetworkMetrics[K] extends number ? K : never;
}[keyof NetworkMetrics];

/**
 * Measures one network from its test and held-out logits (host arrays, `[rows, classes]`): test accuracy, NLL and
 * 15-bin ECE, held-out ECE, the temperature fitted on the held-out split, and the test ECE and NLL after it, with
 * the bootstrap interval of the test ECE, and of the ECE after temperature scaling when `intervalAfterTemperature`.
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
  intervalAfterTemperature = false,
): NetworkMetrics {
  const { test, heldOut } = context.splits;
  const classes = context.dataset.classNames.length;
  return scoped(() => {
    const logits = tf.tensor2d(testLogits, [test.count, classes]);
    const heldOutTensor = tf.tensor2d(heldOutLogits, [heldOut.count, classes]);
    const fit = fitTemperature(heldOutTensor, heldOut.labels);
    const scaled = applyTemperature(logits, fit.temperature);
    const interval = { bins: ECE_BINS, bootstrap: ECE_BOOTSTRAP };
    return {
      accuracy: accuracy({ logits }, test.labels),
      nll: negativeLogLikelihood({ logits }, test.labels),
      ece: expectedCalibrationError({ logits }, test.labels, { bins: ECE_BINS }),
      heldOutEce: expectedCalibrationError({ logits: heldOutTensor }, heldOut.labels, { bins: ECE_BINS }),
      temperature: fit.temperature,
      eceAfterTemperature: expectedCalibrationError({ logits: scaled }, test.labels, { bins: ECE_BINS }),
      nllAfterTemperature: negativeLogLikelihood({ logits: scaled }, test.labels),
      eceInterval: expectedCalibrationError({ logits }, test.labels, interval),
      eceAfterTemperatureInterval: intervalAfterTemperature
        ? expectedCalibrationError({ logits: scaled }, test.labels, interval)
        : null,
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
