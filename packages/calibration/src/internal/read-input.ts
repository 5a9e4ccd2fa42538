import * as tf from '@tensorflow/tfjs-core';
import {
  checkFinite,
  checkLabels,
  checkLiveTensor,
  InvalidArgumentError,
  readHostVector,
  rowsLookLikeProbabilities,
  ShapeMismatchError,
  warnOnce,
  type NumericData,
} from '@softlabels/core';
import { viewTensorData } from '@softlabels/core/kernels';
import { isRuntimeTensor, readRuntimeTensor } from './read-runtime-tensor';

/** Host values in the precision they came in: float64 for number arrays, the tensor's own type for tensors. */
export type HostValues =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Uint32Array
  | Uint8ClampedArray;

/** Rows of scores read from the user's input, validated. */
export interface HostRows {
  kind: 'logits' | 'probabilities';
  /**
   * The scores, row-major, in the precision they came in. For a float32 tensor a getter over a view of the backend's
   * memory, taken again when a kernel call has detached it (see {@link readHost}): read `values` after the last kernel
   * call instead of keeping the array it returned.
   */
  readonly values: HostValues;
  rows: number;
  classes: number;
  /** The argument the scores came from and the function reading them, for errors raised by a later pass. */
  parameter: string;
  functionName: string;
  /**
   * Whether NaN and ±∞ are ruled out. False only for logits whose scan was left to the fused kernel pass that follows
   * (see {@link readRowsOfKind}): that pass rejects them itself, and its caller names the value with `checkFinite`.
   */
  finiteChecked: boolean;
  /** The shape the scores came in (`[N]` for the binary form). */
  shape: readonly number[];
  /** Whether they came in scikit-learn's binary form: one value per row for class 1 (see `CalibrationInput`). */
  binaryForm: boolean;
}

/** {@link HostRows} together with their validated labels. */
export interface LabelledRows extends HostRows {
  labels: Int32Array;
}

interface HostArray {
  readonly values: HostValues;
  shape: number[];
}

const kindsOfInput = "be an object with exactly one of 'logits' or 'probabilities'";
const numericData = 'be a tensor, a (nested) number array, a typed array or a { data, dims } tensor';

function typedArray(value: unknown): value is HostValues {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  );
}

/** The deepest nesting read from arrays (as `toTensor` of `@softlabels/core`): deeper input is refused unwalked. */
const MAX_NESTING = 32;

/** The lengths of the first element at each level, down to a non-array or to one level past {@link MAX_NESTING}. */
function nestedShape(value: unknown): number[] {
  const shape: number[] = [];
  let level = value;
  while ((Array.isArray(level) || typedArray(level)) && shape.length <= MAX_NESTING) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = (level as ArrayLike<unknown>)[0];
  }
  return shape;
}

/**
 * Copies a rectangular nested array of two to {@link MAX_NESTING} levels (`[..., K]`, rows of numbers or typed arrays)
 * into float64, checking every level's length and every leaf's type. One level is read by `readHostVector` of
 * `@softlabels/core`.
 */
function flattenNested(value: unknown[], parameter: string, functionName: string): HostArray {
  const shape = nestedShape(value);
  if (shape.length > MAX_NESTING) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value,
      expected: `${numericData} nested at most ${MAX_NESTING} levels deep`,
      got: 'an array nested deeper',
    });
  }
  const size = shape.reduce((product, length) => product * length, 1);
  const out = new Float64Array(size);
  let cursor = 0;
  const fail = (got: string): never => {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value,
      expected: `${numericData} of shape [${shape.join(', ')}]`,
      got,
    });
  };
  const walk = (level: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof level !== 'number') fail(`a ${typeof level} leaf at flat index ${cursor}`);
      out[cursor] = level as number;
      cursor += 1;
      return;
    }
    if (!(Array.isArray(level) || typedArray(level)) || level.length !== shape[depth]) {
      fail(
        `a ragged array (a level of length ${Array.isArray(level) || typedArray(level) ? level.length : 'none'} ` +
          `where ${shape[depth]} was expected)`,
      );
    }
    const items = level as ArrayLike<unknown>;
    if (depth === shape.length - 1 && typedArray(items)) {
      for (let index = 0; index < items.length; index += 1) out[cursor + index] = items[index] as number;
      cursor += items.length;
      return;
    }
    for (let index = 0; index < items.length; index += 1) walk(items[index], depth + 1);
  };
  walk(value, 0);
  return { values: out, shape };
}

/**
 * The values of a float32 tensor in place (the backend's memory, no copy). On `wasm` that is a view of
 * tfjs-backend-wasm's heap, which a fused kernel's scratch (or any tfjs op) may grow; growing detaches the view (its
 * length drops to 0), so each read takes a fresh view when the one held is detached and the tensor is not empty.
 */
function tensorView(tensor: tf.Tensor): () => HostValues {
  let view = viewTensorData(tensor);
  return () => {
    if (view.length === 0 && tensor.size > 0) view = viewTensorData(tensor);
    return view;
  };
}

/**
 * Reads a tensor, typed array or nested array into host memory without losing precision. Float32 tensors are read in
 * place, and `values` is then a getter that stays valid across kernel calls (see {@link tensorView}): hand the result
 * on as it is or through a getter, since a spread would copy the view of the moment.
 */
export function readHost(value: unknown, parameter: string, functionName: string): HostArray {
  if (value instanceof tf.Tensor) {
    checkLiveTensor(value, parameter, functionName);
    if (value.dtype !== 'float32' && value.dtype !== 'int32' && value.dtype !== 'bool') {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value,
        expected: 'be a numeric tensor',
        got: `a ${value.dtype} tensor`,
      });
    }
    const shape = [...value.shape];
    if (value.dtype !== 'float32') return { values: value.dataSync() as HostValues, shape };
    const values = tensorView(value);
    return {
      get values() {
        return values();
      },
      shape,
    };
  }
  if (typedArray(value)) return { values: value, shape: [value.length] };
  if (isRuntimeTensor(value)) {
    const { data, shape } = readRuntimeTensor(value, parameter, functionName, false);
    const values = typedArray(data) ? data : readHostVector(data as number[], `${parameter}.data`, functionName);
    return { values, shape };
  }
  if (Array.isArray(value) && !Array.isArray(value[0]) && !typedArray(value[0])) {
    return { values: readHostVector(value, parameter, functionName), shape: [value.length] };
  }
  if (Array.isArray(value)) return flattenNested(value, parameter, functionName);
  throw new InvalidArgumentError({
    functionName,
    parameter,
    value,
    expected: numericData,
    got: typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : typeof value,
  });
}

/** Whether a value is a tagged input record (`{ logits }`, `{ probabilities }`) rather than scores themselves. */
export function isInputRecord(input: unknown): input is Record<string, unknown> {
  return (
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    !(input instanceof tf.Tensor) &&
    !ArrayBuffer.isView(input) &&
    !isRuntimeTensor(input)
  );
}

/** Picks `logits` or `probabilities` out of the input object; anything else is an error. */
export function inputField(input: unknown, functionName: string): { kind: HostRows['kind']; value: unknown } {
  if (!isInputRecord(input)) {
    throw new InvalidArgumentError({ functionName, parameter: 'input', value: input, expected: kindsOfInput });
  }
  const record = input;
  const hasLogits = record.logits !== undefined;
  const hasProbabilities = record.probabilities !== undefined;
  if (hasLogits === hasProbabilities) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'input',
      value: input,
      expected: kindsOfInput,
      got: hasLogits ? 'both' : `keys ${JSON.stringify(Object.keys(record))}`,
    });
  }
  return hasLogits ? { kind: 'logits', value: record.logits } : { kind: 'probabilities', value: record.probabilities };
}

/** Throws unless every row of `rows` is a distribution: entries in [−tol, 1+tol], sum within tol of 1. */
function checkDistributions(rows: HostRows, parameter: string, functionName: string, tolerance: number): void {
  const { values, classes } = rows;
  for (let row = 0; row < rows.rows; row += 1) {
    let sum = 0;
    for (let k = 0; k < classes; k += 1) {
      const p = values[row * classes + k] as number;
      if (p < -tolerance || p > 1 + tolerance) {
        throw new InvalidArgumentError({
          functionName,
          parameter,
          value: p,
          expected: `hold probabilities in [0, 1] (tolerance ${tolerance})`,
          got: `${p} at row ${row}, class ${k} (scores before softmax are passed as { logits })`,
        });
      }
      sum += p;
    }
    if (!(Math.abs(sum - 1) <= tolerance)) {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value: sum,
        expected: `hold rows that sum to 1 (tolerance ${tolerance})`,
        got: `a row sum of ${sum} at row ${row} (scores before softmax are passed as { logits })`,
      });
    }
  }
}

function classesFromShape(
  shape: readonly number[],
  rowsHint: number | undefined,
  size: number,
  parameter: string,
  functionName: string,
): { rows: number; classes: number } {
  if (shape.length >= 2) {
    const classes = shape[shape.length - 1] as number;
    return { rows: classes === 0 ? 0 : size / classes, classes };
  }
  if (shape.length === 1 && rowsHint !== undefined && rowsHint > 0 && size % rowsHint === 0) {
    return { rows: rowsHint, classes: size / rowsHint };
  }
  throw new ShapeMismatchError({
    functionName,
    parameter,
    actual: shape,
    expected:
      rowsHint === undefined
        ? 'have shape [..., K] (rows of class scores)'
        : `have shape [..., K], or be flat with a length divisible by the number of labels (${rowsHint})`,
  });
}

/** Validates the scores of `input` alone (used where no labels are involved). */
export function readRows(
  input: unknown,
  functionName: string,
  tolerance: number,
  kernelChecksFinite = false,
): HostRows {
  const { kind, value } = inputField(input, functionName);
  return readRowsOfKind(kind, value, `input.${kind}`, functionName, tolerance, kernelChecksFinite);
}

/**
 * Scikit-learn's binary form: one value of the positive class (class 1) per label, checked finite and expanded to
 * two-class rows: a probability p (in [−tol, 1 + tol]) to `[1 − p, p]`, a logit s to `[0, s]`.
 */
function positiveClassRows(
  kind: HostRows['kind'],
  host: HostArray,
  parameter: string,
  functionName: string,
  tolerance: number,
): HostArray {
  const positive = host.values;
  checkFinite(positive, parameter, functionName);
  const values = new Float64Array(2 * positive.length);
  for (let row = 0; row < positive.length; row += 1) {
    const p = positive[row] as number;
    if (kind === 'logits') {
      values[2 * row + 1] = p;
      continue;
    }
    if (p < -tolerance || p > 1 + tolerance) {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value: p,
        expected: `hold positive-class probabilities in [0, 1] (tolerance ${tolerance}) when it has one value per label`,
        got: `${p} at index ${row}`,
      });
    }
    values[2 * row] = 1 - p;
    values[2 * row + 1] = p;
  }
  return { values, shape: [positive.length, 2] };
}

/**
 * Warns once per function (code `probabilities-as-logits`) when logits look like probabilities: every value in [0, 1]
 * and rows summing to 1, over at most the first 1024 rows. Public functions call it once their call has succeeded,
 * so a failed call emits nothing.
 */
export function warnIfProbabilities(rows: HostRows): void {
  if (rows.kind !== 'logits' || !rowsLookLikeProbabilities(rows.values, rows.classes)) return;
  const advice =
    rows.functionName === 'fitTemperature'
      ? 'temperature scaling divides the scores before softmax by T: pass those, or the log of the probabilities'
      : 'pass them as { probabilities }, or pass the scores before softmax as { logits }';
  warnOnce({
    code: 'probabilities-as-logits',
    functionName: rows.functionName,
    message:
      `${rows.parameter} look like probabilities (values in [0, 1], rows summing to 1) but are read as logits ` +
      `and softmaxed again, which gives wrong results: ${advice}.`,
  });
}

/**
 * Validates one array of scores whose kind is already known: shape, at least one row and two classes, NaN and ±∞,
 * and for probabilities that every row is a distribution within `tolerance`. `kernelChecksFinite`: the caller runs a
 * fused kernel pass over these logits, which rejects NaN and ±∞ itself, so the host scan is left out (the rows say
 * so in `finiteChecked`); probabilities are always scanned, since their distribution check reads every value anyway.
 * `rowsHint` (the number of labels) gives flat input its rows; flat scores of exactly that length are the
 * positive-class values of a binary task (see {@link positiveClassRows}).
 */
export function readRowsOfKind(
  kind: HostRows['kind'],
  value: unknown,
  parameter: string,
  functionName: string,
  tolerance: number,
  kernelChecksFinite = false,
  rowsHint?: number,
): HostRows {
  const read = readHost(value, parameter, functionName);
  const binary = read.shape.length === 1 && read.values.length === rowsHint;
  const host = binary ? positiveClassRows(kind, read, parameter, functionName, tolerance) : read;
  // No values at all, or a shape that gives no rows: nothing to measure.
  const { rows, classes } =
    host.values.length === 0
      ? { rows: 0, classes: 0 }
      : classesFromShape(host.shape, rowsHint, host.values.length, parameter, functionName);
  if (rows === 0) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value,
      expected: 'hold at least one row',
      got: 'an empty input',
    });
  }
  if (classes < 2) {
    throw new ShapeMismatchError({
      functionName,
      parameter,
      actual: host.shape,
      expected: 'have at least 2 classes on the last axis',
    });
  }
  const scan = !(kernelChecksFinite && kind === 'logits');
  const rowsOf: HostRows = {
    kind,
    get values() {
      return host.values;
    },
    rows,
    classes,
    parameter,
    functionName,
    finiteChecked: scan || binary,
    shape: read.shape,
    binaryForm: binary,
  };
  if (scan && !binary) checkFinite(host.values, parameter, functionName);
  if (kind === 'probabilities' && !binary) checkDistributions(rowsOf, parameter, functionName, tolerance);
  return rowsOf;
}

/** Scans `rows` for NaN and ±∞ unless the reader did (see `HostRows.finiteChecked`), naming the bad value. */
export function ensureFinite(rows: HostRows): void {
  if (rows.finiteChecked) return;
  checkFinite(rows.values, rows.parameter, rows.functionName);
  rows.finiteChecked = true;
}

/**
 * Reads labels as {@link readHost} does, and also int64 arrays (`BigInt64Array`, `BigUint64Array`: what onnxruntime
 * returns for an argmax or a label tensor), whose values must be safe integers.
 */
function readLabelHost(labels: unknown, functionName: string): HostArray {
  if (isRuntimeTensor(labels)) {
    const { data, shape } = readRuntimeTensor(labels, 'labels', functionName, true);
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      return { values: bigintLabels(data, functionName), shape };
    }
    return readHost({ data, dims: shape }, 'labels', functionName);
  }
  if (!(labels instanceof BigInt64Array || labels instanceof BigUint64Array))
    return readHost(labels, 'labels', functionName);
  return { values: bigintLabels(labels, functionName), shape: [labels.length] };
}

/** Int64 labels as numbers, each checked to be a safe integer. */
function bigintLabels(labels: BigInt64Array | BigUint64Array, functionName: string): Float64Array {
  const values = new Float64Array(labels.length);
  for (let index = 0; index < labels.length; index += 1) {
    const label = labels[index] as bigint;
    if (label > BigInt(Number.MAX_SAFE_INTEGER) || label < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new InvalidArgumentError({
        functionName,
        parameter: 'labels',
        value: label,
        expected: 'hold int64 class indices that fit in a number (|value| ≤ 2⁵³ − 1)',
        got: `${label} at flat index ${index}`,
      });
    }
    values[index] = Number(label);
  }
  return values;
}

/**
 * Validates labels against `classes` and the number of rows (`ignoreIndex`, when given, is accepted as a label too),
 * returning the host values it read.
 */
function readLabels(
  host: HostArray,
  rows: number,
  classes: number,
  functionName: string,
  ignoreIndex: number | undefined,
): NumericData {
  if (host.values.length !== rows) {
    throw new ShapeMismatchError({
      functionName,
      parameter: 'labels',
      actual: host.shape,
      expected: `hold one label per row (${rows} labels)`,
    });
  }
  checkFinite(host.values, 'labels', functionName);
  return checkLabels(host.values, classes, 'labels', functionName, ignoreIndex === undefined ? {} : { ignoreIndex });
}

/**
 * The rows whose label is not `ignoreIndex`, with their labels as int32 (PyTorch's `ignore_index`). All rows are
 * validated before any is dropped; with nothing dropped `rows` is returned as it is (a tensor stays read in place).
 */
function withoutIgnored(rows: HostRows, labels: NumericData, ignoreIndex: number | undefined): LabelledRows {
  let kept = labels.length;
  if (ignoreIndex !== undefined)
    for (let row = 0; row < labels.length; row += 1) if (labels[row] === ignoreIndex) kept -= 1;
  // Assigned onto the rows, not spread: a spread would keep the tensor view of this moment in place of the getter.
  if (kept === labels.length) return Object.assign(rows, { labels: Int32Array.from(labels) });
  if (kept === 0) {
    throw new InvalidArgumentError({
      functionName: rows.functionName,
      parameter: 'labels',
      value: ignoreIndex,
      expected: `hold at least one label other than options.ignoreIndex (${ignoreIndex})`,
      got: `${labels.length} ignored labels`,
    });
  }
  ensureFinite(rows);
  const source = rows.values;
  const { classes } = rows;
  const values = source instanceof Float32Array ? new Float32Array(kept * classes) : new Float64Array(kept * classes);
  const keptLabels = new Int32Array(kept);
  let next = 0;
  for (let row = 0; row < labels.length; row += 1) {
    if (labels[row] === ignoreIndex) continue;
    values.set(source.subarray(row * classes, (row + 1) * classes), next * classes);
    keptLabels[next] = labels[row] as number;
    next += 1;
  }
  return { ...rows, values, rows: kept, labels: keptLabels };
}

/**
 * Reads and validates `input` and `labels` together (`kernelChecksFinite`: see {@link readRowsOfKind}); rows labelled
 * `ignoreIndex` are left out.
 */
export function readLabelledInput(
  input: unknown,
  labels: unknown,
  functionName: string,
  tolerance: number,
  kernelChecksFinite = false,
  ignoreIndex?: number,
): LabelledRows {
  const { kind, value } = inputField(input, functionName);
  return readLabelledOfKind(
    kind,
    value,
    `input.${kind}`,
    labels,
    functionName,
    tolerance,
    kernelChecksFinite,
    ignoreIndex,
  );
}

/** {@link readLabelledInput} for scores of a known kind (e.g. the `logits` argument of `fitTemperature`). */
export function readLabelledOfKind(
  kind: HostRows['kind'],
  value: unknown,
  parameter: string,
  labels: unknown,
  functionName: string,
  tolerance: number,
  kernelChecksFinite = false,
  ignoreIndex?: number,
): LabelledRows {
  const labelHost = readLabelHost(labels, functionName);
  const rows = readRowsOfKind(
    kind,
    value,
    parameter,
    functionName,
    tolerance,
    kernelChecksFinite,
    labelHost.values.length,
  );
  return withoutIgnored(rows, readLabels(labelHost, rows.rows, rows.classes, functionName, ignoreIndex), ignoreIndex);
}
