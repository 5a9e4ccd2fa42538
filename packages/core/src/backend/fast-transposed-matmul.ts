import * as tf from '@tensorflow/tfjs-core';

import { replaceWasmKernel } from './replace-wasm-kernel';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * Makes transposed matrix products fast on the wasm backend, which training needs (installed by `initBackend`):
 * tfjs-backend-wasm 4.22 runs `BatchMatMul` with `transposeA`/`transposeB` set more than ten times slower than
 * without, and every backward pass of a dense layer asks for exactly those products. The replacement kernel
 * transposes the operand explicitly (a cheap copy) and calls the original kernel untransposed; results are identical
 * up to float32 summation order. Idempotent; other backends are untouched.
 * @internal
 */
export function installFastTransposedMatMul(): void {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose === undefined) return;
  const swapLast = (rank: number): number[] => [
    ...Array.from({ length: rank - 2 }, (_, axis) => axis),
    rank - 1,
    rank - 2,
  ];
  replaceWasmKernel(
    'BatchMatMul',
    (original) =>
      function fastTransposedBatchMatMul(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
        const { inputs, attrs } = args;
        const backend = args.backend as tf.KernelBackend;
        const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
        if (!transposeA && !transposeB) return original.kernelFunc(args);
        const a = inputs.a as tf.TensorInfo;
        const b = inputs.b as tf.TensorInfo;
        const flip = (x: tf.TensorInfo): tf.TensorInfo =>
          transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm: swapLast(x.shape.length) } }) as tf.TensorInfo;
        // The transposed copies are freed whatever the product does (tfjs's own shape errors included).
        const copies: tf.TensorInfo[] = [];
        try {
          const left = transposeA ? flip(a) : a;
          if (left !== a) copies.push(left);
          const right = transposeB ? flip(b) : b;
          if (right !== b) copies.push(right);
          return original.kernelFunc({
            inputs: { a: left, b: right },
            backend,
            attrs: { ...attrs, transposeA: false, transposeB: false },
          });
        } finally {
          for (const copy of copies) backend.disposeData(copy.dataId);
        }
      },
  );
}
