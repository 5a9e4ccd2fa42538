import { describe, expect, it } from 'vitest';

import { PredictionFileError } from './prediction-file-error';
import { encodeNpy } from './encode-npy';
import { readNpy } from './read-npy';

describe('readNpy', () => {
  it.each([
    ['<f4', Float32Array.from([0.5, -1.25, 2, 3, 4, 5])],
    ['<f8', Float64Array.from([0.1, -1.25, 2, 3, 4, 5])],
    ['<i4', Int32Array.from([1, -2, 3, 4, 5, 6])],
    ['<i8', BigInt64Array.from([1n, -2n, 3n, 4n, 5n, 6n])],
  ])('reads a [2, 3] array of %s', (descr, data) => {
    const array = readNpy(encodeNpy(descr, [2, 3], data), 'a.npy');
    expect(array.shape).toEqual([2, 3]);
    expect(array.dtype).toBe(descr);
    expect(Array.from(array.values)).toEqual(Array.from(data, Number));
  });

  it('reads format version 2.0, a 1-D shape and Fortran order', () => {
    expect(
      Array.from(readNpy(encodeNpy('<i4', [3], Int32Array.from([2, 0, 1]), { version: 2 }), 'l.npy').values),
    ).toEqual([2, 0, 1]);
    // Column-major [[1, 2, 3], [4, 5, 6]].
    const fortran = readNpy(
      encodeNpy('<f8', [2, 3], Float64Array.from([1, 4, 2, 5, 3, 6]), { fortran: true }),
      'f.npy',
    );
    expect(Array.from(fortran.values)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads data that is not aligned in the buffer it is given', () => {
    const file = encodeNpy('<f4', [2], Float32Array.from([1.5, 2.5]));
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    expect(Array.from(readNpy(shifted.subarray(1), 'a.npy').values)).toEqual([1.5, 2.5]);
  });

  it('names the file and what is wrong', () => {
    const refuse = (bytes: Uint8Array, pattern: RegExp) => {
      let caught: unknown;
      try {
        readNpy(bytes, 'bad.npy');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PredictionFileError);
      expect((caught as PredictionFileError).fileName).toBe('bad.npy');
      expect((caught as Error).message).toMatch(/^bad\.npy: /);
      expect((caught as Error).message).toMatch(pattern);
    };
    refuse(new TextEncoder().encode('p0,p1,label\n'), /not a NumPy \.npy file/);
    refuse(encodeNpy('>f4', [1], new Float32Array(1)), /dtype '>f4' \(big-endian/);
    refuse(encodeNpy('<u2', [1], new Uint16Array(2)), /dtype '<u2'/);
    refuse(encodeNpy('<f4', [2, 2], new Float32Array(3)), /12 bytes of data, but shape \(2, 2\) of '<f4' needs 16/);
    refuse(encodeNpy('<f4', [2], new Float32Array(2)).subarray(0, 40), /ends inside its \.npy header/);
    refuse(encodeNpy('<i8', [1], BigInt64Array.from([2n ** 60n])), /beyond ±2⁵³/);
    const version = encodeNpy('<f4', [1], new Float32Array(1));
    version[6] = 4;
    refuse(version, /format version 4\.0/);
  });
});
