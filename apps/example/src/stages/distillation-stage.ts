import * as tf from '@tensorflow/tfjs-core';
import { accuracy } from '@softlabels/calibration';
import { RandomSource } from '@softlabels/core';
import { distil, teacherSmoothness } from '@softlabels/distillation';
import { labelSmoothingCrossEntropy } from '@softlabels/smoothing';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { DatasetSplit } from '../data/load-dataset';
import type { DistillationResults } from '../report/results';
import { summarise } from '../report/summarise';
import { createMlp } from '../training/create-mlp';
import { predictLogits } from '../training/predict-logits';
import { scoped } from '../training/scoped';
import { trainClassifier } from '../training/train-classifier';
import type { RunContext, TrainedModel } from './run-context';

function testAccuracy(logits: Float32Array, context: RunContext): number {
  const { test } = context.splits;
  return scoped(() =>
    accuracy({ logits: tf.tensor2d(logits, [test.count, context.dataset.classNames.length]) }, test.labels),
  );
}

/**
 * Stage 3: distils every stage-1 network into a smaller student on a small transfer set (the first `transferSize`
 * training images) with the paper's settings — β = 1 (soft targets only), student temperature 1; hard-label teachers
 * (ε = 0) at each temperature of `teacherTemperatures`, label-smoothed teachers (ε > 0) at T = 1 — and trains the same
 * student on the transfer set's hard labels as the no-teacher reference. Students of one seed share their
 * initialisation and batch order, so teachers are compared on equal terms. `mutualInformation` comes from the
 * tracker that ran during stage 1.
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
  const plan: { kind: 'hard-label' | 'label-smoothed'; epsilon: number; temperature: number }[] = [
    ...options.teacherTemperatures.map((temperature) => ({ kind: 'hard-label' as const, epsilon: 0, temperature })),
    ...options.epsilons
      .filter((epsilon) => epsilon > 0)
      .map((epsilon) => ({ kind: 'label-smoothed' as const, epsilon, temperature: 1 })),
  ];
  const stage = context.progress.stage('3/3 distillation', options.seeds * (plan.length + 1) * options.studentEpochs);
  const alone: number[] = [];
  const perTeacher = plan.map(() => ({
    teacherAccuracy: [] as number[],
    gamma: [] as number[],
    studentAccuracy: [] as number[],
  }));
  const inputs = tf.tensor2d(transfer.images, [transfer.count, dataset.features]);
  const newStudent = (seed: number): tfl.Sequential =>
    createMlp({
      inputs: dataset.features,
      hidden: options.studentHidden,
      classes,
      random: new RandomSource(2000 + seed),
    });
  try {
    for (let seed = 0; seed < options.seeds; seed += 1) {
      const student = newStudent(seed);
      try {
        await trainClassifier(student, transfer, {
          epochs: options.studentEpochs,
          batchSize: options.batchSize,
          learningRate: options.learningRate,
          random: new RandomSource(3000 + seed),
          signal,
          loss: (logits, labels) =>
            labelSmoothingCrossEntropy(logits, labels, { epsilon: 0, checks: false }) as tf.Scalar,
          onEpoch: (epoch) => stage.tick(`seed ${seed} no teacher epoch ${epoch}`),
        });
        alone.push(testAccuracy(await predictLogits(student, splits.test.images, splits.test.count), context));
      } finally {
        student.dispose();
      }
      for (const [index, entry] of plan.entries()) {
        const teacher = models.find(
          (trained) => trained.seed === seed && trained.epsilon === entry.epsilon,
        ) as TrainedModel;
        const pupil = newStudent(seed);
        try {
          await distil({
            teacher: teacher.model,
            student: pupil,
            data: { inputs },
            options: {
              epochs: options.studentEpochs,
              batchSize: options.batchSize,
              learningRate: options.learningRate,
              temperature: entry.temperature,
              studentTemperature: 1,
              hardLabelWeight: 0,
              seed: 3000 + seed,
              onEpochEnd: async ({ epoch }) => {
                stage.tick(`seed ${seed} ${entry.kind} ε ${entry.epsilon} T ${entry.temperature} epoch ${epoch + 1}`);
                await new Promise((resolve) => setImmediate(resolve));
                signal.throwIfAborted();
              },
            },
          });
          const record = perTeacher[index] as (typeof perTeacher)[number];
          record.studentAccuracy.push(
            testAccuracy(await predictLogits(pupil, splits.test.images, splits.test.count), context),
          );
          record.teacherAccuracy.push(testAccuracy(teacher.testLogits, context));
          const teacherLogits = await predictLogits(teacher.model, transfer.images, transfer.count);
          record.gamma.push(
            scoped(() =>
              teacherSmoothness(tf.tensor2d(teacherLogits, [transfer.count, classes]), transfer.labels, {
                temperature: entry.temperature,
              }),
            ),
          );
        } finally {
          pupil.dispose();
        }
      }
    }
  } finally {
    inputs.dispose();
  }
  stage.done();
  return {
    transferSize: transfer.count,
    studentHidden: options.studentHidden,
    studentEpochs: options.studentEpochs,
    studentAlone: summarise(alone),
    teachers: plan.map((entry, index) => {
      const record = perTeacher[index] as (typeof perTeacher)[number];
      return {
        ...entry,
        teacherAccuracy: summarise(record.teacherAccuracy),
        gamma: summarise(record.gamma),
        studentAccuracy: summarise(record.studentAccuracy),
      };
    }),
    mutualInformation,
  };
}
