import * as tf from '@tensorflow/tfjs-core';
import { RandomSource } from '@softlabels/core';
import { binaryFocalLoss, confidencePenaltyCrossEntropy, focalLoss } from '@softlabels/smoothing';

import { measure } from '../measure';
import type { ScenarioContext, ScenarioResult, Target } from '../scenario';

/** The training-time calibration losses benchmarked beside label smoothing, as the PyTorch peer names them. */
export type CalibrationLoss = 'focal' | 'binary-focal' | 'confidence-penalty';

const GAMMA = 2;
const BETA = 0.1;

const TITLES: Record<CalibrationLoss, string> = {
  focal: `focal loss (γ = ${GAMMA}) fwd+bwd`,
  'binary-focal': `binary focal loss (γ = ${GAMMA}, α = 0.25) fwd+bwd`,
  'confidence-penalty': `confidence penalty (β = ${BETA}) fwd+bwd`,
};

/**
 * One of the calibration losses, forward + backward w.r.t. `[rows, classes]` logits through the public
 * `@softlabels/smoothing` function under `tf.valueAndGrad` (validation and tape included). 'ours' leaves the gradient
 * in the backend's memory, as PyTorch's stays in its tensor (only the loss value is read back);
 * `gradientReadBackMs` also awaits `grad.data()`. Index labels for the softmax losses, hard 0/1 targets of the
 * logits' shape for the binary one.
 */
export async function calibrationLossScenario(
  loss: CalibrationLoss,
  rows: number,
  classes: number,
  targets: Target[],
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const random = new RandomSource(rows * 37 + classes);
  const logits = tf.tensor2d(
    Float32Array.from({ length: rows * classes }, () => 3 * random.normal()),
    [rows, classes],
  );
  const labels =
    loss === 'binary-focal'
      ? tf.tensor2d(
          Float32Array.from({ length: rows * classes }, () => random.int(2)),
          [rows, classes],
        )
      : tf.tensor1d(
          Int32Array.from({ length: rows }, () => random.int(classes)),
          'int32',
        );
  const lossOf = (z: tf.Tensor): tf.Scalar =>
    loss === 'focal'
      ? focalLoss(z, labels, { gamma: GAMMA })
      : loss === 'binary-focal'
        ? binaryFocalLoss(z, labels, { gamma: GAMMA })
        : confidencePenaltyCrossEntropy(z, labels, { beta: BETA });
  const valueAndGrad = tf.valueAndGrad(lossOf);
  const time = (readBack: boolean) =>
    measure(async () => {
      const { value, grad } = valueAndGrad(logits);
      if (readBack) await grad.data();
      await value.data();
      tf.dispose([value, grad]);
    }, context.repeats);

  context.step('ours');
  const notReadBack = await time(false);
  const readBack = await time(true);
  tf.dispose([logits, labels]);
  return {
    id: `${loss}-${rows}x${classes}`,
    title: TITLES[loss],
    size: `${rows}×${classes}`,
    entries: [
      {
        name: 'ours',
        label: `@softlabels/smoothing under tf.valueAndGrad on ${tf.getBackend()}, gradient left in backend memory`,
        measurement: notReadBack,
        details: { gradientReadBackMs: readBack.medianMs },
      },
    ],
    targets,
  };
}
