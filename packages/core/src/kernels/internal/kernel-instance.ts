import { kernelsWasmBase64, sharedKernelsWasmBase64 } from '../embedded/kernels-wasm';

/** The kernel functions of the WebAssembly module (see assembly/softlabels.ts for the contracts). */
export interface KernelFunctions {
  bindTable(table: number): void;
  reserve(bytes: number): number;
  expArray(input: number, output: number, count: number): void;
  expNegativeArray(input: number, output: number, count: number): void;
  lnArray(input: number, output: number, count: number): void;
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
  ): void;
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
  ): number;
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
  ): number;
  temperatureNll(logits: number, rows: number, classes: number, labels: number, beta: number, out: number): void;
  focalRows(
    logits: number,
    rows: number,
    classes: number,
    labels: number,
    targets: number,
    alpha: number,
    epsilon: number,
    gamma: number,
    gammaLow: number,
    threshold: number,
    hasIgnore: number,
    ignoreIndex: number,
    gradientScale: number,
    loss: number,
    gradient: number,
  ): void;
  confidencePenaltyRows(
    logits: number,
    rows: number,
    classes: number,
    labels: number,
    targets: number,
    weights: number,
    q: number,
    epsilon: number,
    hasIgnore: number,
    ignoreIndex: number,
    ceScale: number,
    penaltyScale: number,
    loss: number,
    entropy: number,
    gradient: number,
  ): void;
  convForward(
    x: number,
    pixelBase: number,
    pixels: number,
    kOffset: number,
    taps: number,
    w: number,
    channels: number,
    paddedChannels: number,
    bias: number,
    relu: number,
    out: number,
    outBase: number,
  ): void;
  convFilterGradient(
    x: number,
    pixelBase: number,
    first: number,
    end: number,
    kOffset: number,
    taps: number,
    dy: number,
    channels: number,
    paddedChannels: number,
    dw: number,
  ): void;
  padInto(
    source: number,
    images: number,
    height: number,
    width: number,
    channels: number,
    target: number,
    paddedHeight: number,
    paddedWidth: number,
    top: number,
    left: number,
  ): void;
  columnSums(x: number, rows: number, columns: number, scale: number, scratch: number, out: number): void;
  normalizeRows(
    x: number,
    rows: number,
    columns: number,
    shift: number,
    factor: number,
    offset: number,
    out: number,
  ): void;
  rowVectorOp(x: number, rows: number, columns: number, v: number, out: number, op: number): void;
  linearSoftmaxScratchBytes(classes: number): number;
  linearSoftmaxProbabilityRows(
    x: number,
    rows: number,
    classes: number,
    theta: number,
    out: number,
    scratch: number,
  ): void;
  multiplyTransposedRows(a: number, rows: number, inner: number, b: number, outer: number, out: number): void;
  linearSoftmaxRows(
    x: number,
    rows: number,
    classes: number,
    labels: number,
    theta: number,
    gradient: number,
    scratch: number,
  ): number;
  linearScoreRows(x: number, rows: number, classes: number, theta: number, out: number, scratch: number): void;
  softmaxLineRows(
    scores: number,
    rows: number,
    direction: number,
    classes: number,
    labels: number,
    step: number,
    slope: number,
  ): number;
  softmaxAdvanceRows(
    x: number,
    rows: number,
    classes: number,
    labels: number,
    scores: number,
    direction: number,
    step: number,
    gradient: number,
    scratch: number,
  ): number;
  poolGradient(
    average: number,
    x: number,
    dy: number,
    dx: number,
    images: number,
    height: number,
    width: number,
    channels: number,
    outHeight: number,
    outWidth: number,
    filterHeight: number,
    filterWidth: number,
    strideY: number,
    strideX: number,
    top: number,
    left: number,
  ): void;
}

/** The names of the row kernels, in the order worker threads number them. */
export const ROW_KERNELS = [
  'lsceIndex',
  'lsceProbability',
  'calibrationLogits',
  'calibrationProbabilities',
  'temperatureNll',
  'focalRows',
  'confidencePenaltyRows',
  'linearSoftmaxRows',
  'linearSoftmaxProbabilityRows',
  'multiplyTransposedRows',
  'linearScoreRows',
  'softmaxLineRows',
  'softmaxAdvanceRows',
] as const;
/** The convolution kernels worker threads also run (numbered after the row kernels). */
export const CONVOLUTION_KERNELS = ['convForward', 'convFilterGradient'] as const;
/** Every kernel a worker thread can run, in the order they are numbered. */
export const WORKER_KERNELS = [...ROW_KERNELS, ...CONVOLUTION_KERNELS] as const;
export type WorkerKernelName = (typeof WORKER_KERNELS)[number];
export type RowKernelName = (typeof ROW_KERNELS)[number];

/** An instance of the kernels and the memory it is bound to. */
export interface Kernels extends KernelFunctions {
  readonly memory: WebAssembly.Memory;
}

const compiled: { plain?: WebAssembly.Module; shared?: WebAssembly.Module } = {};
let own: Kernels | undefined;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index += 1) bytes[index] = text.charCodeAt(index);
  return bytes;
}

/** The compiled module importing a plain (`'plain'`) or a shared (`'shared'`) memory; compiled once, synchronously. */
export function kernelModule(kind: 'plain' | 'shared'): WebAssembly.Module {
  compiled[kind] ??= new WebAssembly.Module(decode(kind === 'plain' ? kernelsWasmBase64 : sharedKernelsWasmBase64));
  return compiled[kind];
}

/** Whether this runtime can compile the kernels (WebAssembly with SIMD). Never throws. */
export function kernelsCompile(): boolean {
  try {
    kernelModule('plain');
    return true;
  } catch {
    return false;
  }
}

/**
 * An instance of the kernels bound to `memory` (a plain memory: the plain module; a shared one: the shared module).
 * Instantiation writes nothing to the memory (the module has no data segments), so it may be someone else's, such as
 * the heap of tfjs's WASM backend. Before a kernel runs, the exp table must be placed: `reserve` does so in memory the
 * instance owns, `bindTable` anywhere else.
 */
export function instantiateKernels(memory: WebAssembly.Memory): Kernels {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const instance = new WebAssembly.Instance(kernelModule(shared ? 'shared' : 'plain'), { env: { memory } });
  return { ...(instance.exports as unknown as KernelFunctions), memory };
}

/**
 * A fresh instance with a memory of its own (for state that must stay resident between calls, like the logits of a
 * temperature fit); the memory is freed with the instance.
 */
export function createOwnKernels(): Kernels {
  return instantiateKernels(new WebAssembly.Memory({ initial: 1 }));
}

/** The own-memory instance shared by one-shot calls. Its memory grows to the largest input seen and stays so. */
export function ownKernels(): Kernels {
  own ??= createOwnKernels();
  return own;
}
