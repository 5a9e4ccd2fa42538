import { gzipSync } from 'node:zlib';

import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { FASHION_MNIST_DIR } from './load-dataset';
import { readIdx } from './read-idx';

function idx(shape: number[], values: number[], type = 0x08): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  const view = new DataView(header.buffer);
  header[2] = type;
  header[3] = shape.length;
  shape.forEach((size, axis) => view.setUint32(4 + 4 * axis, size, false));
  return Uint8Array.from([...header, ...values]);
}

describe('readIdx', () => {
  it('decodes a raw IDX array', () => {
    const decoded = readIdx('m.idx', idx([2, 3], [1, 2, 3, 4, 5, 255]));
    expect(decoded.shape).toEqual([2, 3]);
    expect(Array.from(decoded.data)).toEqual([1, 2, 3, 4, 5, 255]);
  });

  it('decodes a gzip-compressed IDX array', () => {
    const decoded = readIdx('m.idx.gz', gzipSync(idx([4], [9, 8, 7, 6])));
    expect(decoded.shape).toEqual([4]);
    expect(Array.from(decoded.data)).toEqual([9, 8, 7, 6]);
  });

  it('reads the shipped Fashion-MNIST test labels', () => {
    const labels = readIdx(`${FASHION_MNIST_DIR}/t10k-labels-idx1-ubyte.gz`);
    expect(labels.shape).toEqual([10000]);
    expect(Math.max(...labels.data)).toBe(9);
  });

  it.each([
    ['a wrong magic number', idx([2], [1, 2], 0x0d), /IDX file of unsigned bytes.*magic 00 00 0d 01/],
    ['a truncated payload', idx([2, 3], [1, 2, 3]), /hold 6 values after the header for shape \[2, 3\], but got 3/],
    ['trailing bytes', idx([2], [1, 2, 3]), /hold 2 values .* but got 3/],
    ['a zero dimension', idx([0, 3], []), /positive dimensions/],
    ['too few bytes', Uint8Array.from([0, 0]), /4-byte IDX header/],
    ['a header cut short', Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1]), /16-byte header/],
    ['a corrupt gzip stream', Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), /readable gzip file/],
  ])('rejects %s with an InvalidArgumentError naming the file', (_, bytes, message) => {
    const attempt = () => readIdx('bad-file.idx', bytes);
    expect(attempt).toThrow(InvalidArgumentError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/Argument 'source' passed to 'readIdx'.*bad-file\.idx/);
  });
});
