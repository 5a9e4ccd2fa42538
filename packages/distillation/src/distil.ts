import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  checkFinite,
  checkLabels,
  InvalidArgumentError,
  RandomSource,
  readOptions,
  ShapeMismatchError,
  type TensorInput,
  toTensor,
} from '@softlabels/core';

import { namedDistillationLoss } from './distillation-loss';
import {
  checkFitsModel,
  checkLogitModel,
  checkOutputsLogits,
  type LogitModel,
  predictLogits,
} from './internal/logit-model';
import type { DistilEpochMetrics, DistilOptions } from './distil-options';
import { type PreparedDistilOptions, prepareDistilOptions } from './internal/prepare-distil-options';

const FUNCTION_NAME = 'distil';

/**
 * The transfer set the student learns from.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { DistilData } from '@softlabels/distillation';
 *
 * const data: DistilData = { inputs: tf.zeros([4, 2]), labels: [0, 1, 1, 0] };
 * console.log(data.inputs.shape); // [4, 2]
 * data.inputs.dispose();
 * ```
 */
export interface DistilData {
  /** `[N, ...]` inputs, the teacher's and the student's input shape. */
  inputs: tf.Tensor;
  /** `[N]` integer class indices; needed when `hardLabelWeight > 0`. */
  labels?: TensorInput;
}

/**
 * What {@link distil} is given.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import type { DistilArguments } from '@softlabels/distillation';
 *
 * const teacher = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 3 })] });
 * const student = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 3 })] });
 * const args: DistilArguments = { teacher, student, data: { inputs: tf.zeros([4, 2]) }, options: { epochs: 1 } };
 * console.log(args.options?.epochs); // 1
 * args.data.inputs.dispose();
 * ```
 */
export interface DistilArguments {
  /** The teacher; it must output logits. Only its `predict` is used (never trained). */
  teacher: LogitModel;
  /** The tfjs-layers student that is trained in place; it must output logits. */
  student: LayersModel;
  /** The transfer set (it may differ from the teacher's training set). */
  data: DistilData;
  /** Training and loss settings. */
  options?: DistilOptions;
}

/**
 * What {@link distil} returns.
 *
 * @example
 * ```ts
 * import type { DistilResult } from '@softlabels/distillation';
 *
 * const result: DistilResult = { history: [{ epoch: 0, loss: 0.42, teacherAgreement: 0.9 }] };
 * console.log(result.history.length); // 1
 * ```
 */
export interface DistilResult {
  /** One entry per epoch. */
  history: DistilEpochMetrics[];
}

function checkLabelTensor(input: TensorInput, rows: number, classes: number, parameter: string): tf.Tensor1D {
  return tf.tidy(() => {
    const labels = toTensor(input, parameter, FUNCTION_NAME);
    if (labels.rank !== 1 || labels.shape[0] !== rows) {
      throw new ShapeMismatchError({
        functionName: FUNCTION_NAME,
        parameter,
        actual: labels.shape,
        expected: `be [${rows}] class indices, one per input`,
      });
    }
    checkLabels(labels, classes, parameter, FUNCTION_NAME);
    return tf.cast(labels, 'int32') as tf.Tensor1D;
  });
}

async function accuracy(student: LayersModel, inputs: tf.Tensor, labels: tf.Tensor1D, batchSize: number) {
  const correct = tf.tidy(() => {
    const logits = predictLogits(student, inputs, batchSize, 'student', FUNCTION_NAME);
    return tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32'));
  });
  const [count] = await correct.data();
  correct.dispose();
  return (count as number) / (labels.shape[0] as number);
}

interface Prepared {
  options: PreparedDistilOptions;
  inputs: tf.Tensor;
  rows: number;
  classes: number;
  cache: tf.Tensor2D | undefined;
  labels: tf.Tensor1D | undefined;
  validation: { inputs: tf.Tensor; labels: tf.Tensor1D } | undefined;
}

function classesOf(model: LogitModel, inputs: tf.Tensor, parameter: string): number {
  return tf.tidy(() => predictLogits(model, tf.slice(inputs, 0, 1), 1, parameter, FUNCTION_NAME).shape[1]);
}

/** Checks everything and computes the teacher's cached logits; disposes what it made if it throws. */
function prepare(
  teacher: LogitModel,
  student: LayersModel,
  data: DistilData,
  options: PreparedDistilOptions,
  owned: tf.Tensor[],
): Prepared {
  if (typeof data !== 'object' || data === null || !(data.inputs instanceof tf.Tensor)) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'data.inputs',
      value: data?.inputs,
      expected: 'be a tensor',
    });
  }
  readOptions(data, ['inputs', 'labels'], FUNCTION_NAME, 'data');
  const inputs = data.inputs;
  const rows = inputs.shape[0] ?? 0;
  if (inputs.rank < 1 || rows < 1) {
    throw new ShapeMismatchError({
      functionName: FUNCTION_NAME,
      parameter: 'data.inputs',
      actual: inputs.shape,
      expected: 'hold at least one example',
    });
  }
  checkFitsModel(teacher, inputs, 'data.inputs', 'teacher', FUNCTION_NAME);
  checkFitsModel(student, inputs, 'data.inputs', 'student', FUNCTION_NAME);
  checkFinite(inputs, 'data.inputs', FUNCTION_NAME);
  if (options.hardLabelWeight > 0 && data.labels === undefined) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'data.labels',
      value: undefined,
      expected: `be given when options.hardLabelWeight is > 0 (it is ${options.hardLabelWeight})`,
    });
  }
  let cache: tf.Tensor2D | undefined;
  let classes: number;
  if (options.augment === undefined) {
    cache = predictLogits(teacher, inputs, Math.max(options.batchSize, 256), 'teacher', FUNCTION_NAME);
    owned.push(cache);
    checkFinite(cache, 'teacher output', FUNCTION_NAME);
    classes = cache.shape[1];
  } else {
    classes = classesOf(teacher, inputs, 'teacher');
  }
  const studentClasses = classesOf(student, inputs, 'student');
  if (studentClasses !== classes) {
    throw new ShapeMismatchError({
      functionName: FUNCTION_NAME,
      parameter: 'student output',
      actual: [rows, studentClasses],
      expected: `have as many classes as the teacher (${classes})`,
    });
  }
  let labels: tf.Tensor1D | undefined;
  if (data.labels !== undefined) {
    labels = checkLabelTensor(data.labels, rows, classes, 'data.labels');
    owned.push(labels);
  }
  let validation: Prepared['validation'];
  if (options.validationData !== undefined) {
    const validationInputs = options.validationData.inputs;
    if (!(validationInputs instanceof tf.Tensor)) {
      throw new InvalidArgumentError({
        functionName: FUNCTION_NAME,
        parameter: 'options.validationData.inputs',
        value: validationInputs,
        expected: 'be a tensor',
      });
    }
    checkFitsModel(student, validationInputs, 'options.validationData.inputs', 'student', FUNCTION_NAME);
    checkFinite(validationInputs, 'options.validationData.inputs', FUNCTION_NAME);
    const validationLabels = checkLabelTensor(
      options.validationData.labels,
      validationInputs.shape[0] ?? 0,
      classes,
      'options.validationData.labels',
    );
    owned.push(validationLabels);
    validation = { inputs: validationInputs, labels: validationLabels };
  }
  return { options, inputs, rows, classes, cache, labels, validation };
}

/**
 * Frees what an abandoned gradient tape holds. tfjs keeps the tensors a tape saved for the backward pass until that
 * pass runs; when the loss throws inside `optimizer.minimize` (an injected `hardLabelLoss` that fails or returns the
 * wrong shape) the pass never runs and nothing else frees them.
 */
function releaseAbandonedTape(): void {
  const { state } = tf.engine();
  if (state.gradientDepth !== 0) return;
  for (const node of state.activeTape ?? []) tf.dispose(node.saved ?? []);
  state.activeTape = [];
}

/** An augmentation's result, which must be a live tensor with one example per row of the batch that fits the student. */
function augmented(result: unknown, batch: tf.Tensor, student: LayersModel): tf.Tensor {
  if (!(result instanceof tf.Tensor) || result.isDisposed) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'options.augment',
      value: result,
      expected: 'return a live tensor',
    });
  }
  if (result.shape[0] !== batch.shape[0]) {
    throw new ShapeMismatchError({
      functionName: FUNCTION_NAME,
      parameter: 'options.augment',
      actual: result.shape,
      expected: `return the batch's ${batch.shape[0]} examples along the first axis`,
    });
  }
  checkFitsModel(student, result, 'options.augment', 'student', FUNCTION_NAME);
  return result;
}

/** One optimiser step; returns the batch loss and the number of rows where student and teacher agree. */
async function step(
  teacher: LogitModel,
  student: LayersModel,
  prepared: Prepared,
  optimizer: tf.Optimizer,
  random: RandomSource,
  rows: Int32Array,
): Promise<{ loss: number; agreement: number }> {
  const { options, inputs, cache, labels } = prepared;
  const variables = student.trainableWeights.map((weight) => weight.read() as tf.Variable);
  let agreement: tf.Tensor | undefined;
  let cost: tf.Scalar;
  try {
    cost = tf.tidy(() => {
      const indices = tf.tensor1d(rows, 'int32');
      const batch = tf.gather(inputs, indices);
      const studentInputs =
        options.augment === undefined ? batch : augmented(options.augment(batch, random), batch, student);
      const teacherLogits =
        cache === undefined
          ? predictLogits(teacher, studentInputs, rows.length, 'teacher', FUNCTION_NAME)
          : tf.gather(cache, indices);
      const batchLabels = labels === undefined ? undefined : tf.gather(labels, indices);
      return optimizer.minimize(
        () => {
          const logits = student.apply(studentInputs, { training: true }) as tf.Tensor;
          agreement = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(teacherLogits, -1)), 'int32')));
          return namedDistillationLoss(FUNCTION_NAME, logits, teacherLogits, {
            temperature: options.temperature,
            studentTemperature: options.studentTemperature,
            hardLabelWeight: options.hardLabelWeight,
            hardLabelLoss: options.hardLabelLoss,
            form: options.form,
            scaleByTemperatureSquared: options.scaleByTemperatureSquared,
            reduction: 'batchmean',
            checks: false,
            ...(batchLabels === undefined ? {} : { labels: batchLabels }),
          }) as tf.Scalar;
        },
        true,
        variables,
      ) as tf.Scalar;
    });
  } catch (error) {
    agreement?.dispose();
    releaseAbandonedTape();
    throw error;
  }
  const [loss] = await cost.data();
  const agreed = agreement === undefined ? 0 : ((await agreement.data())[0] as number);
  tf.dispose([cost, ...(agreement === undefined ? [] : [agreement])]);
  return { loss: loss as number, agreement: agreed };
}

/**
 * Trains a tfjs-layers student on a teacher's soft targets with {@link distillationLoss} (Hinton et al. 2015;
 * Müller et al. 2019, Sec. 4) in a custom loop: mini-batches of the transfer set (shuffled per epoch, seeded), one
 * optimiser step per batch on the student's trainable weights, per-batch progress and per-epoch metrics through
 * callbacks. Without `augment` the teacher's logits are computed once and cached; with it every batch is augmented
 * and the teacher is run on the same augmented batch.
 *
 * The paper's setting is `hardLabelWeight: 0` (β = 1), `studentTemperature: 1`, teacher temperature T ∈ {1, …, 16}.
 * The teacher's effect shows best when the transfer set is small (see the package README). Both models must output
 * logits (no softmax in the last layer). Batch-normalisation statistics are not updated by this loop.
 *
 * @throws {InvalidArgumentError} for bad options, a softmax output layer, `hardLabelWeight` > 0 without labels,
 *   labels out of range, non-finite inputs, a `hardLabelLoss` or `augment` that returns no live tensor.
 * @throws {ShapeMismatchError} when teacher and student disagree in the number of classes, labels in length, inputs
 *   do not fit a model's declared input shape, or `hardLabelLoss` or `augment` returns the wrong shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { distil } from '@softlabels/distillation';
 *
 * const teacher = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] });
 * const student = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] });
 * const inputs = tf.randomNormal([64, 4], 0, 1, 'float32', 1);
 * const { history } = await distil({
 *   teacher,
 *   student,
 *   data: { inputs },
 *   options: { epochs: 5, temperature: 2, onEpochEnd: ({ epoch, loss }) => console.log(epoch, loss) },
 * });
 * console.log(history.at(-1)?.teacherAgreement);
 * inputs.dispose();
 * ```
 */
export async function distil(args: DistilArguments): Promise<DistilResult> {
  if (typeof args !== 'object' || args === null) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'arguments',
      value: args,
      expected: 'be { teacher, student, data, options }',
    });
  }
  readOptions(args, ['teacher', 'student', 'data', 'options'], FUNCTION_NAME, 'arguments');
  const options = prepareDistilOptions(args.options);
  const teacher = checkLogitModel(args.teacher, 'teacher', FUNCTION_NAME);
  const student = args.student;
  if (typeof student?.apply !== 'function' || !Array.isArray(student.trainableWeights)) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'student',
      value: student,
      expected: 'be a tfjs-layers model (tf.sequential or tf.model)',
    });
  }
  checkOutputsLogits(teacher, 'teacher', FUNCTION_NAME);
  checkOutputsLogits(student, 'student', FUNCTION_NAME);
  const owned: tf.Tensor[] = [];
  const optimizer = options.optimizer ?? tf.train.adam(options.learningRate);
  try {
    const prepared = prepare(teacher, student, args.data, options, owned);
    const random = new RandomSource(options.seed);
    const batches = Math.ceil(prepared.rows / options.batchSize);
    const history: DistilEpochMetrics[] = [];
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      const order = options.shuffle
        ? random.permutation(prepared.rows)
        : Int32Array.from({ length: prepared.rows }, (_, i) => i);
      let lossSum = 0;
      let agreed = 0;
      for (let batch = 0; batch < batches; batch += 1) {
        const rows = order.subarray(
          batch * options.batchSize,
          Math.min((batch + 1) * options.batchSize, prepared.rows),
        );
        const { loss, agreement } = await step(teacher, student, prepared, optimizer, random, rows);
        lossSum += loss * rows.length;
        agreed += agreement;
        await options.onBatchEnd?.({
          epoch,
          batch,
          batches,
          loss,
          fraction: (epoch * batches + batch + 1) / (options.epochs * batches),
        });
      }
      const metrics: DistilEpochMetrics = {
        epoch,
        loss: lossSum / prepared.rows,
        teacherAgreement: agreed / prepared.rows,
      };
      if (prepared.validation !== undefined) {
        const { inputs, labels } = prepared.validation;
        metrics.validationAccuracy = await accuracy(student, inputs, labels, Math.max(options.batchSize, 256));
      }
      history.push(metrics);
      await options.onEpochEnd?.(metrics);
    }
    return { history };
  } finally {
    tf.dispose(owned);
    if (options.optimizer === undefined) optimizer.dispose();
  }
}
