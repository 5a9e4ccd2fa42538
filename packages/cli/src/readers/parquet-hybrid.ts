/**
 * Parquet's RLE / bit-packed hybrid encoding (definition and repetition levels, dictionary indices) of `bitWidth` bits,
 * at most 24, over `bytes[start, end)`, decoded a piece at a time: each {@link HybridDecoder.read} continues where the
 * last one stopped, so a page's levels need no buffer of one byte per value.
 */
export class HybridDecoder {
  private position: number;
  /** Values left in the current run, and whether it is bit-packed (else one repeated `value`). */
  private left = 0;
  private packed = false;
  private value = 0;
  /** The bit-packed run's unread bits. */
  private buffer = 0;
  private bits = 0;
  private readonly bytes: Uint8Array;
  private readonly end: number;
  private readonly bitWidth: number;
  private readonly mask: number;

  constructor(bytes: Uint8Array, start: number, end: number, bitWidth: number) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
    this.bitWidth = bitWidth;
    this.mask = 2 ** bitWidth - 1;
  }

  /** Fills `out` with the next `out.length` values; false when the bytes end first. */
  read(out: Uint8Array | Int32Array): boolean {
    const count = out.length;
    const { bytes, bitWidth, mask } = this;
    let seen = 0;
    while (seen < count) {
      if (this.left === 0 && !this.startRun()) return false;
      const stop = Math.min(count, seen + this.left);
      if (!this.packed) {
        out.fill(this.value, seen, stop);
      } else {
        let { buffer, bits, position } = this;
        for (let index = seen; index < stop; index += 1) {
          while (bits < bitWidth) {
            buffer |= (bytes[position] as number) << bits;
            position += 1;
            bits += 8;
          }
          out[index] = buffer & mask;
          buffer >>>= bitWidth;
          bits -= bitWidth;
        }
        this.buffer = buffer;
        this.bits = bits;
        this.position = position;
      }
      this.left -= stop - seen;
      seen = stop;
    }
    return true;
  }

  /** Reads the next run's header (and a repeated run's value). */
  private startRun(): boolean {
    const { bytes } = this;
    let header = 0;
    let scale = 1;
    let byte: number;
    do {
      if (this.position >= this.end) return false;
      byte = bytes[this.position] as number;
      this.position += 1;
      header += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    if (header % 2 === 1) {
      // Bit-packed: groups of 8 values, `bitWidth` bytes per group, least significant bit first.
      const groups = (header - 1) / 2;
      if (groups * this.bitWidth > this.end - this.position) return false;
      this.packed = true;
      this.left = groups * 8;
      this.buffer = 0;
      this.bits = 0;
      return this.left > 0 || this.startRun();
    }
    // A run: one value of ceil(bitWidth / 8) bytes, repeated.
    let value = 0;
    for (let shift = 0; shift < this.bitWidth; shift += 8) {
      if (this.position >= this.end) return false;
      value |= (bytes[this.position] as number) << shift;
      this.position += 1;
    }
    this.packed = false;
    this.value = value;
    this.left = header / 2;
    return this.left > 0 || this.startRun();
  }
}
