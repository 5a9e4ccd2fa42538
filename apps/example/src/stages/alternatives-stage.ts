import { RandomSource } from '@softlabels/core';

import type { CalibrationResults } from '../report/results';
import { summarise } from '../report/summarise';
import { createNetwork } from '../training/network-spec';
import { predictLogits } from '../training/predict-logits';
import { trainClassifier } from '../training/train-classifier';
import { measureNetwork, type NetworkMetrics, type NumericMetric, testReliability } from './measure-network';
import type { RunContext } from './run-context';
import { alternativeId, alternativeLabel, alternativeLoss } from './training-alternative';

/**
 * Stage 1, second part: trains the network once per (seed, training-time alternative) exactly as the ε sweep does —
 * the same seeds (initialisation, batch order and augmentation from `RandomSource(1000 + seed)`), network, epochs,
 * optimiser and split — with focal loss or the confidence penalty instead of label-smoothed cross-entropy, and
 * measures each as the sweep's networks (`measureNetwork`; reliability diagram of seed 0). The networks are disposed
 * once their logits are read: they are no teachers of stage 3.
 *
 * @example
 * ```ts
 * import { runAlternativesStage } from './alternatives-stage';
 * // const rows = await runAlternativesStage(context); // [] when options.alternatives is empty
 * ```
 */
export async function runAlternativesStage(context: RunContext): Promise<CalibrationResults['trainingAlternatives']> {
  const { options, splits, dataset, signal } = context;
  if (options.alternatives.length === 0) return [];
  const classes = dataset.classNames.length;
  const stage = context.progress.stage(
    '1/3 calibration: training-time alternatives',
    options.seeds * options.alternatives.length * options.epochs,
  );
  const metrics = options.alternatives.map(() => [] as NetworkMetrics[]);
  const seed0Logits: Float32Array[] = [];
  for (let seed = 0; seed < options.seeds; seed += 1) {
    for (const [index, alternative] of options.alternatives.entries()) {
      const random = new RandomSource(1000 + seed);
      const model = createNetwork(options.teacher, dataset, classes, random);
      try {
        await trainClassifier(model, splits.train, {
          epochs: options.epochs,
          batchSize: options.batchSize,
          learningRate: options.learningRate,
          random,
          signal,
          ...(options.augment ? { augment: dataset } : {}),
          loss: alternativeLoss(alternative),
          onEpoch: (epoch, loss) => {
            stage.tick(`seed ${seed} ${alternativeId(alternative)} epoch ${epoch} loss ${loss.toFixed(3)}`);
          },
        });
        const testLogits = await predictLogits(model, splits.test.images, splits.test.count);
        const heldOutLogits = await predictLogits(model, splits.heldOut.images, splits.heldOut.count);
        (metrics[index] as NetworkMetrics[]).push(measureNetwork(testLogits, heldOutLogits, context));
        if (seed === 0) seed0Logits.push(testLogits);
      } finally {
        model.dispose();
      }
    }
  }
  stage.done();
  return options.alternatives.map((alternative, index) => {
    const perSeed = metrics[index] as NetworkMetrics[];
    const over = (key: NumericMetric) => summarise(perSeed.map((entry) => entry[key]));
    return {
      id: alternativeId(alternative),
      label: alternativeLabel(alternative),
      loss: alternative.loss,
      gamma: alternative.loss === 'focal' ? alternative.gamma : null,
      beta: alternative.loss === 'confidence-penalty' ? alternative.beta : null,
      accuracy: over('accuracy'),
      nll: over('nll'),
      ece: over('ece'),
      heldOutEce: over('heldOutEce'),
      temperature: over('temperature'),
      eceAfterTemperature: over('eceAfterTemperature'),
      eceBootstrap: perSeed.map((entry) => entry.eceInterval),
      reliability: testReliability(seed0Logits[index] as Float32Array, context),
    };
  });
}
