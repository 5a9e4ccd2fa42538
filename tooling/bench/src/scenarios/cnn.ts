import * as tfl from '@tensorflow/tfjs-layers';

import type { TrainingImages } from '../datasets';
import { fitEpochScenario } from '../fit-epoch';
import type { ScenarioContext, ScenarioResult, Target } from '../scenario';

/**
 * The two-convolution net, tfjs-layers defaults (padding 'valid', biases, Glorot-uniform kernels), NHWC:
 *
 * ```text
 * input 28×28×1
 * → conv2d 16 filters 3×3, relu   → 26×26×16   (160 parameters)
 * → maxPooling2d 2×2             → 13×13×16
 * → conv2d 32 filters 3×3, relu   → 11×11×32   (4 640)
 * → maxPooling2d 2×2             → 5×5×32
 * → flatten                      → 800
 * → dense 10 (logits)                          (8 010)     12 810 trainable parameters
 * ```
 */
export function buildCnn(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 10 }));
  return model;
}

/** One `model.fit` epoch of {@link buildCnn} beside the PyTorch peer's (see {@link fitEpochScenario}). */
export async function cnnScenario(
  images: TrainingImages,
  targets: Target[],
  context: ScenarioContext,
): Promise<ScenarioResult> {
  return fitEpochScenario(
    { id: 'cnn', title: 'CNN epoch conv16-pool-conv32-pool-dense10', build: buildCnn },
    images,
    targets,
    context,
  );
}
