import { cropAndFlip, distil, estimateLogitMutualInformation, teacherSmoothness } from '@softlabels/distillation';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { createNetwork } from './create-network';
import type { Split } from './dataset';
import { BATCH_SIZE } from './training';
import { scoped } from './scoped';

/** Hidden units of the student MLP (784 → 32 → 10), much smaller than the teachers. */
const STUDENT_HIDDEN = 32;
/** Seed of the student's initial weights and of its shuffling: every run starts from the same student. */
const STUDENT_SEED = 7;
/** Training images per class of the two classes whose logit difference Î is measured on. */
const MUTUAL_INFORMATION_PER_CLASS = 100;
/** Augmented draws per example of Î (the paper's L). */
const MUTUAL_INFORMATION_DRAWS = 5;

/** What {@link distilStudent} is given. */
export interface DistillationSetting {
  /** The trained teacher; it outputs logits. */
  teacher: tfl.LayersModel;
  /** The transfer set (the teacher's training rows) and the test split the student is scored on. */
  transfer: Split;
  test: Split;
  /** Teacher temperature T of the soft targets (the student's temperature is 1, as in the paper). */
  temperature: number;
  /** Student epochs over the transfer set. */
  epochs: number;
  /** Train on the hard labels only (the student alone), ignoring the teacher. */
  hardLabelsOnly?: boolean;
  /** Called after every student step with the share of steps done. */
  onProgress?: (fraction: number) => void;
}

/** The student of a distillation run: a 784 → 32 → 10 ReLU MLP, the same initial weights in every run. */
function createStudent(inputs: number): tfl.Sequential {
  return createNetwork('mlp', inputs, STUDENT_SEED, [STUDENT_HIDDEN]);
}

function splitTensor(split: Split): tf.Tensor2D {
  return tf.tensor2d(split.images, [split.count, split.images.length / split.count]);
}

/** The first {@link MUTUAL_INFORMATION_PER_CLASS} images of each of `classes` as a `[N, side, side, 1]` batch. */
function mutualInformationExamples(split: Split, classes: readonly [number, number]): tf.Tensor4D {
  const pixels = split.images.length / split.count;
  const side = Math.round(Math.sqrt(pixels));
  const rows: number[] = [];
  for (const label of classes) {
    for (let row = 0, taken = 0; row < split.count && taken < MUTUAL_INFORMATION_PER_CLASS; row += 1) {
      if (split.labels[row] === label) {
        rows.push(row);
        taken += 1;
      }
    }
  }
  const images = new Float32Array(rows.length * pixels);
  rows.forEach((row, index) => images.set(split.images.subarray(row * pixels, (row + 1) * pixels), index * pixels));
  return tf.tensor4d(images, [rows.length, side, side, 1]);
}

/**
 * Trains a fresh student (784 → 32 → 10 ReLU MLP, the same initial weights every run) on a teacher's soft targets at temperature T with `distil` of
 * `@softlabels/distillation` (KL form scaled by T_s² = 1, no hard-label term, Adam, batches of 50, seeded shuffling)
 * and returns its accuracy on the test split. With `hardLabelsOnly` the same loop trains the student on the labels
 * alone, the reference the distilled students are compared with.
 *
 * @example
 * ```ts
 * import { createNetwork } from './create-network';
 * import { distilStudent } from './distil-student';
 * const split = { images: new Float32Array(2 * 784), labels: Int32Array.from([0, 1]), count: 2 };
 * const teacher = createNetwork('mlp', 784, 0);
 * const accuracy = await distilStudent({ teacher, transfer: split, test: split, temperature: 4, epochs: 1 });
 * console.log(accuracy >= 0 && accuracy <= 1); // true
 * teacher.dispose();
 * ```
 */
export async function distilStudent(setting: DistillationSetting): Promise<number> {
  const { teacher, transfer, test, temperature, epochs } = setting;
  const student = createStudent(transfer.images.length / transfer.count);
  const inputs = splitTensor(transfer);
  const testInputs = splitTensor(test);
  try {
    const { history } = await distil({
      teacher,
      student,
      data: { inputs, labels: transfer.labels },
      options: {
        epochs,
        batchSize: BATCH_SIZE,
        temperature,
        studentTemperature: 1,
        hardLabelWeight: setting.hardLabelsOnly === true ? 1 : 0,
        seed: STUDENT_SEED,
        validationData: { inputs: testInputs, labels: test.labels },
        onBatchEnd: ({ fraction }) => setting.onProgress?.(fraction),
      },
    });
    return history.at(-1)?.validationAccuracy as number;
  } finally {
    tf.dispose([inputs, testInputs]);
    student.dispose();
  }
}

/**
 * A teacher's smoothness γ at temperature T on the transfer set (`teacherSmoothness`, the x-axis of the paper's
 * distillation plot) and its Î(X; z_a − z_b) in nats on two classes (`estimateLogitMutualInformation`, 100 training
 * images of each, 5 crop-and-flip draws with 2 pixels of padding).
 *
 * @example
 * ```ts
 * import { createNetwork } from './create-network';
 * import { measureTeacher } from './distil-student';
 * const split = { images: new Float32Array(4 * 784).map((_, i) => (i % 7) / 7), labels: Int32Array.from([0, 1, 0, 1]), count: 4 };
 * const teacher = createNetwork('mlp', 784, 0);
 * console.log(measureTeacher(teacher, split, 4, [0, 1]).gamma > 0); // true
 * teacher.dispose();
 * ```
 */
export function measureTeacher(
  teacher: tfl.LayersModel,
  transfer: Split,
  temperature: number,
  classes: readonly [number, number],
): { gamma: number; mutualInformation: number } {
  return scoped(() => {
    const pixels = transfer.images.length / transfer.count;
    const logits = teacher.predict(splitTensor(transfer), { batchSize: 500 }) as tf.Tensor2D;
    const gamma = teacherSmoothness(logits, transfer.labels, { temperature });
    const flattened = {
      predict: (images: tf.Tensor) =>
        teacher.predict(tf.reshape(images, [images.shape[0] as number, pixels]), { batchSize: 500 }) as tf.Tensor,
    };
    const { mutualInformation } = estimateLogitMutualInformation(
      flattened,
      mutualInformationExamples(transfer, classes),
      { classes, augment: cropAndFlip({ padding: 2 }), draws: MUTUAL_INFORMATION_DRAWS, seed: 0 },
    );
    return { gamma, mutualInformation };
  });
}
