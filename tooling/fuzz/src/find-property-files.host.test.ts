import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { findPropertyFiles } from './find-property-files';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('findPropertyFiles', () => {
  it('finds the property tests of the kernels and of the public ops', () => {
    const files = findPropertyFiles(root).map((file) => relative(root, file));
    expect(files).toEqual(
      expect.arrayContaining([
        'packages/core/src/kernels/lsce-forward-backward.property.test.ts',
        'packages/core/src/backend/fast-gather.property.test.ts',
        'packages/smoothing/src/label-smoothing-cross-entropy.property.test.ts',
        'packages/calibration/src/fit-temperature.property.test.ts',
        'packages/distillation/src/distillation-loss.property.test.ts',
      ]),
    );
    expect(files.every((file) => file.endsWith('.property.test.ts'))).toBe(true);
    expect([...files].sort()).toEqual(files);
  });
});
