import type * as WasmBackend from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

import { BackendUnavailableError } from '../errors/backend-unavailable-error';
import { installConvolutionKernels } from '../kernels/conv-net/install-convolution-kernels';
import { installFastGather } from './fast-gather';
import { installFastTransposedMatMul } from './fast-transposed-matmul';
import { installSharedIdentity } from './shared-identity';
import type { BackendName } from './backend-info';

/** Where the WASM backend finds its `.wasm` files (only bundlers need it; Node resolves them itself). */
export type WasmPaths =
  | string
  | Partial<
      Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>
    >;

const CUDA_PACKAGE = '@tensorflow/tfjs-node-gpu';
const CUDA_INSTALL =
  `install the optional peer '${CUDA_PACKAGE}@4.22.0' (npm install ${CUDA_PACKAGE}@4.22.0), which needs Linux x86-64, ` +
  'an NVIDIA driver with CUDA 11.2 and cuDNN 8.1, and network access to download libtensorflow during its install';

/** Whether Node can resolve the package from here, without loading it (its native addon may still be broken). */
async function isResolvable(specifier: string): Promise<boolean> {
  try {
    const { createRequire } = await import('node:module');
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

async function activate(tfName: string, backend: BackendName): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfName);
  } catch (cause) {
    throw new BackendUnavailableError({ backend, reason: `tfjs failed to initialise '${tfName}'.`, cause });
  }
  if (!ok) {
    throw new BackendUnavailableError({ backend, reason: `tfjs could not initialise the '${tfName}' backend.` });
  }
  await tf.ready();
}

async function loadWasm(wasmPaths: WasmPaths | undefined): Promise<void> {
  let wasm: typeof WasmBackend;
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (cause) {
    throw new BackendUnavailableError({
      backend: 'wasm',
      reason: "install '@tensorflow/tfjs-backend-wasm@4.22.0' (npm install @tensorflow/tfjs-backend-wasm@4.22.0).",
      cause,
    });
  }
  if (wasmPaths !== undefined) {
    wasm.setWasmPaths(wasmPaths as Parameters<typeof wasm.setWasmPaths>[0]);
  }
  installFastTransposedMatMul();
  installSharedIdentity();
  installFastGather();
  installConvolutionKernels();
  await activate('wasm', 'wasm');
}

async function loadCpu(): Promise<void> {
  try {
    await import('@tensorflow/tfjs-backend-cpu');
  } catch (cause) {
    throw new BackendUnavailableError({
      backend: 'cpu',
      reason: "install '@tensorflow/tfjs-backend-cpu@4.22.0' (npm install @tensorflow/tfjs-backend-cpu@4.22.0).",
      cause,
    });
  }
  await activate('cpu', 'cpu');
  // The cpu backend greets Node users once with a banner recommending tfjs-node; softlabels chose this backend on
  // purpose, so mark the greeting as done.
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null) cpu.firstUse = false;
}

async function loadCuda(): Promise<void> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) {
    throw new BackendUnavailableError({
      backend: 'cuda',
      reason: `it runs only in Node.js through ${CUDA_PACKAGE}; use 'wasm' in browsers.`,
    });
  }
  if (!(await isResolvable(CUDA_PACKAGE))) {
    throw new BackendUnavailableError({
      backend: 'cuda',
      reason: `'${CUDA_PACKAGE}' is not installed: ${CUDA_INSTALL}.`,
    });
  }
  // A variable specifier keeps bundlers from trying to resolve the optional native package.
  const specifier: string = CUDA_PACKAGE;
  try {
    await import(/* @vite-ignore */ specifier);
  } catch (cause) {
    const detail = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
    throw new BackendUnavailableError({
      backend: 'cuda',
      reason: `'${CUDA_PACKAGE}' is installed but failed to load (${detail}); reinstall it: ${CUDA_INSTALL}.`,
      cause,
    });
  }
  await activate('tensorflow', 'cuda');
}

/**
 * Loads and activates one backend, or throws {@link BackendUnavailableError}.
 * @internal
 */
export async function loadBackend(name: BackendName, wasmPaths: WasmPaths | undefined): Promise<void> {
  if (name === 'wasm') return loadWasm(wasmPaths);
  if (name === 'cpu') return loadCpu();
  return loadCuda();
}
