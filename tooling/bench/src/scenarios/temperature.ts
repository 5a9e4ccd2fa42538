import * as tf from '@tensorflow/tfjs-core';
import { createTemperatureNll, viewTensorData } from '@softlabels/core/kernels';

import type { Dataset } from '../datasets';
import { measure } from '../measure';
import type { Entry, ScenarioContext, ScenarioResult, Target } from '../scenario';

/** Newton's method on s = log T with the fused NLL kernel; stops when the step is below 1e-6 (the float32 kernel resolves log T to ~1e-7; ≤ 50 steps). */
export function fitLogTemperature(
  objective: (logTemperature: number) => { derivative: number; secondDerivative: number },
): {
  logTemperature: number;
  steps: number;
} {
  let logTemperature = 0;
  let steps = 0;
  while (steps < 50) {
    const { derivative, secondDerivative } = objective(logTemperature);
    steps += 1;
    // Newton where the objective is convex; a bounded gradient step otherwise.
    const step = secondDerivative > 0 ? derivative / secondDerivative : Math.sign(derivative) * 0.5;
    logTemperature -= Math.max(-2, Math.min(2, step));
    if (Math.abs(step) < 1e-6) break;
  }
  return { logTemperature, steps };
}

/** Temperature fit on held-out logits: ours (Newton on log T, fused NLL + derivatives) — the PyTorch LBFGS is the peer. */
export async function temperatureScenario(
  data: Dataset,
  targets: Target[],
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const { rows, classes, labels } = data;
  const logits = tf.tensor2d(data.logits, [rows, classes]);
  let fitted = { logTemperature: Number.NaN, steps: 0 };
  let nll = Number.NaN;
  context.step('ours');
  const ours = await measure(() => {
    const objective = createTemperatureNll({ logits: viewTensorData(logits) as Float32Array, rows, classes, labels });
    fitted = fitLogTemperature(objective);
    nll = objective(fitted.logTemperature).value / rows;
  }, context.repeats);
  logits.dispose();
  const entry: Entry = {
    name: 'ours',
    label: 'Newton on log T with createTemperatureNll (copy + passes)',
    measurement: ours,
    details: { temperature: Math.exp(fitted.logTemperature), nll, steps: fitted.steps },
  };
  return {
    id: `temperature-${rows}x${classes}`,
    title: 'temperature fit',
    size: `${rows}×${classes}`,
    entries: [entry],
    targets,
  };
}
