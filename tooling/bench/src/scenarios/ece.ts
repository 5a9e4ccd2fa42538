import * as tf from '@tensorflow/tfjs-core';
import { expectedCalibrationError } from '@softlabels/calibration';
import { calibrationStatistics, viewTensorData } from '@softlabels/core/kernels';

import type { Dataset } from '../datasets';
import { measure } from '../measure';
import type { Entry, ScenarioContext, ScenarioResult, Target } from '../scenario';

const BINS = 15;

/** 15-bin ECE from uniform right-closed bins given per-bin counts, confidence sums and correct counts. */
export function eceFromBins(
  counts: ArrayLike<number>,
  confidenceSums: ArrayLike<number>,
  correct: ArrayLike<number>,
): number {
  let total = 0;
  let ece = 0;
  for (let bin = 0; bin < counts.length; bin += 1) total += counts[bin] as number;
  for (let bin = 0; bin < counts.length; bin += 1) {
    ece += Math.abs((correct[bin] as number) - (confidenceSums[bin] as number)) / total;
  }
  return ece;
}

/** ECE from logits: ours (one fused pass, no softmax) against tfjs softmax + max + argMax and host binning. */
export async function eceScenario(data: Dataset, targets: Target[], context: ScenarioContext): Promise<ScenarioResult> {
  const { rows, classes, labels } = data;
  const logits = tf.tensor2d(data.logits, [rows, classes]);
  const entries: Entry[] = [];
  let oursEce = Number.NaN;

  context.step('ours');
  const ours = await measure(() => {
    const stats = calibrationStatistics({
      logits: viewTensorData(logits) as Float32Array,
      rows,
      classes,
      labels,
      bins: BINS,
    });
    oursEce = eceFromBins(stats.binCounts, stats.binConfidenceSums, stats.binCorrectCounts);
  }, context.repeats);
  entries.push({
    name: 'ours',
    label: 'calibrationStatistics (fused kernel) + host ECE',
    measurement: ours,
    details: { ece: oursEce },
  });

  context.step('ours (calibration API)');
  const labelsTensor = tf.tensor1d(labels, 'int32');
  let apiEce = Number.NaN;
  const oursApi = await measure(() => {
    apiEce = expectedCalibrationError({ logits }, labelsTensor, { bins: BINS, precision: 'float32' });
  }, context.repeats);
  labelsTensor.dispose();
  entries.push({
    name: 'ours-api',
    label: "@softlabels/calibration's expectedCalibrationError on the tensors (validation included)",
    measurement: oursApi,
    details: { ece: apiEce },
  });

  context.step('tfjs');
  let tfjsEce = Number.NaN;
  const tfjs = await measure(async () => {
    const [confidence, predicted] = tf.tidy(() => {
      const probabilities = tf.softmax(logits);
      return [tf.max(probabilities, 1), tf.argMax(probabilities, 1)];
    });
    const [conf, pred] = await Promise.all([confidence.data(), predicted.data()]);
    tf.dispose([confidence, predicted]);
    const counts = new Float64Array(BINS);
    const sums = new Float64Array(BINS);
    const hits = new Float64Array(BINS);
    for (let row = 0; row < rows; row += 1) {
      const c = conf[row] as number;
      let bin = Math.min(BINS - 1, Math.max(0, Math.ceil(c * BINS) - 1));
      while (bin > 0 && c <= bin / BINS) bin -= 1;
      while (bin < BINS - 1 && c > (bin + 1) / BINS) bin += 1;
      counts[bin] = (counts[bin] as number) + 1;
      sums[bin] = (sums[bin] as number) + c;
      if (pred[row] === labels[row]) hits[bin] = (hits[bin] as number) + 1;
    }
    tfjsEce = eceFromBins(counts, sums, hits);
  }, context.repeats);
  entries.push({
    name: 'tfjs',
    label: `tf.softmax + tf.max + tf.argMax on ${tf.getBackend()}, host binning`,
    measurement: tfjs,
    details: { ece: tfjsEce },
  });
  logits.dispose();
  return { id: `ece-${rows}x${classes}`, title: 'ECE from logits', size: `${rows}×${classes}`, entries, targets };
}
