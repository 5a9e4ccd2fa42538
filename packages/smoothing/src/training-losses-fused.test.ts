import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { RandomSource, type Reduction } from '@softlabels/core';
import { ConfidencePenaltyKernel, FocalLossKernel, fusedKernelsAvailable } from '@softlabels/core/kernels';
import { expectClose, expectNoLeak, spyOnKernel, withoutKernel } from '@softlabels/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { confidencePenaltyCrossEntropy } from './confidence-penalty-cross-entropy';
import { confidencePenaltyLoss } from './confidence-penalty-loss';
import { focalLoss } from './focal-loss';
import { focalLossForFit } from './focal-loss-for-fit';

// A fixed seed, in the test names so that a failure says which inputs it drew.
const seed = 20_261_203;
const near = { relative: 2e-5, absolute: 2e-6 };

afterEach(() => {
  vi.restoreAllMocks();
});

interface Loss {
  name: string;
  kernel: string;
  /** The public loss with the options of one case. */
  call: (logits: tf.Tensor, labels: tf.Tensor, reduction: Reduction) => tf.Tensor;
}

const losses: Loss[] = [
  {
    name: 'focalLoss (γ 2, ε 0.1, α)',
    kernel: FocalLossKernel,
    call: (logits, labels, reduction) =>
      focalLoss(logits, labels, { gamma: 2, epsilon: 0.1, alpha: [0.5, 1, 2, 1, 0.25], reduction }),
  },
  {
    name: "focalLoss ('flsd-53', ignoreIndex)",
    kernel: FocalLossKernel,
    call: (logits, labels, reduction) => focalLoss(logits, labels, { gamma: 'flsd-53', ignoreIndex: 3, reduction }),
  },
  {
    name: 'confidencePenaltyCrossEntropy (β 0.3, ε 0.1, class weights)',
    kernel: ConfidencePenaltyKernel,
    call: (logits, labels, reduction) =>
      confidencePenaltyCrossEntropy(logits, labels, {
        beta: 0.3,
        epsilon: 0.1,
        classWeights: [1, 2, 0.5, 1, 1.5],
        reduction,
      }),
  },
];

/** Value and logits gradient of `loss` (the gradient of Σ of the value). */
function valueAndGradient(loss: Loss, logits: tf.Tensor, labels: tf.Tensor, reduction: Reduction) {
  const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => tf.sum(loss.call(z, labels, reduction)) as tf.Scalar)(
    logits,
  );
  const direct = loss.call(logits, labels, reduction);
  const result = { value: Array.from(direct.dataSync()), gradient: grad.dataSync() };
  tf.dispose([value, grad, direct]);
  return result;
}

describe.runIf(fusedKernelsAvailable())(
  `focal loss and confidence penalty on ${tf.getBackend()} (seed ${seed})`,
  () => {
    const random = new RandomSource(seed);
    const logitValues = Array.from({ length: 2 * 3 * 5 }, () => 4 * random.normal());
    const labelValues = Array.from({ length: 6 }, () => random.int(5));

    it.each(
      losses.flatMap((loss) =>
        (['none', 'sum', 'mean'] as const).map((reduction) => [loss.name, reduction, loss] as const),
      ),
    )(
      '%s runs its fused kernel once per pass and equals the composed ops, reduction %s',
      async (_name, reduction, loss) => {
        const logits = tf.tensor3d(logitValues, [2, 3, 5]);
        const labels = tf.tensor2d(labelValues, [2, 3], 'int32');
        await expectNoLeak(async () => {
          const kernel = spyOnKernel(loss.kernel);
          const softmax = spyOnKernel('Softmax');
          const fused = valueAndGradient(loss, logits, labels, reduction);
          // One forward pass under valueAndGrad, one for the value; the gradient reuses the kernel's.
          expect(kernel.mock.results.filter((result) => result.type === 'return').length).toBe(2);
          expect(softmax).not.toHaveBeenCalled();
          kernel.mockRestore();
          softmax.mockRestore();
          const composed = await withoutKernel(loss.kernel, () => valueAndGradient(loss, logits, labels, reduction));
          expectClose(fused.value, composed.value, near);
          expectClose(fused.gradient, composed.gradient, near);
        });
        tf.dispose([logits, labels]);
      },
    );

    it('model.fit with focalLossForFit and confidencePenaltyLoss runs the fused kernels', async () => {
      for (const [kernelName, loss] of [
        [FocalLossKernel, focalLossForFit({ gamma: 2 })],
        [ConfidencePenaltyKernel, confidencePenaltyLoss({ beta: 0.2 })],
      ] as const) {
        const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 5, inputShape: [4] })] });
        model.compile({ optimizer: 'sgd', loss });
        const x = tf.tensor2d(
          Array.from({ length: 32 }, () => random.normal()),
          [8, 4],
        );
        const y = tf.oneHot(
          tf.tensor1d(
            Array.from({ length: 8 }, () => random.int(5)),
            'int32',
          ),
          5,
        );
        const kernel = spyOnKernel(kernelName);
        await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
        expect(kernel).toHaveBeenCalled();
        kernel.mockRestore();
        tf.dispose([x, y]);
        model.dispose();
      }
    });
  },
);
