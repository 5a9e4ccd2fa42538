import { sharedKernels } from './kernel-instance';
import { f32View, KernelLayout } from './kernel-layout';

/** exp of each value with the kernels' SIMD polynomial (for testing its accuracy). */
export function fastExp(values: Float32Array): Float32Array {
  const kernels = sharedKernels();
  const layout = new KernelLayout();
  const input = layout.slot('f32', values.length);
  const output = layout.slot('f32', values.length);
  layout.commit(kernels);
  f32View(kernels, input).set(values);
  kernels.expArray(input.pointer, output.pointer, values.length);
  return f32View(kernels, output).slice();
}
