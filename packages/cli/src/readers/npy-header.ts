import type { FileHandle } from 'node:fs/promises';

import { InputFileError } from '../errors/input-file-error';

/** The element types read from `.npy` files (little-endian or single-byte). */
export type NpyType = 'f4' | 'f8' | 'i1' | 'i2' | 'i4' | 'i8' | 'u1' | 'u2' | 'u4' | 'u8';

/** A parsed `.npy` header. */
export interface NpyHeader {
  type: NpyType;
  /** Bytes per element. */
  itemSize: number;
  shape: number[];
  /** Byte offset of the data. */
  dataOffset: number;
}

const MAGIC = '\x93NUMPY';
const TYPES: readonly NpyType[] = ['f4', 'f8', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8'];

/**
 * Reads and checks the header of a `.npy` file (format versions 1–3): a C-order array of a little-endian float or
 * integer type. Checks that the file holds all the data the shape promises (a truncated file is an
 * {@link InputFileError}).
 */
export async function readNpyHeader(handle: FileHandle, file: string): Promise<NpyHeader> {
  const fail = (problem: string): never => {
    throw new InputFileError({ file, functionName: 'readNpyHeader', problem });
  };
  const { size } = await handle.stat();
  const start = Buffer.alloc(12);
  const { bytesRead } = await handle.read(start, 0, 12, 0);
  if (bytesRead < 10 || start.toString('latin1', 0, 6) !== MAGIC)
    fail('is not a NumPy .npy file (no \\x93NUMPY magic)');
  const major = start[6] as number;
  if (major < 1 || major > 3) fail(`has .npy format version ${major}, expected 1 to 3`);
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? start.readUInt16LE(8) : start.readUInt32LE(8);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (dataOffset > size) fail('is truncated inside its header');
  const headerBuffer = Buffer.alloc(headerLength);
  await handle.read(headerBuffer, 0, headerLength, 8 + lengthBytes);
  const header = headerBuffer.toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    fail(`has an unreadable header ${header.trim()}`);
  if (fortran === 'True') fail('holds a Fortran-order array: save it with np.ascontiguousarray(...) first');
  const order = (descr as string)[0];
  const type = (descr as string).slice(1) as NpyType;
  if (order === '>' || !TYPES.includes(type) || (order !== '<' && order !== '|' && order !== '=')) {
    fail(`has dtype '${descr}': expected a little-endian float or integer type (${TYPES.join(', ')})`);
  }
  const shape = (shapeText as string)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  const itemSize = Number(type.slice(1));
  const expected = shape.reduce((product, length) => product * length, 1) * itemSize;
  if (size - dataOffset < expected) {
    fail(
      `is truncated: its shape (${shape.join(', ')}) needs ${expected} bytes of data, the file has ${size - dataOffset}`,
    );
  }
  return { type, itemSize, shape, dataOffset };
}

/**
 * Reads elements `[start, start + count)` of a `.npy` array as a typed array of its type.
 */
export async function readNpyRange(
  handle: FileHandle,
  header: NpyHeader,
  start: number,
  count: number,
): Promise<ArrayLike<number | bigint>> {
  const bytes = new Uint8Array(count * header.itemSize);
  let filled = 0;
  while (filled < bytes.length) {
    const { bytesRead } = await handle.read(
      bytes,
      filled,
      bytes.length - filled,
      header.dataOffset + start * header.itemSize + filled,
    );
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  const buffer = bytes.buffer;
  switch (header.type) {
    case 'f4':
      return new Float32Array(buffer);
    case 'f8':
      return new Float64Array(buffer);
    case 'i1':
      return new Int8Array(buffer);
    case 'i2':
      return new Int16Array(buffer);
    case 'i4':
      return new Int32Array(buffer);
    case 'i8':
      return new BigInt64Array(buffer);
    case 'u1':
      return bytes;
    case 'u2':
      return new Uint16Array(buffer);
    case 'u4':
      return new Uint32Array(buffer);
    case 'u8':
      return new BigUint64Array(buffer);
  }
}
