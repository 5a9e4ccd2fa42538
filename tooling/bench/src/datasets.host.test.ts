import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { FASHION_MNIST_FOLDERS, trainingImages } from './datasets';

describe('trainingImages', () => {
  it('reads the first Fashion-MNIST training images, scaled to [0, 1], from the first folder that has them', () => {
    const empty = mkdtempSync(join(tmpdir(), 'softlabels-bench-images-'));
    try {
      const images = trainingImages(5, [empty, ...FASHION_MNIST_FOLDERS]);
      expect(images.kind).toBe('fashion-mnist');
      expect(FASHION_MNIST_FOLDERS).toContain(images.source);
      expect(images.features).toHaveLength(5 * 784);
      expect(Math.min(...images.features)).toBe(0);
      expect(Math.max(...images.features)).toBeLessThanOrEqual(1);
      expect(Math.max(...images.features)).toBeGreaterThan(0.5);
      // The first five labels of Fashion-MNIST's training split: ankle boot, T-shirt, T-shirt, dress, T-shirt.
      expect(Array.from(images.labels)).toEqual([9, 0, 0, 3, 0]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('falls back to synthetic images and says why when no folder has the files', () => {
    const empty = mkdtempSync(join(tmpdir(), 'softlabels-bench-images-'));
    try {
      const images = trainingImages(3, [empty]);
      expect(images.kind).toBe('synthetic');
      expect(images.source).toBe(`no Fashion-MNIST training files in ${empty}`);
      expect(images.features).toHaveLength(3 * 784);
      expect(images.labels.every((label) => label >= 0 && label < 10)).toBe(true);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
