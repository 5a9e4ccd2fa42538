import * as tf from '@tensorflow/tfjs-core';

const replaced = new Set<string>();

/**
 * Replaces tfjs-backend-wasm's kernel `name` with `make(original)`, once (later calls do nothing), keeping the
 * original's registration fields; nothing happens while the wasm backend's kernel is not registered. The replacement
 * may call the original for the cases it does not take.
 * @internal
 */
export function replaceWasmKernel(name: string, make: (original: tf.KernelConfig) => tf.KernelFunc): void {
  if (replaced.has(name)) return;
  const original = tf.getKernel(name, 'wasm');
  if (original === undefined) return;
  const kernelFunc = make(original);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
  replaced.add(name);
}
