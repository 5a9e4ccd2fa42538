/**
 * Decodes `out.length` values of Parquet's RLE / bit-packed hybrid encoding (definition and repetition levels,
 * dictionary indices) of `bitWidth` bits, at most 24, from `bytes[start, end)` into `out`. Returns false when the
 * bytes end before that many values.
 */
export function decodeHybrid(
  bytes: Uint8Array,
  start: number,
  end: number,
  bitWidth: number,
  out: Uint8Array | Int32Array,
): boolean {
  const count = out.length;
  const mask = 2 ** bitWidth - 1;
  let position = start;
  let seen = 0;
  while (seen < count) {
    let header = 0;
    let scale = 1;
    let byte: number;
    do {
      if (position >= end) return false;
      byte = bytes[position] as number;
      position += 1;
      header += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    if (header % 2 === 1) {
      // Bit-packed: groups of 8 values, `bitWidth` bytes per group, least significant bit first.
      const groups = (header - 1) / 2;
      const stop = Math.min(count, seen + groups * 8);
      if (Math.ceil(((stop - seen) * bitWidth) / 8) > end - position) return false;
      let cursor = position;
      let buffer = 0;
      let bits = 0;
      for (let index = seen; index < stop; index += 1) {
        while (bits < bitWidth) {
          buffer |= (bytes[cursor] as number) << bits;
          cursor += 1;
          bits += 8;
        }
        out[index] = buffer & mask;
        buffer >>>= bitWidth;
        bits -= bitWidth;
      }
      position += groups * bitWidth;
      seen += groups * 8;
    } else {
      // A run: one value of ceil(bitWidth / 8) bytes, repeated.
      const run = header / 2;
      let value = 0;
      for (let shift = 0; shift < bitWidth; shift += 8) {
        if (position >= end) return false;
        value |= (bytes[position] as number) << shift;
        position += 1;
      }
      out.fill(value, seen, Math.min(count, seen + run));
      seen += run;
    }
  }
  return true;
}
