import { PredictionFileError } from './prediction-file-error';

/** A NumPy array read by {@link readNpy}: its shape and its values in C (row-major) order. */
export interface NpyArray {
  shape: number[];
  values: Float64Array;
  /** The file's dtype, e.g. `'<f4'`. */
  dtype: string;
}

const MAGIC = '\x93NUMPY';
/** The dtypes read: little-endian float32, float64, int32 and int64, and the bytes of one value of each. */
const ITEM_SIZES: Record<string, number> = { '<f4': 4, '<f8': 8, '<i4': 4, '<i8': 8 };

function values(dtype: string, data: ArrayBuffer, fileName: string): Float64Array {
  switch (dtype) {
    case '<f4':
      return Float64Array.from(new Float32Array(data));
    case '<f8':
      return new Float64Array(data);
    case '<i4':
      return Float64Array.from(new Int32Array(data));
    default: {
      const integers = new BigInt64Array(data);
      const result = new Float64Array(integers.length);
      for (let index = 0; index < integers.length; index += 1) {
        const value = Number(integers[index]);
        if (!Number.isSafeInteger(value)) {
          throw new PredictionFileError({ fileName, problem: `holds the int64 ${integers[index]}, beyond ±2⁵³` });
        }
        result[index] = value;
      }
      return result;
    }
  }
}

/**
 * Reads a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0) of dtype `<f4`, `<f8`, `<i4` or `<i8` and any shape,
 * in C or Fortran order; the values come back in C order as float64. This is the page's own small reader (the CLI's
 * readers stream from Node files and do not run in a browser).
 *
 * @throws {PredictionFileError} naming the file and what is wrong: not an .npy file, a header it cannot parse, a
 *   dtype it does not read (big-endian, other types), or a data length that does not match the shape.
 *
 * @example
 * ```ts
 * import { readNpy } from './read-npy';
 * const header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }".padEnd(117, ' ') + '\n';
 * const bytes = new Uint8Array(128 + 8);
 * bytes.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, 118, 0, ...new TextEncoder().encode(header)]);
 * new DataView(bytes.buffer).setInt32(128, 3, true);
 * console.log(readNpy(bytes, 'labels.npy').values); // Float64Array [3, 0]
 * ```
 */
export function readNpy(bytes: Uint8Array, fileName: string): NpyArray {
  const fail = (problem: string): never => {
    throw new PredictionFileError({ fileName, problem });
  };
  if (bytes.length < 10 || String.fromCharCode(...bytes.subarray(0, 6)) !== MAGIC) {
    fail('is not a NumPy .npy file (it does not start with \\x93NUMPY)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6] as number;
  if (major < 1 || major > 3) fail(`has .npy format version ${major}.${bytes[7]}; versions 1.0 to 3.0 are read`);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) fail('ends inside its .npy header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) fail(`ends inside its .npy header (${headerLength} bytes announced)`);
  const header = new TextDecoder().decode(bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    return fail(`has a .npy header without 'descr', 'fortran_order' and 'shape': ${header.trim()}`);
  }
  const itemSize = ITEM_SIZES[descr];
  if (itemSize === undefined) {
    const hint = descr.startsWith('>') ? ' (big-endian: save it with array.astype(array.dtype.newbyteorder("<")))' : '';
    fail(
      `has dtype '${descr}'${hint}; little-endian float32, float64, int32 and int64 ('<f4', '<f8', '<i4', '<i8') are read`,
    );
  }
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(Number);
  if (shape.some((size) => !Number.isInteger(size) || size < 0)) fail(`has a shape it cannot read: (${shapeText})`);
  const count = shape.reduce((product, size) => product * size, 1);
  const dataLength = bytes.length - dataStart;
  if (dataLength !== count * (itemSize as number)) {
    fail(
      `holds ${dataLength} bytes of data, but shape (${shape.join(', ')}) of '${descr}' needs ${count * (itemSize as number)}`,
    );
  }
  // A copy: the data of a file inside a larger buffer need not be aligned to its item size.
  const read = values(descr, bytes.slice(dataStart).buffer, fileName);
  if (fortran === 'False' || shape.length < 2) return { shape, values: read, dtype: descr };
  return { shape, values: toRowMajor(read, shape), dtype: descr };
}

/** Reorders column-major (Fortran) values of `shape` into row-major order. */
function toRowMajor(values: Float64Array, shape: number[]): Float64Array {
  const result = new Float64Array(values.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < values.length; flat += 1) {
    // `index` is the C-order position of `flat`; its Fortran offset sums the index times the earlier axes' sizes.
    let offset = 0;
    let stride = 1;
    for (let axis = 0; axis < shape.length; axis += 1) {
      offset += (index[axis] as number) * stride;
      stride *= shape[axis] as number;
    }
    result[flat] = values[offset] as number;
    for (let axis = shape.length - 1; axis >= 0; axis -= 1) {
      index[axis] = (index[axis] as number) + 1;
      if ((index[axis] as number) < (shape[axis] as number)) break;
      index[axis] = 0;
    }
  }
  return result;
}
