/**
 * Encodes typed-array data as a NumPy `.npy` file the way `numpy.save` writes it: the magic, the format version, the
 * header length, the header dict padded with spaces to a multiple of 64 bytes, then the data. The tests write the
 * files they give `readNpy` and the page with it.
 *
 * @example
 * ```ts
 * import { encodeNpy } from './encode-npy';
 * const bytes = encodeNpy('<i4', [2], Int32Array.from([1, 0]));
 * console.log(bytes.length); // 136
 * ```
 */
export function encodeNpy(
  descr: string,
  shape: number[],
  data: ArrayBufferView,
  options: { version?: 1 | 2; fortran?: boolean } = {},
): Uint8Array {
  const version = options.version ?? 1;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${options.fortran === true ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  const header = dict.padEnd(Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix - 1, ' ') + '\n';
  const bytes = new Uint8Array(prefix + header.length + data.byteLength);
  bytes.set([0x93, ...new TextEncoder().encode('NUMPY'), version, 0]);
  const view = new DataView(bytes.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  bytes.set(new TextEncoder().encode(header), prefix);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), prefix + header.length);
  return bytes;
}
