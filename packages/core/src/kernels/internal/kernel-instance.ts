import { kernelsWasmBase64 } from '../embedded/kernels-wasm';

/** What the fused kernels' WebAssembly module exports (see kernels/assembly/softlabels.ts for the contracts). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  reserve(bytes: number): number;
  expArray(input: number, output: number, count: number): void;
  lsceIndex(
    logits: number,
    rows: number,
    classes: number,
    labels: number,
    weights: number,
    q: number,
    epsilon: number,
    hasIgnore: number,
    ignoreIndex: number,
    gradientScale: number,
    loss: number,
    gradient: number,
  ): number;
  lsceProbability(
    logits: number,
    rows: number,
    classes: number,
    targets: number,
    weights: number,
    prior: number,
    epsilon: number,
    gradientScale: number,
    loss: number,
    gradient: number,
  ): void;
  calibrationLogits(
    logits: number,
    rows: number,
    classes: number,
    labels: number,
    bins: number,
    confidence: number,
    predicted: number,
    logSumExp: number,
    nll: number,
    counts: number,
    sums: number,
    hits: number,
  ): void;
  calibrationProbabilities(
    probabilities: number,
    rows: number,
    classes: number,
    labels: number,
    bins: number,
    confidence: number,
    predicted: number,
    nll: number,
    counts: number,
    sums: number,
    hits: number,
  ): void;
  temperatureNll(logits: number, rows: number, classes: number, labels: number, logTemperature: number, out: number): void;
}

let compiled: WebAssembly.Module | undefined;
let shared: KernelExports | undefined;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index += 1) bytes[index] = text.charCodeAt(index);
  return bytes;
}

function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(decode(kernelsWasmBase64));
  return compiled;
}

/** Whether this runtime can compile the kernels (WebAssembly with SIMD). Never throws. */
export function kernelsCompile(): boolean {
  try {
    kernelModule();
    return true;
  } catch {
    return false;
  }
}

/**
 * A fresh instance of the kernels with its own linear memory (for state that must stay resident between calls, like
 * the logits of a temperature fit). The module is compiled once, synchronously (15 kB, under every engine's limit).
 */
export function createKernelInstance(): KernelExports {
  return new WebAssembly.Instance(kernelModule(), {}).exports as unknown as KernelExports;
}

/** The instance shared by the one-shot kernel calls. Its memory grows to the largest input seen and stays so. */
export function sharedKernels(): KernelExports {
  shared ??= createKernelInstance();
  return shared;
}
