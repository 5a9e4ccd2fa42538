let registration: Promise<void> | undefined;

/**
 * Registers every tfjs gradient once. `@tensorflow/tfjs-core` alone registers none (so `tf.grad` fails with
 * "gradient function not found"), and its own `dist/register_all_gradients` cannot be imported from plain Node ESM.
 * Loading `@tensorflow/tfjs-layers` registers them all, in Node (ESM and CJS) and in vitest. The browser build of
 * `@softlabels/core` replaces this file with `register-gradients.browser.ts`, which needs no tfjs-layers.
 * @internal
 */
export function registerGradients(): Promise<void> {
  registration ??= import('@tensorflow/tfjs-layers').then(() => undefined);
  return registration;
}
