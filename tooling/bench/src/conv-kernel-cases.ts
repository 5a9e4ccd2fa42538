// The conv-net kernels the `conv-kernels` scenario times one by one, at the shapes of the CNN epoch (batch 128),
// through public tfjs ops only (tf.conv2d, tf.conv2dTranspose, tf.grad, tf.grads; Conv2DBackpropFilter has no public
// op and runs through tf.engine().runKernel). Imports nothing from softlabels: the stock-tfjs process runs it too.
import * as tf from '@tensorflow/tfjs-core';

/** The PyTorch peer's description of a case (NCHW, float32; see peers/torch_peer.py, kind 'conv-kernel'). */
export interface ConvKernelTorchOp {
  /** conv2d: F.conv2d; conv2d-weight / conv2d-input: torch.nn.grad.conv2d_weight / conv2d_input; max-pool and
   * batch-norm: forward + autograd backward. */
  op: 'conv2d' | 'conv2d-weight' | 'conv2d-input' | 'max-pool' | 'batch-norm';
  batch: number;
  height: number;
  width: number;
  channels: number;
  /** Output channels of the 3×3 'valid' convolution (conv ops only). */
  filters?: number;
}

/** One kernel case: what it runs, at which shape, and how to set it up. */
export interface ConvKernelCase {
  /** Stable id, e.g. 'conv2d-filter-grad-13x13x16-32'. */
  id: string;
  /** The tfjs kernel(s) it exercises, e.g. 'Conv2DBackpropFilter'. */
  title: string;
  /** The shape in words, e.g. 'x 128×13×13×16, dy 128×11×11×32 → 3×3×16×32'. */
  size: string;
  /** The public call that runs it. */
  call: string;
  /** tfjs kernels the case dispatches to directly (whether the stock backend has them decides its column). */
  kernels: string[];
  torch: ConvKernelTorchOp;
  /** Creates the inputs (seeded) and returns a function running the case once; `dispose` frees the inputs. */
  prepare(): { run: () => tf.Tensor[]; dispose: () => void };
}

const SEED = 5;

function normal(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', SEED + seed);
}

function conv2dCase(batch: number, height: number, width: number, channels: number, filters: number): ConvKernelCase {
  return {
    id: `conv2d-${height}x${width}x${channels}-${filters}`,
    title: 'Conv2D forward',
    size: `x ${batch}×${height}×${width}×${channels}, filter 3×3×${channels}×${filters}, valid`,
    call: "tf.conv2d(x, filter, 1, 'valid')",
    kernels: ['Conv2D'],
    torch: { op: 'conv2d', batch, height, width, channels, filters },
    prepare() {
      const x = normal([batch, height, width, channels], 0) as tf.Tensor4D;
      const filter = normal([3, 3, channels, filters], 1) as tf.Tensor4D;
      return { run: () => [tf.conv2d(x, filter, 1, 'valid')], dispose: () => tf.dispose([x, filter]) };
    },
  };
}

/**
 * The cases at batch `batch` (128 in the full run): Conv2D forward for both convolutions of the CNN, the second
 * one's filter and input gradients, 2×2 max-pooling forward + backward on the first one's output, and batch
 * normalisation in training (tf.moments + tf.batchNorm, as tfjs-layers' BatchNormalization, ε 1e-3) forward + backward
 * w.r.t. input, scale and offset at the ResNet's 14×14×32 stage.
 */
export function convKernelCases(batch: number): ConvKernelCase[] {
  const second = { height: 13, width: 13, channels: 16, filters: 32 };
  const inputShape: [number, number, number, number] = [batch, 13, 13, 16];
  const outputShape = [batch, 11, 11, 32];
  return [
    conv2dCase(batch, 28, 28, 1, 16),
    conv2dCase(batch, 13, 13, 16, 32),
    {
      id: 'conv2d-filter-grad-13x13x16-32',
      title: 'Conv2DBackpropFilter',
      size: `x ${batch}×13×13×16, dy ${batch}×11×11×32 → 3×3×16×32`,
      call: "tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { filterShape, … })",
      kernels: ['Conv2DBackpropFilter'],
      torch: { op: 'conv2d-weight', batch, ...second },
      prepare() {
        const x = normal(inputShape, 2);
        const dy = normal(outputShape, 3);
        const attrs = {
          strides: 1,
          pad: 'valid',
          dataFormat: 'NHWC',
          dimRoundingMode: undefined,
          filterShape: [3, 3, 16, 32],
        };
        return {
          run: () => [
            tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
          ],
          dispose: () => tf.dispose([x, dy]),
        };
      },
    },
    {
      id: 'conv2d-input-grad-13x13x16-32',
      title: 'Conv2DBackpropInput',
      size: `dy ${batch}×11×11×32, filter 3×3×16×32 → ${batch}×13×13×16`,
      call: "tf.conv2dTranspose(dy, filter, inputShape, 1, 'valid')",
      kernels: ['Conv2DBackpropInput'],
      torch: { op: 'conv2d-input', batch, ...second },
      prepare() {
        const dy = normal(outputShape, 4) as tf.Tensor4D;
        const filter = normal([3, 3, 16, 32], 5) as tf.Tensor4D;
        return {
          run: () => [tf.conv2dTranspose(dy, filter, inputShape, 1, 'valid')],
          dispose: () => tf.dispose([dy, filter]),
        };
      },
    },
    {
      id: 'max-pool-26x26x16',
      title: 'MaxPool + MaxPoolGrad',
      size: `x ${batch}×26×26×16, 2×2 stride 2, forward + backward`,
      call: "tf.grad(x => tf.maxPool(x, 2, 2, 'valid'))(x, dy)",
      kernels: ['MaxPool', 'MaxPoolGrad'],
      torch: { op: 'max-pool', batch, height: 26, width: 26, channels: 16 },
      prepare() {
        const x = normal([batch, 26, 26, 16], 6) as tf.Tensor4D;
        const dy = normal([batch, 13, 13, 16], 7) as tf.Tensor4D;
        const pool = tf.grad((input: tf.Tensor) => tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid'));
        return { run: () => [pool(x, dy)], dispose: () => tf.dispose([x, dy]) };
      },
    },
    {
      id: 'batch-norm-14x14x32',
      title: 'batch norm (training) fwd + bwd',
      size: `x ${batch}×14×14×32, moments + batchNorm, grads w.r.t. x, scale, offset`,
      call: 'tf.grads((x, scale, offset) => tf.batchNorm(x, …tf.moments(x, [0, 1, 2]), offset, scale, 1e-3))',
      kernels: ['FusedBatchNorm'],
      torch: { op: 'batch-norm', batch, height: 14, width: 14, channels: 32 },
      prepare() {
        const x = normal([batch, 14, 14, 32], 8);
        const dy = normal([batch, 14, 14, 32], 9);
        const scale = tf.tidy(() => tf.add(normal([32], 10), 1));
        const offset = normal([32], 11);
        const normalise = tf.grads((input: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
          const { mean, variance } = tf.moments(input, [0, 1, 2]);
          return tf.batchNorm(input, mean, variance, beta, gamma, 1e-3);
        });
        return { run: () => normalise([x, scale, offset], dy), dispose: () => tf.dispose([x, dy, scale, offset]) };
      },
    },
  ];
}

/**
 * Runs a case once and awaits its results' data (`readBack`), or leaves them in backend memory (the cpu and wasm
 * backends compute synchronously, so the work is done when the ops return); disposes them either way.
 */
export async function runCase(run: () => tf.Tensor[], readBack: boolean): Promise<void> {
  const outputs = run();
  if (readBack) await Promise.all(outputs.map((output) => output.data()));
  tf.dispose(outputs);
}
