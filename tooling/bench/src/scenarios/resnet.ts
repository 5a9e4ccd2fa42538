import * as tfl from '@tensorflow/tfjs-layers';

import type { TrainingImages } from '../datasets';
import { fitEpochScenario } from '../fit-epoch';
import type { ScenarioContext, ScenarioResult, Target } from '../scenario';

type SymbolicTensor = tfl.SymbolicTensor;

function convBn(input: SymbolicTensor, filters: number, kernelSize: number, strides: number): SymbolicTensor {
  const conv = tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false });
  return tfl.layers.batchNormalization().apply(conv.apply(input)) as SymbolicTensor;
}

function relu(input: SymbolicTensor): SymbolicTensor {
  return tfl.layers.reLU().apply(input) as SymbolicTensor;
}

function residualBlock(input: SymbolicTensor, filters: number, strides: number): SymbolicTensor {
  const branch = convBn(relu(convBn(input, filters, 3, strides)), filters, 3, 1);
  const shortcut = strides === 1 ? input : convBn(input, filters, 1, strides);
  return relu(tfl.layers.add().apply([branch, shortcut]) as SymbolicTensor);
}

/**
 * A small ResNet (tfjs-layers functional model, NHWC). Every convolution is padding 'same' without bias and followed
 * by batch normalisation (tfjs-layers defaults: momentum 0.99, ε 1e-3):
 *
 * ```text
 * input 28×28×1
 * stem     conv 3×3 16, BN, relu                                          → 28×28×16
 * stage 1  block 16:  conv 3×3 16, BN, relu, conv 3×3 16, BN;
 *                     + identity; relu                                    → 28×28×16
 * stage 2  block 32:  conv 3×3 32 stride 2, BN, relu, conv 3×3 32, BN;
 *                     + projection conv 1×1 32 stride 2, BN; relu         → 14×14×32
 * stage 3  block 64:  conv 3×3 64 stride 2, BN, relu, conv 3×3 64, BN;
 *                     + projection conv 1×1 64 stride 2, BN; relu         → 7×7×64
 * global average pooling                                                  → 64
 * dense 10 (logits)                                     77 754 trainable parameters
 * ```
 */
export function buildResnet(): tfl.LayersModel {
  const input = tfl.input({ shape: [28, 28, 1] });
  let x = relu(convBn(input, 16, 3, 1));
  x = residualBlock(x, 16, 1);
  x = residualBlock(x, 32, 2);
  x = residualBlock(x, 64, 2);
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x) as SymbolicTensor;
  const logits = tfl.layers.dense({ units: 10 }).apply(pooled) as SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}

/** One `model.fit` epoch of {@link buildResnet} beside the PyTorch peer's (see {@link fitEpochScenario}). */
export async function resnetScenario(
  images: TrainingImages,
  targets: Target[],
  context: ScenarioContext,
): Promise<ScenarioResult> {
  return fitEpochScenario(
    { id: 'resnet', title: 'ResNet epoch 16-32-64, one block per stage', build: buildResnet },
    images,
    targets,
    context,
  );
}
