import type * as WasmBackend from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

import { BackendUnavailableError } from '../errors/backend-unavailable-error';
import { installConvolutionKernels } from '../kernels/conv-net/install-convolution-kernels';
import { installFastGather } from './fast-gather';
import { installFastTransposedMatMul } from './fast-transposed-matmul';
import { installSharedIdentity } from './shared-identity';
import { type BackendName, tensorflowBackendKind } from './backend-info';
import { isResolvable } from './is-resolvable';
import { keepProcessHandlers } from './keep-process-handlers';

/**
 * Where the WASM backend finds its `.wasm` files (only browsers need it; Node reads them from the package): the URL
 * of the folder that holds all three, or the URL of each.
 */
export type WasmPaths =
  | string
  | Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>;

/** The optional native peers: TensorFlow's C library through Node bindings, with CUDA or on the CPU. */
const NATIVE_PACKAGES = {
  cuda: {
    name: '@tensorflow/tfjs-node-gpu',
    needs: 'Linux x86-64, an NVIDIA driver with CUDA 11.2 and cuDNN 8.1, and network access to download libtensorflow',
  },
  node: {
    name: '@tensorflow/tfjs-node',
    needs: 'Linux, macOS or Windows on x86-64 (or Linux arm64), and network access to download libtensorflow',
  },
} as const;

function installHint(backend: 'cuda' | 'node'): string {
  const { name, needs } = NATIVE_PACKAGES[backend];
  return `install the optional peer '${name}@4.22.0' (npm install ${name}@4.22.0), which needs ${needs} during its install`;
}

/** The README section a browser user reads for the wasm backend's files. */
const WASM_RECIPE =
  'In a browser the wasm backend fetches its .wasm files at run time: copy tfjs-backend-wasm.wasm, ' +
  'tfjs-backend-wasm-simd.wasm and tfjs-backend-wasm-threaded-simd.wasm from ' +
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/ to a folder your site serves (Vite: public/) and pass its URL ' +
  "as options.wasmPaths, e.g. initBackend({ backend: 'wasm', wasmPaths: '/' }); see 'In the browser' in the " +
  'README of @softlabels/core.';

function runsInNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof process?.versions?.node === 'string';
}

async function activate(tfName: string, backend: BackendName, hint = ''): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfName);
  } catch (cause) {
    throw new BackendUnavailableError({ backend, reason: `tfjs failed to initialise '${tfName}'.${hint}`, cause });
  }
  if (!ok) {
    throw new BackendUnavailableError({ backend, reason: `tfjs could not initialise the '${tfName}' backend.${hint}` });
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
  let hint = '';
  if (!runsInNode()) {
    hint =
      wasmPaths === undefined
        ? ` No options.wasmPaths was given. ${WASM_RECIPE}`
        : ` Check that options.wasmPaths (${JSON.stringify(wasmPaths)}) serves the .wasm files. ${WASM_RECIPE}`;
  }
  await keepProcessHandlers(() => activate('wasm', 'wasm', hint));
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

/**
 * Whether the optional native peer of `backend` is installed here (in Node; never in browsers).
 * @internal
 */
export async function nativePeerInstalled(backend: 'cuda' | 'node'): Promise<boolean> {
  return runsInNode() && (await isResolvable(NATIVE_PACKAGES[backend].name));
}

/**
 * Activates tfjs's `tensorflow` backend: the one the application registered by importing tfjs-node or
 * tfjs-node-gpu, or else the optional peer of `backend`, loaded with a dynamic import. Fails when the backend that
 * runs is not the kind asked for (tfjs-node when CUDA was asked for, tfjs-node-gpu that found no GPU).
 */
async function loadNative(backend: 'cuda' | 'node'): Promise<void> {
  const { name } = NATIVE_PACKAGES[backend];
  if (!runsInNode()) {
    throw new BackendUnavailableError({
      backend,
      reason: `it runs only in Node.js through ${name}; use 'wasm' in browsers.`,
    });
  }
  if (tf.findBackendFactory('tensorflow') === null) {
    if (!(await isResolvable(name))) {
      throw new BackendUnavailableError({ backend, reason: `'${name}' is not installed: ${installHint(backend)}.` });
    }
    // A variable specifier keeps bundlers from trying to resolve the optional native package.
    const specifier: string = name;
    try {
      await import(/* @vite-ignore */ specifier);
    } catch (cause) {
      const detail = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
      throw new BackendUnavailableError({
        backend,
        reason: `'${name}' is installed but failed to load (${detail}); reinstall it: ${installHint(backend)}.`,
        cause,
      });
    }
  }
  const previous = tf.getBackend() as string | undefined;
  await activate('tensorflow', backend);
  const running = tensorflowBackendKind(tf.backend());
  if (running !== backend) {
    if (typeof previous === 'string' && previous !== 'tensorflow') await tf.setBackend(previous);
    throw new BackendUnavailableError({
      backend,
      reason:
        running === 'cuda'
          ? "the 'tensorflow' backend of this process is @tensorflow/tfjs-node-gpu on a GPU; ask for 'cuda'."
          : "the 'tensorflow' backend of this process runs on the CPU (@tensorflow/tfjs-node, or " +
            "@tensorflow/tfjs-node-gpu that found no CUDA GPU); ask for 'node', or fix the CUDA setup.",
    });
  }
}

/**
 * Loads and activates one backend, or throws {@link BackendUnavailableError}.
 * @internal
 */
export async function loadBackend(name: BackendName, wasmPaths: WasmPaths | undefined): Promise<void> {
  if (name === 'wasm') return loadWasm(wasmPaths);
  if (name === 'cpu') return loadCpu();
  return loadNative(name);
}
