import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { CLASS_NAMES, decodeDataset } from './dataset';

const asset = join(dirname(fileURLToPath(import.meta.url)), '../public/fashion-mnist-subset.bin');

describe('decodeDataset', () => {
  it('decodes the shipped subset: 3 000 + 1 000 images of 784 pixels in [0, 1], every class present', () => {
    const dataset = decodeDataset(gunzipSync(readFileSync(asset)));
    expect(dataset.pixels).toBe(784);
    expect([dataset.train.count, dataset.test.count]).toEqual([3000, 1000]);
    expect(dataset.train.images.length).toBe(3000 * 784);
    expect(dataset.test.images.reduce((a, b) => Math.max(a, b))).toBe(1);
    expect(dataset.test.images.reduce((a, b) => Math.min(a, b))).toBe(0);
    for (const split of [dataset.train, dataset.test]) {
      expect(new Set(split.labels).size).toBe(CLASS_NAMES.length);
    }
  });

  it('refuses bytes without the magic or of the wrong length', () => {
    expect(() => decodeDataset(new Uint8Array(16))).toThrow(/magic 'FMN1'/);
    const bytes = new Uint8Array(18);
    bytes.set([70, 77, 78, 49]);
    new DataView(bytes.buffer).setUint32(4, 1, true);
    new DataView(bytes.buffer).setUint32(12, 4, true);
    expect(() => decodeDataset(bytes)).toThrow(/expected 21 bytes, got 18/);
  });
});
