import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as core from '@softlabels/core';
import { captureWarnings } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { distillationLoss } from './index';

const warnings = captureWarnings(core);

/** A one-layer model on 4 features with 3 outputs, ending in `activation`. */
function model(activation: 'softmax' | 'linear', seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [4],
        units: 3,
        activation,
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
    ],
  });
}

describe('distillationLoss warnings about probabilities passed as logits', () => {
  it('warns once when the teacher is a model with a softmax output, naming teacherLogits', () => {
    const inputs = tf.randomNormal([32, 4], 0, 1, 'float32', 3);
    const teacher = model('softmax', 1);
    const student = model('linear', 2);
    const teacherOutput = teacher.predict(inputs) as tf.Tensor2D;
    const optimizer = tf.train.sgd(0.1);
    for (let step = 0; step < 3; step += 1) {
      optimizer.minimize(() =>
        distillationLoss(student.predict(inputs) as tf.Tensor2D, teacherOutput, { temperature: 4 }),
      );
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'probabilities-as-logits', functionName: 'distillationLoss' });
    expect(warnings[0]?.message).toMatch(/^teacherLogits look like probabilities/);
    tf.dispose([inputs, teacherOutput]);
    teacher.dispose();
    student.dispose();
    optimizer.dispose();
  });

  it('names studentLogits for a softmax student, says nothing for logits or with checks: false', () => {
    const inputs = tf.randomNormal([16, 4], 0, 1, 'float32', 5);
    const teacher = model('linear', 3);
    const student = model('softmax', 4);
    const teacherLogits = teacher.predict(inputs) as tf.Tensor2D;
    const softmaxStudent = student.predict(inputs) as tf.Tensor2D;
    tf.dispose(distillationLoss(softmaxStudent, teacherLogits, { temperature: 2, checks: false }));
    tf.dispose(distillationLoss(tf.mul(softmaxStudent, 3), teacherLogits, { temperature: 2 }));
    expect(warnings).toEqual([]);
    tf.dispose(distillationLoss(softmaxStudent, teacherLogits, { temperature: 2 }));
    expect(warnings.map((warning) => warning.message.split(' ')[0])).toEqual(['studentLogits']);
    tf.dispose([inputs, teacherLogits, softmaxStudent]);
    teacher.dispose();
    student.dispose();
  });

  it('emits nothing for a failed call', () => {
    const probabilities = [
      [0.2, 0.3, 0.5],
      [0.1, 0.1, 0.8],
    ];
    expect(() => distillationLoss(probabilities, probabilities, { hardLabelWeight: 0.5, labels: [0, 3] })).toThrow(
      "'options.labels'",
    );
    expect(warnings).toEqual([]);
  });
});
