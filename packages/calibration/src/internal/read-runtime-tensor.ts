/**
 * Tensors of other JS runtimes, read by duck typing: onnxruntime's `ort.Tensor` and transformers.js's `Tensor` both
 * carry their values as `data` (a typed array, or for int64 a `BigInt64Array`) and their shape as `dims`, with the
 * element type as `type`. Their memory is used in place.
 */
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import type { RuntimeTensor } from '../types';

/** The element types read as numbers; `int64`/`uint64` only where the caller takes bigints (labels). */
const numericTypes = new Set(['float32', 'float64', 'int32', 'int16', 'int8', 'uint32', 'uint16', 'uint8', 'bool']);
const bigintTypes = new Set(['int64', 'uint64']);

/** Whether a value is shaped like another runtime's tensor: an object with array `dims` and a `data` field. */
export function isRuntimeTensor(value: unknown): value is RuntimeTensor {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value) &&
    'data' in value &&
    Array.isArray((value as { dims?: unknown }).dims)
  );
}

function checkDims(tensor: RuntimeTensor, length: number, parameter: string, functionName: string): number[] {
  const dims = [...tensor.dims];
  dims.forEach((dim, axis) => {
    if (!(Number.isInteger(dim) && dim >= 0)) {
      throw new InvalidArgumentError({
        functionName,
        parameter: `${parameter}.dims`,
        value: dim,
        expected: 'hold non-negative integer lengths',
        got: `${String(dim)} on axis ${axis}`,
      });
    }
  });
  const size = dims.reduce((product, dim) => product * dim, 1);
  if (size !== length) {
    throw new ShapeMismatchError({
      functionName,
      parameter: `${parameter}.dims`,
      actual: dims,
      expected: `multiply out to the length of ${parameter}.data (${length})`,
    });
  }
  return dims;
}

/**
 * The data and shape of a runtime tensor, its typed array used in place. Float16 and string tensors are refused
 * (float16 data comes as raw `Uint16Array` bits), and so are tensors whose data lives on a GPU (`location` other than
 * `'cpu'`). `bigints`: whether int64 data is taken (it comes back as a `BigInt64Array`/`BigUint64Array` for the
 * caller to convert).
 */
export function readRuntimeTensor(
  tensor: RuntimeTensor,
  parameter: string,
  functionName: string,
  bigints: boolean,
): { data: ArrayLike<number> | BigInt64Array | BigUint64Array; shape: number[] } {
  const { type, location } = tensor as { type?: unknown; location?: unknown };
  if (location !== undefined && location !== 'cpu' && location !== 'cpu-pinned') {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: location,
      expected: 'hold its data on the CPU (read a GPU tensor with `await tensor.getData()` and pass { data, dims })',
      got: `a tensor on '${String(location)}'`,
    });
  }
  if (type !== undefined && !numericTypes.has(type as string) && !(bigints && bigintTypes.has(type as string))) {
    throw new InvalidArgumentError({
      functionName,
      parameter: `${parameter}.type`,
      value: type,
      expected: `be one of ${[...numericTypes, ...(bigints ? bigintTypes : [])].map((t) => `'${t}'`).join(', ')}`,
      got: type === 'float16' ? "'float16' (cast to float32 first)" : undefined,
    });
  }
  const data: unknown = tensor.data;
  const typed = ArrayBuffer.isView(data) && !(data instanceof DataView);
  const isBig = data instanceof BigInt64Array || data instanceof BigUint64Array;
  if (!(Array.isArray(data) || typed) || (isBig && !bigints)) {
    throw new InvalidArgumentError({
      functionName,
      parameter: `${parameter}.data`,
      value: data,
      expected: bigints
        ? 'be a typed array (BigInt64Array included) or a number array'
        : 'be a typed array or a number array',
    });
  }
  const values = data as ArrayLike<number> | BigInt64Array | BigUint64Array;
  return { data: values, shape: checkDims(tensor, values.length, parameter, functionName) };
}
