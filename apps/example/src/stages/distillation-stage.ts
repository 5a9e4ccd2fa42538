import * as tf from '@tensorflow/tfjs-core';
import { accuracy } from '@softlabels/calibration';
import { RandomSource } from '@softlabels/core';
import { distillationLoss, teacherSmoothness } from '@softlabels/distillation';
import { labelSmoothingCrossEntropy } from '@softlabels/smoothing';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { DatasetSplit } from '../data/load-dataset';
import { judgeDistillation } from '../report/distillation-verdict';
import type { DistillationResults } from '../report/results';
import { summarise } from '../report/summarise';
import { tInterval } from '../report/t-interval';
import { createNetwork, describeNetwork } from '../training/network-spec';
import { predictLogits } from '../training/predict-logits';
import { scoped } from '../training/scoped';
import { type TrainingLoss, trainClassifier } from '../training/train-classifier';
import type { RunContext, TrainedModel } from './run-context';

/** One cell of the grid: a teacher (its ε) at one temperature. */
interface Cell {
  kind: 'hard-label' | 'label-smoothed';
  epsilon: number;
  temperature: number;
}

/** Per-seed numbers of one cell or reference student. */
interface SeedRecord {
  teacherAccuracy: number[];
  gamma: number[];
  studentAccuracy: number[];
  heldOutStudentAccuracy: number[];
}

function splitAccuracy(logits: Float32Array, split: DatasetSplit, classes: number): number {
  return scoped(() => accuracy({ logits: tf.tensor2d(logits, [split.count, classes]) }, split.labels));
}

const emptyRecord = (): SeedRecord => ({
  teacherAccuracy: [],
  gamma: [],
  studentAccuracy: [],
  heldOutStudentAccuracy: [],
});

/**
 * Stage 3: the paper's distillation grid. Every stage-1 network of a seed teaches a smaller student on a transfer set
 * (the first `transferSize` training images) with β = 1 (soft targets only) and student temperature 1: the hard-label
 * teacher (ε = 0) at each of `hardTemperatures`, every label-smoothed teacher (ε > 0) at each of
 * `smoothedTemperatures`. With `augment`, each epoch crops and flips the transfer images and the teacher's targets are
 * computed on exactly the augmented images the student sees. All students of one seed share their initialisation,
 * batch order and augmentation (paired seeds), and so do two reference students trained alone on the hard labels,
 * with and without label smoothing (`studentEpsilon`). Each cell records the teacher's test accuracy, its γ on the
 * transfer set at the cell's temperature, and the student's test and held-out accuracy; the verdict is
 * {@link judgeDistillation}'s. `mutualInformation` comes from the tracker that ran during stage 1.
 *
 * @example
 * ```ts
 * import { runDistillationStage } from './distillation-stage';
 * // const section = await runDistillationStage(context, models, tracker.result());
 * ```
 */
export async function runDistillationStage(
  context: RunContext,
  models: TrainedModel[],
  mutualInformation: DistillationResults['mutualInformation'],
): Promise<DistillationResults> {
  const { options, splits, dataset, signal } = context;
  const classes = dataset.classNames.length;
  const transfer: DatasetSplit = {
    images: splits.train.images.subarray(0, options.transferSize * dataset.features),
    labels: splits.train.labels.subarray(0, options.transferSize),
    count: options.transferSize,
  };
  const teachers = options.epsilons.map((epsilon) => ({
    epsilon,
    kind: epsilon === 0 ? ('hard-label' as const) : ('label-smoothed' as const),
    temperatures: epsilon === 0 ? options.hardTemperatures : options.smoothedTemperatures,
  }));
  const cells: Cell[] = teachers.flatMap((teacher) =>
    teacher.temperatures.map((temperature) => ({ kind: teacher.kind, epsilon: teacher.epsilon, temperature })),
  );
  const stage = context.progress.stage('3/3 distillation', options.seeds * (cells.length + 2) * options.studentEpochs);
  const records = cells.map(emptyRecord);
  const alone = { hardLabels: emptyRecord(), labelSmoothing: emptyRecord() };

  /** Trains a fresh student of `seed` with `loss` (and a teacher's `targets`), then records its accuracies. */
  const trainStudent = async (
    seed: number,
    what: string,
    record: SeedRecord,
    loss: TrainingLoss,
    targets?: (images: Float32Array, count: number, epoch: number) => Promise<Float32Array>,
  ): Promise<void> => {
    const student: tfl.LayersModel = createNetwork(options.student, dataset, classes, new RandomSource(2000 + seed));
    try {
      await trainClassifier(student, transfer, {
        epochs: options.studentEpochs,
        batchSize: options.batchSize,
        learningRate: options.learningRate,
        random: new RandomSource(3000 + seed),
        signal,
        loss,
        ...(options.augment ? { augment: dataset } : {}),
        ...(targets === undefined ? {} : { targets }),
        onEpoch: (epoch) => stage.tick(`seed ${seed} ${what} epoch ${epoch}`),
      });
      record.studentAccuracy.push(
        splitAccuracy(await predictLogits(student, splits.test.images, splits.test.count), splits.test, classes),
      );
      record.heldOutStudentAccuracy.push(
        splitAccuracy(
          await predictLogits(student, splits.heldOut.images, splits.heldOut.count),
          splits.heldOut,
          classes,
        ),
      );
    } finally {
      student.dispose();
    }
  };

  for (let seed = 0; seed < options.seeds; seed += 1) {
    const referenceLoss =
      (epsilon: number): TrainingLoss =>
      (logits, labels) =>
        labelSmoothingCrossEntropy(logits, labels, { epsilon, checks: false }) as tf.Scalar;
    await trainStudent(seed, 'no teacher', alone.hardLabels, referenceLoss(0));
    await trainStudent(
      seed,
      `no teacher, LS ε ${options.studentEpsilon}`,
      alone.labelSmoothing,
      referenceLoss(options.studentEpsilon),
    );
    for (const teacher of teachers) {
      const trained = models.find((model) => model.seed === seed && model.epsilon === teacher.epsilon) as TrainedModel;
      const teacherAccuracy = splitAccuracy(trained.testLogits, splits.test, classes);
      const transferLogits = await predictLogits(trained.model, transfer.images, transfer.count);
      // The students of a seed see the same augmented images epoch by epoch, so the teacher runs once per epoch.
      const cache = new Map<number, Float32Array>();
      const targets = async (images: Float32Array, count: number, epoch: number): Promise<Float32Array> => {
        const cached = cache.get(epoch) ?? (await predictLogits(trained.model, images, count));
        cache.set(epoch, cached);
        return cached;
      };
      for (const temperature of teacher.temperatures) {
        const index = cells.findIndex((cell) => cell.epsilon === teacher.epsilon && cell.temperature === temperature);
        const record = records[index] as SeedRecord;
        record.teacherAccuracy.push(teacherAccuracy);
        record.gamma.push(
          scoped(() =>
            teacherSmoothness(tf.tensor2d(transferLogits, [transfer.count, classes]), transfer.labels, {
              temperature,
            }),
          ),
        );
        await trainStudent(
          seed,
          `${teacher.kind} teacher ε ${teacher.epsilon} T ${temperature}`,
          record,
          (logits, _labels, soft) =>
            distillationLoss(logits, soft as tf.Tensor2D, {
              temperature,
              studentTemperature: 1,
              hardLabelWeight: 0,
              checks: false,
            }),
          targets,
        );
      }
    }
  }
  stage.done();
  const interval = (values: number[]) => (values.length >= 2 ? tInterval(values) : null);
  const student = (record: SeedRecord) => ({
    accuracy: summarise(record.studentAccuracy),
    interval: interval(record.studentAccuracy),
    heldOutAccuracy: summarise(record.heldOutStudentAccuracy),
  });
  const grid = cells.map((cell, index) => {
    const record = records[index] as SeedRecord;
    return {
      ...cell,
      teacherAccuracy: summarise(record.teacherAccuracy),
      gamma: summarise(record.gamma),
      student: student(record),
    };
  });
  return {
    transferSize: transfer.count,
    student: { kind: options.student.kind, layers: describeNetwork(options.student) },
    studentEpochs: options.studentEpochs,
    augment: options.augment,
    studentAlone: {
      hardLabels: student(alone.hardLabels),
      labelSmoothing: { epsilon: options.studentEpsilon, ...student(alone.labelSmoothing) },
    },
    grid,
    verdict: judgeDistillation(grid),
    mutualInformation,
  };
}
