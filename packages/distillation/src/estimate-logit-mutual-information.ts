import * as tf from '@tensorflow/tfjs-core';
import {
  checkFinite,
  InvalidArgumentError,
  RandomSource,
  ShapeMismatchError,
  type TensorInput,
  toTensor,
} from '@softlabels/core';

import { checkFitsModel, checkLogitModel, type LogitModel, predictLogits } from './internal/logit-model';
import { mutualInformationStatistics } from './internal/mutual-information-statistics';
import type { EstimateLogitMutualInformationOptions } from './estimate-logit-mutual-information-options';
import { prepareEstimateLogitMutualInformationOptions } from './internal/prepare-estimate-logit-mutual-information-options';

const FUNCTION_NAME = 'estimateLogitMutualInformation';

/**
 * What {@link estimateLogitMutualInformation} measured.
 *
 * @example
 * ```ts
 * import type { LogitMutualInformationEstimate } from '@softlabels/distillation';
 *
 * const estimate: LogitMutualInformationEstimate = {
 *   mutualInformation: 0.6,
 *   upperBound: Math.log(2),
 *   variance: 0.01,
 *   meanDraws: [[-1, -1.1], [1, 0.9]],
 *   evalDraws: [-1.05, 0.95],
 * };
 * console.log(estimate.mutualInformation <= estimate.upperBound); // true
 * ```
 */
export interface LogitMutualInformationEstimate {
  /** Î in nats (see {@link logitMutualInformation}: ≤ log N, negatively biased, not clamped). */
  mutualInformation: number;
  /** log N, the estimator's upper bound. */
  upperBound: number;
  /** The pooled within-example variance σ² of the logit difference. */
  variance: number;
  /** `[N][L]` logit differences `z_a − z_b` of the L augmented draws per example. */
  meanDraws: number[][];
  /** `[N]` the fresh draw per example. */
  evalDraws: number[];
}

/**
 * Measures the paper's mutual information between the example index and the logit difference `z_a − z_b` of a model
 * under random augmentation (Müller et al. 2019, App. A.2): draws the augmentation L + 1 times over all `examples`
 * (seeded), runs the model on each augmented batch, and applies {@link logitMutualInformation} to the L draws plus
 * the fresh one. The paper uses N = 600 training examples (300 from each of the two classes) and L = 5; choose the
 * examples yourself. The model must output logits.
 *
 * @throws {InvalidArgumentError} for bad options, non-finite examples, classes outside the model's outputs, or σ² = 0.
 * @throws {ShapeMismatchError} for fewer than 2 examples, examples that do not fit the model's declared input shape,
 *   or an augmentation that changes the batch size.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { cropAndFlip, estimateLogitMutualInformation } from '@softlabels/distillation';
 *
 * const model = tfl.sequential({
 *   layers: [tfl.layers.flatten({ inputShape: [8, 8, 1] }), tfl.layers.dense({ units: 3 })],
 * });
 * const images = tf.randomUniform([20, 8, 8, 1], 0, 1, 'float32', 1);
 * const result = estimateLogitMutualInformation(model, images, {
 *   classes: [0, 1],
 *   augment: cropAndFlip({ padding: 1 }),
 *   draws: 5,
 *   seed: 42,
 * });
 * console.log(result.mutualInformation, '≤', result.upperBound);
 * images.dispose();
 * ```
 */
export function estimateLogitMutualInformation(
  model: LogitModel,
  examples: TensorInput,
  options: EstimateLogitMutualInformationOptions,
): LogitMutualInformationEstimate {
  const { classes, augment, draws, seed, batchSize } = prepareEstimateLogitMutualInformationOptions(options);
  const checkedModel = checkLogitModel(model, 'model', FUNCTION_NAME);
  const inputs = toTensor(examples, 'examples', FUNCTION_NAME);
  try {
    const count = inputs.shape[0] ?? 0;
    if (inputs.rank < 1 || count < 2) {
      throw new ShapeMismatchError({
        functionName: FUNCTION_NAME,
        parameter: 'examples',
        actual: inputs.shape,
        expected: 'hold N >= 2 examples along the first axis',
      });
    }
    checkFitsModel(checkedModel, inputs, 'examples', 'model', FUNCTION_NAME);
    checkFinite(inputs, 'examples', FUNCTION_NAME);
    const random = new RandomSource(seed);
    const meanDraws = new Float64Array(count * draws);
    const evalDraws = new Float64Array(count);
    for (let draw = 0; draw <= draws; draw += 1) {
      const differences = tf.tidy(() => {
        const augmented = augment(inputs, random);
        if (!(augmented instanceof tf.Tensor) || augmented.shape[0] !== count) {
          throw new ShapeMismatchError({
            functionName: FUNCTION_NAME,
            parameter: 'options.augment',
            actual: augmented instanceof tf.Tensor ? augmented.shape : [],
            expected: `return a tensor with the batch size of examples (${count})`,
          });
        }
        const logits = predictLogits(checkedModel, augmented, batchSize, 'model', FUNCTION_NAME);
        const outputs = logits.shape[1];
        if (classes[0] >= outputs || classes[1] >= outputs) {
          throw new InvalidArgumentError({
            functionName: FUNCTION_NAME,
            parameter: 'options.classes',
            value: classes,
            expected: `hold class indices in [0, ${outputs - 1}] (the model has ${outputs} outputs)`,
          });
        }
        const columns = tf.gather(logits, classes, 1);
        const [first, second] = tf.split(columns, 2, 1) as [tf.Tensor, tf.Tensor];
        return tf.sub(first, second).dataSync();
      });
      checkFinite(differences, 'model output', FUNCTION_NAME);
      for (let x = 0; x < count; x += 1) {
        const value = differences[x] as number;
        if (draw < draws) meanDraws[x * draws + draw] = value;
        else evalDraws[x] = value;
      }
    }
    const { estimate, variance } = mutualInformationStatistics(
      meanDraws,
      evalDraws,
      count,
      draws,
      'options.augment',
      FUNCTION_NAME,
    );
    return {
      mutualInformation: estimate,
      upperBound: Math.log(count),
      variance,
      meanDraws: Array.from({ length: count }, (_, x) => Array.from(meanDraws.subarray(x * draws, (x + 1) * draws))),
      evalDraws: Array.from(evalDraws),
    };
  } finally {
    if (inputs !== examples) inputs.dispose();
  }
}
