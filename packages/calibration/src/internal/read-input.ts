import * as tf from '@tensorflow/tfjs-core';
import {
  checkFinite,
  checkLabels,
  checkLiveTensor,
  InvalidArgumentError,
  readHostVector,
  ShapeMismatchError,
} from '@softlabels/core';
import { viewTensorData } from '@softlabels/core/kernels';

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
const numericData = 'be a tensor, a (nested) number array or a typed array';

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

/** Picks `logits` or `probabilities` out of the input object; anything else is an error. */
export function inputField(input: unknown, functionName: string): { kind: HostRows['kind']; value: unknown } {
  if (
    typeof input !== 'object' ||
    input === null ||
    Array.isArray(input) ||
    input instanceof tf.Tensor ||
    ArrayBuffer.isView(input)
  ) {
    throw new InvalidArgumentError({ functionName, parameter: 'input', value: input, expected: kindsOfInput });
  }
  const record = input as Record<string, unknown>;
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
          got: `${p} at row ${row}, class ${k}`,
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
        got: `a row sum of ${sum} at row ${row}`,
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
 * Validates one array of scores whose kind is already known: shape, at least one row and two classes, NaN and ±∞,
 * and for probabilities that every row is a distribution within `tolerance`. `kernelChecksFinite`: the caller runs a
 * fused kernel pass over these logits, which rejects NaN and ±∞ itself, so the host scan is left out (the rows say
 * so in `finiteChecked`); probabilities are always scanned, since their distribution check reads every value anyway.
 * `rowsHint` (the number of labels) gives flat input its rows.
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
  const host = readHost(value, parameter, functionName);
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
    finiteChecked: scan,
  };
  if (!scan) return rowsOf;
  checkFinite(host.values, parameter, functionName);
  if (kind === 'probabilities') checkDistributions(rowsOf, parameter, functionName, tolerance);
  return rowsOf;
}

/** Scans `rows` for NaN and ±∞ unless the reader did (see `HostRows.finiteChecked`), naming the bad value. */
export function ensureFinite(rows: HostRows): void {
  if (rows.finiteChecked) return;
  checkFinite(rows.values, rows.parameter, rows.functionName);
  rows.finiteChecked = true;
}

/** Validates labels against `classes` and the number of rows, returning them as int32. */
function readLabels(host: HostArray, rows: number, classes: number, functionName: string): Int32Array {
  if (host.values.length !== rows) {
    throw new ShapeMismatchError({
      functionName,
      parameter: 'labels',
      actual: host.shape,
      expected: `hold one label per row (${rows} labels)`,
    });
  }
  checkFinite(host.values, 'labels', functionName);
  return Int32Array.from(checkLabels(host.values, classes, 'labels', functionName));
}

/** Reads and validates `input` and `labels` together (`kernelChecksFinite`: see {@link readRowsOfKind}). */
export function readLabelledInput(
  input: unknown,
  labels: unknown,
  functionName: string,
  tolerance: number,
  kernelChecksFinite = false,
): LabelledRows {
  const { kind, value } = inputField(input, functionName);
  return readLabelledOfKind(kind, value, `input.${kind}`, labels, functionName, tolerance, kernelChecksFinite);
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
): LabelledRows {
  const labelHost = readHost(labels, 'labels', functionName);
  const rows = readRowsOfKind(
    kind,
    value,
    parameter,
    functionName,
    tolerance,
    kernelChecksFinite,
    labelHost.values.length,
  );
  // Assigned onto the rows, not spread: a spread would keep the tensor view of this moment in place of the getter.
  return Object.assign(rows, { labels: readLabels(labelHost, rows.rows, rows.classes, functionName) });
}
