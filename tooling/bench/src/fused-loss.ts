// The thin tensor → kernel → tensor wrappers the benchmark times as "ours": a tensor's host memory is read in place
// (viewTensorData), the fused kernel runs once for loss and gradient ('mean' reduction folded into the kernel), and
// the gradient is written straight into a new tensor's memory (createTensorWith). tf.customGrad makes them usable
// inside tf.grad, tf.variableGrads and tfjs-layers' model.fit; the backward pass is free when dy = 1.
import * as tf from '@tensorflow/tfjs-core';
import { createTensorWith, lsceForwardBackward, viewTensorData } from '@softlabels/core/kernels';

/** The loss value and its gradient w.r.t. the logits as tensors, from one kernel call (no tape). */
export function fusedLsceValueAndGrad(
  logits: tf.Tensor,
  labels: Int32Array,
  epsilon: number,
): { value: tf.Scalar; grad: tf.Tensor } {
  const [rows, classes] = logits.shape as [number, number];
  let reduced = 0;
  const grad = createTensorWith(logits.shape, 'float32', (gradient) => {
    const result = lsceForwardBackward({
      logits: viewTensorData(logits) as Float32Array,
      rows,
      classes,
      labels,
      epsilon,
      reduction: 'mean',
      outputs: { gradient: gradient as Float32Array },
    });
    reduced = result.reduced as number;
  });
  return { value: tf.scalar(reduced), grad };
}

/** Label-smoothed CE ('mean') of logits `[rows, classes]` against integer labels, differentiable via tf.customGrad. */
export function fusedLsceIndex(logits: tf.Tensor, labels: Int32Array, epsilon: number): tf.Scalar {
  return fusedMean(logits, (z, gradient) => {
    const [rows, classes] = z.shape as [number, number];
    const logitsView = viewTensorData(z) as Float32Array;
    return lsceForwardBackward({
      logits: logitsView,
      rows,
      classes,
      labels,
      epsilon,
      reduction: 'mean',
      outputs: { gradient },
    });
  });
}

/** The same against probability (e.g. one-hot) targets `[rows, classes]`, as tfjs-layers passes `yTrue`. */
export function fusedLsceProbability(targets: tf.Tensor, logits: tf.Tensor, epsilon: number): tf.Scalar {
  return tf.tidy(() => {
    // tf.oneHot makes int32 targets; the kernel reads float32. The cpu backend's Cast to float32 keeps an int32
    // tensor's Int32Array, so a view that is not a Float32Array is converted here.
    const probabilities = targets.dtype === 'float32' ? targets : tf.cast(targets, 'float32');
    const view = viewTensorData(probabilities);
    const values = view instanceof Float32Array ? view : Float32Array.from(view);
    return fusedMean(logits, (z, gradient) => {
      const [rows, classes] = z.shape as [number, number];
      return lsceForwardBackward({
        logits: viewTensorData(z) as Float32Array,
        targets: values,
        rows,
        classes,
        epsilon,
        reduction: 'mean',
        outputs: { gradient },
      });
    });
  });
}

type Kernel = (logits: tf.Tensor, gradient: Float32Array) => { reduced: number | undefined };

function fusedMean(logits: tf.Tensor, kernel: Kernel): tf.Scalar {
  const loss = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
    let reduced = 0;
    const gradient = createTensorWith(z.shape, 'float32', (values) => {
      reduced = kernel(z, values as Float32Array).reduced as number;
    });
    save([gradient]);
    return {
      value: tf.scalar(reduced),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const upstream = dy.dataSync()[0] as number;
        const stored = saved[0] as tf.Tensor;
        // A same-shape reshape shares the memory (tf.clone copies on wasm).
        return upstream === 1 ? tf.reshape(stored, stored.shape) : tf.mul(stored, upstream);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return loss(logits) as tf.Scalar;
}
