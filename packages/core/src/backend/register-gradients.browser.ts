import type { registerGradients as registerGradientsInNode } from './register-gradients';

let registration: Promise<void> | undefined;

/**
 * The browser build's `registerGradients`: bundlers read tfjs-core's ES modules, so its own
 * `dist/register_all_gradients` registers every gradient without loading `@tensorflow/tfjs-layers`.
 * @internal
 */
export const registerGradients: typeof registerGradientsInNode = () => {
  registration ??= import('@tensorflow/tfjs-core/dist/register_all_gradients').then(() => undefined);
  return registration;
};
