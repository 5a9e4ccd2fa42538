import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  classCounts,
  definePropertySuite,
  distillationReference,
  expectNoTensorLeak,
  expectSameBits,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT32_BOUND,
  HeapLayout,
  realiseValues,
  SeededValues,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { distillationLoss } from './distillation-loss';
import type { DistillationLossOptions, DistillationReduction } from './distillation-loss-options';

/** One call: student and teacher logits of rank 2–4, the options (undefined ones left out) and the upstream gradient. */
interface DistillationCase {
  leading: number[];
  classes: number;
  student: ValueRecipe;
  teacher: ValueRecipe;
  labelSeed: number;
  temperature: number | undefined;
  studentTemperature: number | undefined;
  hardLabelWeight: number | undefined;
  form: 'kl' | 'cross-entropy' | undefined;
  scaleByTemperatureSquared: boolean | undefined;
  reduction: 'batchmean' | 'sum' | 'none' | undefined;
  checks: boolean | undefined;
  upstream: 'one' | 'drawn';
  filler: number;
}

const temperature = fc.oneof(fc.constantFrom(undefined, 1, 4), fc.double({ min: 0.05, max: 20, noNaN: true }));

const distillationCase: fc.Arbitrary<DistillationCase> = fc.record({
  leading: fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 2, max: 40 }))) },
    { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 3 }) },
  ),
  classes: classCounts(70),
  student: valueRecipe(),
  teacher: valueRecipe(),
  labelSeed: fc.nat(),
  temperature,
  studentTemperature: temperature,
  hardLabelWeight: fc.oneof(fc.constantFrom(undefined, 0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
  form: fc.constantFrom(undefined, 'kl' as const, 'cross-entropy' as const),
  scaleByTemperatureSquared: fc.constantFrom(undefined, true, false),
  reduction: fc.constantFrom(undefined, 'batchmean' as const, 'sum' as const, 'none' as const),
  checks: fc.constantFrom(undefined, true, false),
  upstream: fc.constantFrom('one' as const, 'drawn' as const),
  filler: fc.nat({ max: 4099 }),
});

function checkCase(spec: DistillationCase): void {
  const rows = spec.leading.reduce((product, size) => product * size, 1);
  const { classes } = spec;
  const shape = [...spec.leading, classes];
  const student = realiseValues(spec.student, rows * classes, classes);
  const teacher = realiseValues(spec.teacher, rows * classes, classes);
  const random = new SeededValues(spec.labelSeed);
  const labels = Int32Array.from({ length: rows }, () => random.int(classes));
  const hardLabelWeight = spec.hardLabelWeight ?? 0;
  const reduction = spec.reduction ?? 'batchmean';
  const teacherTemperature = spec.temperature ?? 1;
  const reference = distillationReference({
    student,
    teacher,
    rows,
    classes,
    labels,
    temperature: teacherTemperature,
    studentTemperature: spec.studentTemperature ?? teacherTemperature,
    hardLabelWeight,
    form: spec.form ?? 'kl',
    scaleByTemperatureSquared: spec.scaleByTemperatureSquared ?? true,
  });
  const upstream =
    spec.upstream === 'one'
      ? new Float32Array(reduction === 'none' ? rows : 1).fill(1)
      : realiseValues(
          { seed: spec.labelSeed ^ 0x7feb352d, style: 'normal', scale: 1 },
          reduction === 'none' ? rows : 1,
        );
  // 'batchmean' averages over rows: no rows give NaN.
  const divisor = reduction === 'batchmean' ? rows : 1;
  const total = reference.loss.reduce((sum, value) => sum + value, 0);
  const value =
    reduction === 'none' ? reference.loss : [rows === 0 && reduction === 'batchmean' ? Number.NaN : total / divisor];
  const valueMagnitude =
    reduction === 'none'
      ? reference.lossMagnitude
      : [reference.lossMagnitude.reduce((sum, entry) => sum + entry, 0) / Math.max(1, divisor)];
  const rowScale = (index: number): number => {
    const row = Math.floor(index / classes);
    return reduction === 'none' ? (upstream[row] as number) : (upstream[0] as number) / divisor;
  };
  const options: DistillationLossOptions<DistillationReduction> = {
    ...(spec.temperature === undefined ? {} : { temperature: spec.temperature }),
    ...(spec.studentTemperature === undefined ? {} : { studentTemperature: spec.studentTemperature }),
    ...(spec.hardLabelWeight === undefined ? {} : { hardLabelWeight: spec.hardLabelWeight }),
    ...(hardLabelWeight > 0 || random.uniform() < 0.5
      ? { labels: tf.tidy(() => tf.tensor(labels, spec.leading, 'int32').arraySync()) as number[] }
      : {}),
    ...(spec.form === undefined ? {} : { form: spec.form }),
    ...(spec.scaleByTemperatureSquared === undefined
      ? {}
      : { scaleByTemperatureSquared: spec.scaleByTemperatureSquared }),
    ...(spec.reduction === undefined ? {} : { reduction: spec.reduction }),
    ...(spec.checks === undefined ? {} : { checks: spec.checks }),
  };
  // Labels of an empty batch go as a tensor: a nested array cannot say which axis is empty.
  const labelsTensor =
    rows === 0 && options.labels !== undefined ? tf.tensor(labels, spec.leading, 'int32') : undefined;
  if (labelsTensor !== undefined) options.labels = labelsTensor;
  try {
    expectNoTensorLeak('distillationLoss', () => {
      const layout = new HeapLayout(spec.filler);
      try {
        const studentTensor = layout.tensor(() => tf.tensor(student, shape), 'student');
        const teacherTensor = layout.tensor(() => tf.tensor(teacher, shape), 'teacher');
        const dy = layout.tensor(() => tf.tensor(upstream, reduction === 'none' ? spec.leading : []), 'upstream');
        layout.hole(rows * classes, 'gradient');
        layout.openHoles();
        const result = distillationLoss(studentTensor, teacherTensor, options);
        layout.guardAfterOutput('value');
        const expectedShape = reduction === 'none' ? spec.leading : [];
        if (!tf.util.arraysEqual(result.shape, expectedShape)) {
          throw new Error(`value of shape [${result.shape.join(', ')}], expected [${expectedShape.join(', ')}]`);
        }
        // KL and cross-entropy rows are sums of non-negative terms; the bound adds 1e-6 per unit of the terms' size.
        expectWithin('value', result.dataSync(), value, FLOAT32_BOUND, valueMagnitude);
        result.dispose();
        const loss = (s: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(distillationLoss(s, t, options), dy));
        // With hardLabelWeight = 1 the teacher is not part of the loss at all (tf.grads would reject it): its gradient is 0 then too.
        const [studentGradient, teacherGradient] =
          hardLabelWeight < 1
            ? (tf.grads(loss)([studentTensor, teacherTensor]) as [tf.Tensor, tf.Tensor])
            : [tf.grad((s: tf.Tensor) => loss(s, teacherTensor))(studentTensor), tf.zerosLike(teacherTensor)];
        layout.guardAfterOutput('gradients');
        expectWithin(
          'gradient of the student logits',
          studentGradient.dataSync(),
          reference.gradient.map((entry, index) => entry * rowScale(index)),
          FLOAT32_BOUND,
          reference.gradientMagnitude.map((entry, index) => entry * Math.abs(rowScale(index))),
        );
        // The teacher is a constant.
        expectWithin('gradient of the teacher logits', teacherGradient.dataSync(), new Float64Array(rows * classes), {
          absolute: 0,
          relative: 0,
        });
        tf.dispose([studentGradient, teacherGradient]);
        expectSameBits('student logits after the call', studentTensor.dataSync(), student);
        layout.check('distillationLoss');
        expectUnrelatedOpsIntact('distillationLoss');
      } finally {
        layout.dispose();
      }
    });
  } finally {
    labelsTensor?.dispose();
  }
}

definePropertySuite({
  name: `distillationLoss properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'value and student gradient match float64 Hinton distillation for every option and rank; the teacher gets 0',
      arbitrary: distillationCase,
      check: checkCase,
      runs: 120,
    },
  ],
});
