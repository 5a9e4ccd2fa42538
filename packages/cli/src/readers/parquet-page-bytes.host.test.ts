import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { describe, expect, it } from 'vitest';

import { SNAPPY_WINDOW, SnappyByteStream, type ReadAt } from './parquet-page-bytes';

/** A `ReadAt` over bytes in memory, placed at file offset `at`, recording the largest read. */
function memoryFile(bytes: Uint8Array, at: number): { read: ReadAt; largestRead: () => number } {
  let largest = 0;
  return {
    read: async (position, into) => {
      largest = Math.max(largest, into.length);
      into.set(bytes.subarray(position - at, position - at + into.length));
    },
    largestRead: () => largest,
  };
}

/** Float32 values with repeats (so Snappy emits copies) as bytes. */
function pageValues(count: number): Uint8Array {
  const values = Float32Array.from({ length: count }, (_, index) => ((index * 7919) % 1013) / 8 - 60);
  return new Uint8Array(values.buffer);
}

/** Takes `data.length` bytes from `stream` in pieces of `piece` (aligned to 4), joined. */
async function takeAll(stream: SnappyByteStream, size: number, piece: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  for (let done = 0; done < size; done += piece) {
    const bytes = await stream.take(Math.min(piece, size - done), 4);
    expect(bytes.byteOffset % 4).toBe(0);
    out.set(bytes, done);
  }
  return out;
}

describe('SnappyByteStream', () => {
  it('decodes a page far larger than its buffers in pieces, with the bytes of whole decoding', async () => {
    const data = pageValues(6_000_000);
    const compressed = snappyCompress(data);
    const file = memoryFile(compressed, 100);
    const stream = new SnappyByteStream(file.read);
    await stream.open(100, compressed.length, data.length);
    const piece = 1 << 18;
    const read = await takeAll(stream, data.length, piece);
    expect(Buffer.compare(Buffer.from(read), Buffer.from(data))).toBe(0);
    // 24 MB of page through about one piece, the window and one input read.
    expect(stream.bufferBytes).toBeLessThan(piece + 2 * SNAPPY_WINDOW + (1 << 20) + 1024);
    expect(file.largestRead()).toBeLessThanOrEqual(1 << 20);
    await expect(stream.take(4)).rejects.toThrow('ends before its values');
  });

  it('decodes the page whole when a copy reaches back past the window', async () => {
    // A literal of 3 windows, then a 4-byte-offset copy of 8 bytes from 2 windows back.
    const literal = Uint8Array.from({ length: 3 * SNAPPY_WINDOW }, (_, index) => (index * 31) % 251);
    const offset = 2 * SNAPPY_WINDOW;
    const size = literal.length + 8;
    const length = literal.length - 1;
    const compressed = Uint8Array.from([
      ...[(size & 0x7f) | 0x80, ((size >> 7) & 0x7f) | 0x80, size >> 14],
      62 << 2,
      ...[length & 0xff, (length >> 8) & 0xff, length >> 16],
      ...literal,
      ((8 - 1) << 2) | 3,
      ...[offset & 0xff, (offset >> 8) & 0xff, offset >> 16, 0],
    ]);
    const file = memoryFile(compressed, 0);
    const stream = new SnappyByteStream(file.read);
    await stream.open(0, compressed.length, size);
    const read = await takeAll(stream, size, 4096);
    expect(Array.from(read.subarray(0, literal.length))).toEqual(Array.from(literal));
    expect(Array.from(read.subarray(literal.length))).toEqual(
      Array.from(literal.subarray(literal.length - offset, literal.length - offset + 8)),
    );
    expect(file.largestRead()).toBe(compressed.length);
  });

  it('refuses a page whose Snappy length differs from its header and one that ends early', async () => {
    const data = pageValues(1000);
    const compressed = snappyCompress(data);
    const stream = new SnappyByteStream(memoryFile(compressed, 0).read);
    await expect(stream.open(0, compressed.length, data.length + 4)).rejects.toThrow('where its header says');
    await stream.open(0, compressed.length - 10, data.length);
    await expect(takeAll(stream, data.length, 1024)).rejects.toThrow('ends before its declared size');
  });
});
