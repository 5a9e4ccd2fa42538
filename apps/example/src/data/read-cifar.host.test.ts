import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { InvalidArgumentError } from '@softlabels/core';
import { afterAll, describe, expect, it } from 'vitest';

import { readCifar } from './read-cifar';
import { cifarRecord } from './cifar-record';

const folder = mkdtempSync(join(tmpdir(), 'softlabels-cifar-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, ...records: Uint8Array[]): string {
  const path = join(folder, name);
  writeFileSync(path, Buffer.concat(records));
  return path;
}

describe('readCifar', () => {
  it('reads CIFAR-10 records from several files in order, channels moved last', () => {
    const first = write('a.bin', cifarRecord([3], 1), cifarRecord([9], 2));
    const second = write('b.bin', cifarRecord([0], 5));
    const records = readCifar([first, second], 'cifar-10');
    expect(records.count).toBe(3);
    expect(Array.from(records.labels)).toEqual([3, 9, 0]);
    // Image 1 (shift 2), pixel 10 (row 0, column 10): red 10, green 12, blue 14.
    const at = 1 * 3072 + 10 * 3;
    expect(Array.from(records.images.subarray(at, at + 3))).toEqual([10, 12, 14]);
    // Image 2 (shift 5), the last pixel (row 31, column 31): 1023 mod 256 = 255, then +5, +10 mod 256.
    const last = 2 * 3072 + 1023 * 3;
    expect(Array.from(records.images.subarray(last, last + 3))).toEqual([255, 4, 9]);
  });

  it('reads CIFAR-100 records with their fine label', () => {
    const path = write('train.bin', cifarRecord([4, 87], 1), cifarRecord([19, 0], 1));
    const records = readCifar([path], 'cifar-100');
    expect(Array.from(records.labels)).toEqual([87, 0]);
    expect(records.images.length).toBe(2 * 3072);
  });

  it.each([
    [
      'a partial record',
      () => write('short.bin', cifarRecord([1], 0).subarray(0, 3000)),
      'cifar-10',
      /whole cifar-10 records of 3073 bytes.*3000 bytes/,
    ],
    ['an empty file', () => write('empty.bin'), 'cifar-10', /0 bytes/],
    [
      'a CIFAR-10 label of 10',
      () => write('label.bin', cifarRecord([2], 0), cifarRecord([10], 0)),
      'cifar-10',
      /labels below 10.*label 10 in record 1/,
    ],
    [
      'a CIFAR-100 fine label of 100',
      () => write('fine.bin', cifarRecord([1, 100], 0)),
      'cifar-100',
      /labels below 100.*label 100 in record 0/,
    ],
  ] as const)('rejects %s naming the file', (_, make, layout, message) => {
    const path = make();
    expect(() => readCifar([path], layout)).toThrow(InvalidArgumentError);
    expect(() => readCifar([path], layout)).toThrow(message);
    expect(() => readCifar([path], layout)).toThrow(path);
  });
});
