import type { SparseLabelDataset } from '@softlabels/smoothing';
import * as tf from '@tensorflow/tfjs-core';

import { arg, bad, fn, options, refused, userError } from '../entry-builders';
import type { Catalogue, LabelledValue } from '../export-entry';

/** Two rows of three-class logits and their class indices. */
const logitRows = (): number[][] => [
  [2, 0.5, -1],
  [0, 0, 3],
];
const labelRows = (): number[] => [0, 2];

/** Bad values of three-class logits. */
const BAD_LOGITS: readonly LabelledValue[] = [
  bad('a vector', () => [1, 2, 3]),
  bad('a scalar', () => 1),
  bad('logits holding NaN', () => [[2, Number.NaN, -1], logitRows()[1]]),
  bad('logits holding Infinity', () => [[2, Number.POSITIVE_INFINITY, -1], logitRows()[1]]),
  bad('a logits tensor holding −Infinity', () =>
    tf.tensor2d([
      [2, Number.NEGATIVE_INFINITY, -1],
      [0, 0, 3],
    ]),
  ),
  bad('no classes', () => tf.zeros([2, 0])),
];

/** Bad class indices of {@link logitRows}. */
const BAD_LABELS: readonly LabelledValue[] = [
  bad('an out-of-range label', () => [0, 3]),
  bad('a negative label', () => [-1, 2]),
  bad('a fractional label', () => [0, 1.5]),
  bad('a NaN label', () => [0, Number.NaN]),
  bad('a label of 2³¹', () => [0, 2 ** 31]),
  bad('too many labels', () => [0, 1, 2]),
  bad('too few labels', () => [0]),
  bad('an int32 tensor out of range', () => tf.tensor1d([0, 7], 'int32')),
  bad('probability targets holding NaN', () => [
    [1, 0, Number.NaN],
    [0, 0, 1],
  ]),
  bad('probability targets of another shape', () => [
    [1, 0],
    [0, 1],
  ]),
];

/** Bad values of the options the cross-entropies share. */
const BAD_CROSS_ENTROPY_OPTIONS: readonly LabelledValue[] = [
  bad('ε above 1', () => ({ epsilon: 1.5 })),
  bad('a negative ε', () => ({ epsilon: -0.1 })),
  bad('an Infinity ε', () => ({ epsilon: Number.POSITIVE_INFINITY })),
  bad('an unknown reduction', () => ({ reduction: 'batchmean' })),
  bad('class weights of another length', () => ({ classWeights: [1, 2] })),
  bad('a negative class weight', () => ({ classWeights: [1, -2, 1] })),
  bad('a NaN class weight', () => ({ classWeights: [1, Number.NaN, 1] })),
  bad('a class-weight matrix', () => ({ classWeights: [[1, 2, 1]] })),
  bad('a prior summing to 0.9', () => ({ prior: [0.3, 0.3, 0.3] })),
  bad('a negative prior', () => ({ prior: [-0.2, 0.6, 0.6] })),
  bad('a prior of another length', () => ({ prior: [0.5, 0.5] })),
  bad('a fractional ignoreIndex', () => ({ ignoreIndex: 0.5 })),
  bad('a string checks flag', () => ({ checks: 'false' })),
];

const binaryLogits = (): number[][] => [
  [0.5, -1],
  [2, 0],
];
const binaryTargets = (): number[][] => [
  [1, 0],
  [0.3, 0.7],
];

/** Calls a `model.compile` loss a factory returned on a label tensor and logit arrays, as tfjs-layers would. */
function callFitLoss(loss: unknown): tf.Tensor {
  const yTrue = tf.tensor1d(labelRows(), 'int32');
  try {
    return (loss as (yTrue: unknown, yPred: unknown) => tf.Tensor)(yTrue, logitRows());
  } finally {
    yTrue.dispose();
  }
}

/** Every runtime export of `@softlabels/smoothing`. */
export const smoothingCatalogue: Catalogue = {
  labelSmoothingCrossEntropy: fn(
    [
      arg('logits', 'tensor', logitRows, { bad: BAD_LOGITS }),
      arg('labels', 'tensor', labelRows, { bad: BAD_LABELS }),
      options(() => ({ epsilon: 0.1, reduction: 'sum', classWeights: [1, 2, 0.5] }), {
        bad: BAD_CROSS_ENTROPY_OPTIONS,
      }),
    ],
    {
      probes: [
        refused(
          'probability targets with an ignoreIndex',
          () => [
            logitRows(),
            [
              [1, 0, 0],
              [0, 0, 1],
            ],
            { ignoreIndex: 0 },
          ],
          'options.ignoreIndex',
        ),
      ],
    },
  ),
  confidencePenaltyCrossEntropy: fn(
    [
      arg('logits', 'tensor', logitRows, { bad: BAD_LOGITS }),
      arg('labels', 'tensor', labelRows, { bad: BAD_LABELS }),
      options(() => ({ beta: 0.2, epsilon: 0.1, reduction: 'sum', classWeights: [1, 2, 0.5] }), {
        bad: [
          ...BAD_CROSS_ENTROPY_OPTIONS,
          bad('a negative β', () => ({ beta: -0.1 })),
          bad('a NaN β', () => ({ beta: Number.NaN })),
          bad('an Infinity β', () => ({ beta: Number.POSITIVE_INFINITY })),
          bad('a string β', () => ({ beta: '0.1' })),
        ],
      }),
    ],
    {
      probes: [
        refused(
          'probability targets with an ignoreIndex',
          () => [
            logitRows(),
            [
              [1, 0, 0],
              [0, 0, 1],
            ],
            { ignoreIndex: 0 },
          ],
          'options.ignoreIndex',
        ),
      ],
    },
  ),
  focalLoss: fn(
    [
      arg('logits', 'tensor', logitRows, { bad: BAD_LOGITS }),
      arg('labels', 'tensor', labelRows, { bad: BAD_LABELS }),
      options(() => ({ gamma: 'flsd-53', alpha: [1, 2, 0.5], epsilon: 0.1, reduction: 'sum' }), {
        bad: [
          bad('a negative γ', () => ({ gamma: -1 })),
          bad('a NaN γ', () => ({ gamma: Number.NaN })),
          bad('an unknown γ schedule', () => ({ gamma: 'flsd-35' })),
          bad('a boolean γ', () => ({ gamma: true })),
          bad('a γ function returning a number', () => ({ gamma: () => 2 })),
          bad('a γ function returning γ of another shape', () => ({ gamma: () => tf.ones([5]) })),
          bad('a γ function returning a negative γ', () => ({ gamma: (p: tf.Tensor) => tf.neg(p) })),
          bad('α of another length', () => ({ alpha: [1, 2] })),
          bad('a negative α', () => ({ alpha: [1, -2, 1] })),
          bad('a NaN α', () => ({ alpha: [1, Number.NaN, 1] })),
          bad('ε above 1', () => ({ epsilon: 1.5 })),
          bad('an unknown reduction', () => ({ reduction: 'batchmean' })),
          bad('a fractional ignoreIndex', () => ({ ignoreIndex: 0.5 })),
          bad('a class-weights key', () => ({ classWeights: [1, 2, 1] })),
          bad('a string checks flag', () => ({ checks: 'false' })),
        ],
      }),
    ],
    {
      probes: [
        refused(
          'probability targets with an ignoreIndex',
          () => [
            logitRows(),
            [
              [1, 0, 0],
              [0, 0, 1],
            ],
            { ignoreIndex: 0 },
          ],
          'options.ignoreIndex',
        ),
        userError('a γ function that throws', () => [
          logitRows(),
          labelRows(),
          {
            gamma: () => {
              throw new Error('user γ failed');
            },
          },
        ]),
      ],
    },
  ),
  binaryFocalLoss: fn([
    arg('logits', 'tensor', binaryLogits, {
      bad: [
        bad('logits holding NaN', () => [[0.5, Number.NaN], binaryLogits()[1]]),
        bad('logits holding Infinity', () => [[0.5, Number.POSITIVE_INFINITY], binaryLogits()[1]]),
      ],
    }),
    arg('targets', 'tensor', binaryTargets, {
      bad: [
        bad('a target above 1', () => [[1.5, 0], binaryTargets()[1]]),
        bad('a negative target', () => [[-0.5, 0], binaryTargets()[1]]),
        bad('a NaN target', () => [[Number.NaN, 0], binaryTargets()[1]]),
        bad('another shape', () => [1, 0]),
      ],
    }),
    options(() => ({ gamma: 0.5, alpha: 0.25, reduction: 'sum' }), {
      bad: [
        bad('a negative γ', () => ({ gamma: -1 })),
        bad('a NaN γ', () => ({ gamma: Number.NaN })),
        bad('a γ schedule', () => ({ gamma: 'flsd-53' })),
        bad('α above 1', () => ({ alpha: 1.5 })),
        bad('a negative α other than −1', () => ({ alpha: -0.5 })),
        bad('an α vector', () => ({ alpha: [0.25, 0.75] })),
        bad('an unknown reduction', () => ({ reduction: 'max' })),
        bad('an ε key', () => ({ epsilon: 0.1 })),
        bad('a string checks flag', () => ({ checks: 'false' })),
      ],
    }),
  ]),
  binaryLabelSmoothingCrossEntropy: fn([
    arg('logits', 'tensor', binaryLogits, {
      bad: [
        bad('logits holding NaN', () => [[0.5, Number.NaN], binaryLogits()[1]]),
        bad('logits holding −Infinity', () => [[0.5, Number.NEGATIVE_INFINITY], binaryLogits()[1]]),
      ],
    }),
    arg('targets', 'tensor', binaryTargets, {
      bad: [
        bad('a target above 1', () => [[1.5, 0], binaryTargets()[1]]),
        bad('a negative target', () => [[-0.5, 0], binaryTargets()[1]]),
        bad('a NaN target', () => [[Number.NaN, 0], binaryTargets()[1]]),
        bad('another shape', () => [1, 0]),
      ],
    }),
    options(() => ({ epsilon: 0.2, positiveWeight: [1, 3] }), {
      bad: [
        bad('ε above 1', () => ({ epsilon: 2 })),
        bad('an unknown reduction', () => ({ reduction: 'max' })),
        bad('a negative positiveWeight', () => ({ positiveWeight: -1 })),
        bad('a NaN positiveWeight', () => ({ positiveWeight: Number.NaN })),
        bad('positive weights of another length', () => ({ positiveWeight: [1, 2, 3] })),
        bad('a negative positive weight', () => ({ positiveWeight: [1, -2] })),
      ],
    }),
  ]),
  smoothLabels: fn([
    arg('labels', 'tensor', () => [0, 2, 1], {
      bad: [
        bad('an out-of-range label', () => [0, 3, 1]),
        bad('a negative label', () => [0, -1, 1]),
        bad('a fractional label', () => [0, 0.5, 1]),
        bad('a NaN label', () => [0, Number.NaN, 1]),
      ],
    }),
    arg('numClasses', 'number', () => 3, {
      bad: [bad('0', () => 0), bad('a fraction', () => 2.5), bad('−3', () => -3), bad('2³¹', () => 2 ** 31)],
    }),
    options(() => ({ epsilon: 0.2, prior: [0.2, 0.3, 0.5] }), {
      bad: [
        bad('ε above 1', () => ({ epsilon: 1.01 })),
        bad('a prior of another length', () => ({ prior: [0.5, 0.5] })),
        bad('a prior summing to 2', () => ({ prior: [1, 0.5, 0.5] })),
      ],
    }),
  ]),
  labelSmoothingLoss: fn(
    [
      options(() => ({ epsilon: 0.1, reduction: 'sum', prior: [0.2, 0.3, 0.5] }), {
        bad: [
          bad('ε above 1', () => ({ epsilon: 1.5 })),
          bad("the 'none' reduction (tfjs-layers needs a scalar)", () => ({ reduction: 'none' })),
          bad('a negative class weight', () => ({ classWeights: [1, -2, 1] })),
          bad('a prior summing to 0.9', () => ({ prior: [0.3, 0.3, 0.3] })),
          bad('a string fromLogits flag', () => ({ fromLogits: 'true' })),
        ],
      }),
    ],
    { use: callFitLoss },
  ),
  focalLossForFit: fn(
    [
      options(() => ({ gamma: 'flsd-53', alpha: [1, 2, 0.5], epsilon: 0.1, reduction: 'sum' }), {
        bad: [
          bad('a negative γ', () => ({ gamma: -1 })),
          bad('an unknown γ schedule', () => ({ gamma: 'flsd-35' })),
          bad('a negative α', () => ({ alpha: [1, -2, 1] })),
          bad('ε above 1', () => ({ epsilon: 1.5 })),
          bad("the 'none' reduction (tfjs-layers needs a scalar)", () => ({ reduction: 'none' })),
          bad('an ignoreIndex key', () => ({ ignoreIndex: 0 })),
          bad('a string fromLogits flag', () => ({ fromLogits: 'true' })),
        ],
      }),
    ],
    { use: callFitLoss },
  ),
  confidencePenaltyLoss: fn(
    [
      options(() => ({ beta: 0.2, epsilon: 0.1, reduction: 'sum', classWeights: [1, 2, 0.5] }), {
        bad: [
          bad('a negative β', () => ({ beta: -0.1 })),
          bad('a NaN β', () => ({ beta: Number.NaN })),
          bad('ε above 1', () => ({ epsilon: 1.5 })),
          bad('a negative class weight', () => ({ classWeights: [1, -2, 1] })),
          bad("the 'none' reduction (tfjs-layers needs a scalar)", () => ({ reduction: 'none' })),
          bad('a string fromLogits flag', () => ({ fromLogits: 'true' })),
        ],
      }),
    ],
    { use: callFitLoss },
  ),
  sparseLabelDataset: fn(
    [
      arg('inputs', 'tensor', () => tf.tensor2d(logitRows()), {
        bad: [bad('a scalar', () => tf.scalar(1)), bad('a number array', () => logitRows())],
        mutateLeaves: false,
      }),
      arg('labels', 'tensor', labelRows, {
        bad: [
          bad('an out-of-range label', () => [0, 3]),
          bad('a fractional label', () => [0, 1.5]),
          bad('a NaN label', () => [0, Number.NaN]),
          bad('too many labels', () => [0, 1, 2]),
          bad('labels [N, 2]', () => [
            [0, 1],
            [1, 0],
          ]),
        ],
      }),
      arg('options', 'options', () => ({ numClasses: 3, batchSize: 1, seed: 4 }), {
        bad: [
          bad('no numClasses', () => ({ batchSize: 2 })),
          bad('0 classes', () => ({ numClasses: 0 })),
          bad('a fractional batchSize', () => ({ numClasses: 3, batchSize: 1.5 })),
          bad('a seed of 2³¹', () => ({ numClasses: 3, seed: 2 ** 31 })),
        ],
      }),
    ],
    {
      // Every batch of one epoch, as plain data.
      use: async (dataset) => {
        const iterator = await (dataset as SparseLabelDataset).iterator();
        const batches: unknown[] = [(dataset as SparseLabelDataset).size];
        for (let result = await iterator.next(); result.done !== true; result = await iterator.next()) {
          batches.push([result.value.xs.arraySync(), result.value.ys.arraySync()]);
          tf.dispose([result.value.xs, result.value.ys]);
        }
        return batches;
      },
    },
  ),
};
