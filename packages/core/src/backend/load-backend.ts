import type * as WasmBackend from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

import { BackendUnavailableError } from '../errors/backend-unavailable-error';
import type { BackendName } from './backend-info';

/** Where the WASM backend finds its `.wasm` files (only bundlers need it; Node resolves them itself). */
export type WasmPaths = string | Partial<Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>>;

const CUDA_PACKAGE = '@tensorflow/tfjs-node-gpu';
const CUDA_INSTALL =
  `install the optional peer '${CUDA_PACKAGE}@4.22.0' (npm install ${CUDA_PACKAGE}@4.22.0), which needs Linux x86-64, ` +
  'an NVIDIA driver with CUDA 11.2 and cuDNN 8.1, and network access to download libtensorflow during its install';

function isMissingModule(error: unknown, specifier: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(error.message)) &&
    error.message.includes(specifier)
  );
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
  // A variable specifier keeps bundlers from trying to resolve the optional native package.
  const specifier: string = CUDA_PACKAGE;
  try {
    await import(/* @vite-ignore */ specifier);
  } catch (cause) {
    const reason = isMissingModule(cause, specifier)
      ? `'${CUDA_PACKAGE}' is not installed: ${CUDA_INSTALL}.`
      : `'${CUDA_PACKAGE}' is installed but its native addon failed to load ` +
        `(${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}); reinstall it: ${CUDA_INSTALL}.`;
    throw new BackendUnavailableError({ backend: 'cuda', reason, cause });
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
