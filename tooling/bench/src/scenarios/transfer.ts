import * as tf from '@tensorflow/tfjs-core';
import { createTensorWith, viewTensorData } from '@softlabels/core/kernels';

import { measure } from '../measure';
import type { ScenarioContext, ScenarioResult } from '../scenario';

/**
 * Moving a `[rows, classes]` float32 tensor to a host array and back, as a kernel call does: ours reads the backend's
 * memory in place (viewTensorData) and writes a new tensor's memory in place (createTensorWith); the peer uses
 * `dataSync()` and `tf.tensor(values)`. Both copy into / out of a preallocated array standing in for kernel memory.
 */
export async function transferScenario(
  rows: number,
  classes: number,
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const size = rows * classes;
  const source = tf.tensor2d(
    Float32Array.from({ length: size }, (_, index) => index % 97),
    [rows, classes],
  );
  const staging = new Float32Array(size);
  context.step('ours');
  const ours = await measure(() => {
    staging.set(viewTensorData(source) as Float32Array);
    const back = createTensorWith([rows, classes], 'float32', (values) => values.set(staging));
    back.dispose();
  }, context.repeats);
  context.step('tfjs');
  const peer = await measure(() => {
    staging.set(source.dataSync() as Float32Array);
    const back = tf.tensor2d(staging, [rows, classes]);
    // The wasm backend copies on write; make sure the data is in place before timing stops.
    viewTensorData(back);
    back.dispose();
  }, context.repeats);
  source.dispose();
  return {
    id: `transfer-${rows}x${classes}`,
    title: 'tensor ⇄ host round trip',
    size: `${rows}×${classes}`,
    entries: [
      { name: 'ours', label: 'viewTensorData + createTensorWith (in place)', measurement: ours },
      { name: 'tfjs', label: 'dataSync() + tf.tensor2d(values)', measurement: peer },
    ],
    targets: [],
  };
}
