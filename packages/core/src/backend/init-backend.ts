import * as tf from '@tensorflow/tfjs-core';

import { BackendUnavailableError } from '../errors/backend-unavailable-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { readOptions } from '../options/read-options';
import { checkChoice } from '../validation/check-number';
import { type BackendInfo, type BackendName, describeBackend } from './backend-info';
import { loadBackend, nativePeerInstalled, type WasmPaths } from './load-backend';
import { registerFusedKernels } from '../kernels/register-fused-kernels';
import { registerGradients } from './register-gradients';
import { warnOnce } from '../warnings/warning-channel';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Which backend to use. `'auto'` (default) keeps an active `tensorflow` backend (the application imported
   * `@tensorflow/tfjs-node` or `@tensorflow/tfjs-node-gpu`), else prefers `cuda` when `@tensorflow/tfjs-node-gpu` is
   * installed and loads, else `wasm`, else `cpu`; when a preferred one fails it says why (`fallbackReason` and one
   * `backend-fallback` warning).
   */
  backend?: 'auto' | BackendName;
  /**
   * Where the WASM backend fetches its `.wasm` files. Not needed in Node. In a bundled browser app (Vite), the URL of
   * the folder you copied the three files of `@tensorflow/tfjs-backend-wasm/dist/` to (`'/'` for Vite's `public/`),
   * or a map from each file name to its URL (e.g. from `?url` imports).
   */
  wasmPaths?: WasmPaths;
}

const BACKENDS = ['auto', 'wasm', 'cpu', 'cuda', 'node'] as const;

/**
 * Normalises and checks the options of {@link initBackend}.
 * @internal
 */
export function prepareInitBackendOptions(options: unknown): {
  backend: (typeof BACKENDS)[number];
  wasmPaths: WasmPaths | undefined;
} {
  const { backend = 'auto', wasmPaths } = readOptions(options, ['backend', 'wasmPaths'], 'initBackend');
  return {
    backend: checkChoice(backend, BACKENDS, 'options.backend', 'initBackend'),
    wasmPaths: readWasmPaths(wasmPaths),
  };
}

const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

/**
 * Reads `options.wasmPaths`: a non-empty URL prefix, or a map from each of the three .wasm file names to a non-empty
 * URL (tfjs-backend-wasm refuses a map that lacks one).
 */
function readWasmPaths(wasmPaths: unknown): WasmPaths | undefined {
  if (wasmPaths === undefined || (typeof wasmPaths === 'string' && wasmPaths.length > 0)) return wasmPaths;
  const fail = (parameter: string, value: unknown): never => {
    throw new InvalidArgumentError({
      functionName: 'initBackend',
      parameter,
      value,
      expected:
        parameter === 'options.wasmPaths'
          ? 'be a URL prefix string or a map from .wasm file name to URL'
          : 'be a non-empty URL string',
    });
  };
  if (typeof wasmPaths !== 'object' || wasmPaths === null) return fail('options.wasmPaths', wasmPaths);
  const map = readOptions(wasmPaths, WASM_FILES, 'initBackend', 'options.wasmPaths');
  const entries = Object.entries(map);
  const missing = WASM_FILES.filter((file) => !(file in map));
  if (missing.length > 0) {
    throw new InvalidArgumentError({
      functionName: 'initBackend',
      parameter: 'options.wasmPaths',
      value: wasmPaths,
      expected: `be a URL prefix string or a map naming all three .wasm files (${WASM_FILES.join(', ')})`,
      got: `a map without ${missing.join(', ')}`,
    });
  }
  for (const [file, url] of entries) {
    if (typeof url !== 'string' || url.length === 0) fail(`options.wasmPaths.${file}`, url);
  }
  return map as WasmPaths;
}

/**
 * Activates a TensorFlow.js backend for softlabels, registers all gradients (so `tf.grad` and `model.fit` work) and
 * the fused kernels (`registerFusedKernels` of `@softlabels/core/kernels`), and reports what is running.
 *
 * - `'wasm'`: WASM with SIMD where the runtime supports it (Node 20 does); one thread in Node. Three of its kernels
 *   are replaced: transposed `BatchMatMul` (ten times faster), `Identity` (shares data instead of copying, as on cpu)
 *   and `GatherV2` on axis 0 (whole rows: batch slicing fifty times faster). Conv nets train on it: `initBackend`
 *   registers the `Conv2DBackpropFilter` it lacks and replaces the slow kernels of a conv-net training step
 *   (convolutions and their gradients, pooling gradients, batch norm, bias sums) with SIMD kernels (NHWC float32,
 *   dilation 1; other cases keep tfjs's kernels).
 * - `'cpu'`: the pure-JS backend (slow, but always there).
 * - `'cuda'`: the optional peer `@tensorflow/tfjs-node-gpu` on a CUDA GPU, loaded only when asked for (or by `'auto'`
 *   when it is installed); when it is missing, its native addon fails or it finds no GPU, the promise rejects with
 *   {@link BackendUnavailableError} saying how to install it.
 * - `'node'`: the optional peer `@tensorflow/tfjs-node` (TensorFlow's C library on the CPU), loaded only when asked
 *   for; an application that imported it itself keeps it under `'auto'` too.
 *
 * In a browser without `wasmPaths`, `'wasm'` rejects with a {@link BackendUnavailableError} that says where to copy
 * the `.wasm` files from and how to pass `wasmPaths`, and `'auto'` falls back to `cpu` with that as its
 * `fallbackReason`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { initBackend } from '@softlabels/core';
 *
 * const info = await initBackend({ backend: 'wasm' });
 * console.log(info); // { name: 'wasm', simd: true, threads: 1, floatPrecision: 32 }
 * const slope = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)));
 * console.log(slope(tf.tensor1d([1, 2])).arraySync()); // [2, 4]
 * ```
 */
export async function initBackend(options?: InitBackendOptions): Promise<BackendInfo> {
  const { backend, wasmPaths } = prepareInitBackendOptions(options);
  await registerGradients();
  registerFusedKernels();
  let fallbackReason: string | undefined;
  if (backend === 'auto') fallbackReason = await loadPreferredBackend(wasmPaths);
  else await loadBackend(backend, wasmPaths);
  const info = await describeBackend();
  if (info === undefined) {
    throw new BackendUnavailableError({ backend, reason: 'tfjs activated a backend softlabels does not know.' });
  }
  if (fallbackReason === undefined) return info;
  warnOnce({
    code: 'backend-fallback',
    functionName: 'initBackend',
    message: `initBackend() runs on '${info.name}' because ${fallbackReason} (also in BackendInfo.fallbackReason).`,
  });
  return { ...info, fallbackReason };
}

/**
 * `'auto'`: keeps an active `tensorflow` backend (the application imported tfjs-node or tfjs-node-gpu), else loads
 * the first of cuda (when tfjs-node-gpu is installed), wasm and cpu that loads. Returns why a preferred one failed,
 * or undefined when the first one tried runs.
 */
async function loadPreferredBackend(wasmPaths: WasmPaths | undefined): Promise<string | undefined> {
  if (tf.getBackend() === 'tensorflow') {
    await tf.ready();
    return undefined;
  }
  const candidates: BackendName[] = [
    ...((await nativePeerInstalled('cuda')) ? (['cuda'] as const) : []),
    'wasm',
    'cpu',
  ];
  const failures: BackendUnavailableError[] = [];
  for (const candidate of candidates) {
    try {
      await loadBackend(candidate, wasmPaths);
      return failures.length === 0 ? undefined : failures.map((failure) => failure.message).join(' ');
    } catch (error) {
      if (!BackendUnavailableError.isInstance(error)) throw error;
      failures.push(error);
    }
  }
  throw new BackendUnavailableError({
    backend: 'auto',
    reason: `no backend could be loaded (${failures.map((failure) => failure.message).join('; ')})`,
    cause: failures,
  });
}
