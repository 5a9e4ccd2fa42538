import { readFileSync } from 'node:fs';

import type { IdxArray } from './read-idx';
import { failReading } from './reading-error';

const fail = (source: string, expected: string, got: string): never => failReading('readCsv', source, expected, got);

/**
 * Reads an image-classification CSV in the layout of the Kaggle MNIST / Fashion-MNIST files: one image per line,
 * `label,pixel1,…,pixelN` with integer values in [0, 255], an optional header line (detected by a non-numeric first
 * field), square images (N a perfect square). Returns the images as an IDX-like `[count, side, side]` byte array and
 * the labels as `[count]`, so the CSV and IDX paths share everything after reading. Malformed input is an
 * `InvalidArgumentError` naming the file and the line.
 *
 * @example
 * ```ts
 * import { readCsv } from './read-csv';
 * const { images, labels } = readCsv('fashion-mnist_test.csv');
 * console.log(images.shape, labels.shape); // [10000, 28, 28] [10000]
 * ```
 */
export function readCsv(
  path: string,
  text: string = readFileSync(path, 'utf8'),
): { images: IdxArray; labels: IdxArray } {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length > 0 && !/^\s*-?\d/.test(lines[0] as string)) lines.shift();
  if (lines.length === 0) fail(path, 'hold at least one line label,pixel1,…,pixelN', 'no data lines');
  const width = (lines[0] as string).split(',').length - 1;
  const side = Math.round(Math.sqrt(width));
  if (width < 1 || side * side !== width) {
    fail(path, 'hold a label and a square number of pixels per line', `${width} pixels on the first data line`);
  }
  const pixels = new Uint8Array(lines.length * width);
  const labels = new Uint8Array(lines.length);
  lines.forEach((line, row) => {
    const fields = line.split(',');
    if (fields.length !== width + 1)
      fail(path, `hold ${width + 1} fields on every line`, `${fields.length} on data line ${row + 1}`);
    fields.forEach((field, column) => {
      const value = /^\s*\d+\s*$/.test(field) ? Number(field) : Number.NaN;
      if (!(value >= 0 && value <= 255)) {
        fail(
          path,
          'hold integers in [0, 255]',
          `${JSON.stringify(field)} on data line ${row + 1}, field ${column + 1}`,
        );
      }
      if (column === 0) labels[row] = value;
      else pixels[row * width + column - 1] = value;
    });
  });
  return {
    images: { shape: [lines.length, side, side], data: pixels },
    labels: { shape: [lines.length], data: labels },
  };
}
