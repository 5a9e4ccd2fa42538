import type { MetricInterval } from '@softlabels/calibration';
import type * as tf from '@tensorflow/tfjs-core';
import { RandomSource } from '@softlabels/core';
import { labelSmoothingCrossEntropy } from '@softlabels/smoothing';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { CalibrationResults } from '../report/results';
import { summarise } from '../report/summarise';
import { createNetwork } from '../training/network-spec';
import { predictLogits } from '../training/predict-logits';
import { trainClassifier } from '../training/train-classifier';
import { measureNetwork, type NetworkMetrics, type NumericMetric, testReliability } from './measure-network';
import { postHocCalibrators } from './post-hoc-calibrators';
import type { RunContext, TrainedModel } from './run-context';

/** Called after each epoch of each sweep network (the distillation stage records mutual information here). */
export type EpochHook = (model: tfl.LayersModel, seed: number, epsilon: number, epoch: number) => Promise<void>;

/** The part of stage 1's results that the ε sweep gives. */
export type SweepResults = Omit<CalibrationResults, 'trainingAlternatives'>;

/**
 * Stage 1: trains the teacher network once per (seed, ε) with label-smoothed cross-entropy (on crops and flips when
 * `augment` is on), and measures accuracy, NLL and 15-bin ECE on the test split, the temperature fitted on the
 * held-out split, and the ECE after temperature scaling; then fits the other post-hoc calibrators
 * (`postHocCalibrators`) to each seed's baseline.
 * Returns the section of the results and the trained networks (the teachers of stage 3; the caller disposes them).
 *
 * @example
 * ```ts
 * import { runCalibrationStage } from './calibration-stage';
 * // const { section, models } = await runCalibrationStage(context);
 * ```
 */
export async function runCalibrationStage(
  context: RunContext,
  onEpoch?: EpochHook,
): Promise<{ section: SweepResults; models: TrainedModel[] }> {
  const { options, splits, dataset, signal } = context;
  const classes = dataset.classNames.length;
  const stage = context.progress.stage('1/3 calibration', options.seeds * options.epsilons.length * options.epochs);
  const models: TrainedModel[] = [];
  const metrics = new Map<string, NetworkMetrics>();
  try {
    for (let seed = 0; seed < options.seeds; seed += 1) {
      for (const epsilon of options.epsilons) {
        const random = new RandomSource(1000 + seed);
        const model = createNetwork(options.teacher, dataset, classes, random);
        const started = performance.now();
        let hookSeconds = 0;
        await trainClassifier(model, splits.train, {
          epochs: options.epochs,
          batchSize: options.batchSize,
          learningRate: options.learningRate,
          random,
          signal,
          ...(options.augment ? { augment: dataset } : {}),
          loss: (logits, labels) => labelSmoothingCrossEntropy(logits, labels, { epsilon, checks: false }) as tf.Scalar,
          onEpoch: async (epoch, loss) => {
            stage.tick(`seed ${seed} ε ${epsilon} epoch ${epoch} loss ${loss.toFixed(3)}`);
            if (onEpoch !== undefined) {
              const hookStart = performance.now();
              await onEpoch(model, seed, epsilon, epoch);
              hookSeconds += (performance.now() - hookStart) / 1000;
            }
          },
        });
        const secondsPerEpoch = ((performance.now() - started) / 1000 - hookSeconds) / options.epochs;
        const trained: TrainedModel = {
          seed,
          epsilon,
          model,
          secondsPerEpoch,
          testLogits: await predictLogits(model, splits.test.images, splits.test.count),
          heldOutLogits: await predictLogits(model, splits.heldOut.images, splits.heldOut.count),
        };
        models.push(trained);
        metrics.set(
          `${seed}:${epsilon}`,
          measureNetwork(trained.testLogits, trained.heldOutLogits, context, epsilon === 0),
        );
      }
    }
  } catch (error) {
    for (const trained of models) trained.model.dispose();
    throw error;
  }
  const seeds = Array.from({ length: options.seeds }, (_, seed) => seed);
  const perSeed = (epsilon: number) => seeds.map((seed) => metrics.get(`${seed}:${epsilon}`) as NetworkMetrics);
  const over = (epsilon: number, key: NumericMetric) => summarise(perSeed(epsilon).map((entry) => entry[key]));
  const perEpsilon = options.epsilons.map((epsilon) => ({
    epsilon,
    accuracy: over(epsilon, 'accuracy'),
    nll: over(epsilon, 'nll'),
    ece: over(epsilon, 'ece'),
    heldOutEce: over(epsilon, 'heldOutEce'),
    temperature: over(epsilon, 'temperature'),
    eceAfterTemperature: over(epsilon, 'eceAfterTemperature'),
    eceBootstrap: perSeed(epsilon).map((entry) => entry.eceInterval),
  }));
  const smoothed = perEpsilon.filter((entry) => entry.epsilon > 0);
  const best = smoothed.reduce((winner, entry) => (entry.heldOutEce.mean < winner.heldOutEce.mean ? entry : winner));
  const seed0 = (epsilon: number) =>
    models.find((trained) => trained.seed === 0 && trained.epsilon === epsilon) as TrainedModel;
  const baselineFit = metrics.get('0:0') as NetworkMetrics;
  stage.done(`best ε ${best.epsilon}`);
  return {
    models,
    section: {
      perEpsilon,
      temperatureScaling: {
        temperature: over(0, 'temperature'),
        ece: over(0, 'eceAfterTemperature'),
        nll: over(0, 'nllAfterTemperature'),
        accuracy: over(0, 'accuracy'),
        eceBootstrap: perSeed(0).map((entry) => entry.eceAfterTemperatureInterval as MetricInterval),
      },
      postHoc: postHocCalibrators(
        models.filter((trained) => trained.epsilon === 0),
        context,
      ),
      bestEpsilon: best.epsilon,
      reliability: {
        baseline: testReliability(seed0(0).testLogits, context),
        bestLabelSmoothing: testReliability(seed0(best.epsilon).testLogits, context),
        temperatureScaled: testReliability(seed0(0).testLogits, context, baselineFit.temperature),
      },
    },
  };
}
