import { describe, expect, it } from 'vitest';

import { encodeNpy } from './encode-npy';
import { PredictionFileError } from './prediction-file-error';
import { readPredictionFiles } from './read-prediction-files';

const scores = Float32Array.from([2, -1, 0.5, 0, 1, 3]);

describe('readPredictionFiles', () => {
  it('reads one .npy of scores with the label in the last column', () => {
    const bytes = encodeNpy('<f8', [2, 4], Float64Array.from([2, -1, 0.5, 0, 0, 1, 3, 2]));
    const { predictions, name } = readPredictionFiles([{ name: 'all.npy', bytes }]);
    expect(name).toBe('all.npy');
    expect(predictions.kind).toBe('logits');
    expect(predictions.classes).toBe(3);
    expect(Array.from(predictions.values)).toEqual([2, -1, 0.5, 0, 1, 3]);
    expect(Array.from(predictions.labels)).toEqual([0, 2]);
  });

  it('reads two .npy files, scores and labels, in either order', () => {
    const files = [
      { name: 'labels.npy', bytes: encodeNpy('<i8', [2], BigInt64Array.from([1n, 2n])) },
      { name: 'logits.npy', bytes: encodeNpy('<f4', [2, 3], scores) },
    ];
    const { predictions, name } = readPredictionFiles(files);
    expect(name).toBe('logits.npy + labels.npy');
    expect(Array.from(predictions.labels)).toEqual([1, 2]);
    expect(Array.from(predictions.values)).toEqual(Array.from(scores));
    const probabilities = readPredictionFiles([
      { name: 'p.npy', bytes: encodeNpy('<f4', [1, 2], Float32Array.from([0.25, 0.75])) },
      { name: 'y.npy', bytes: encodeNpy('<i4', [1], Int32Array.from([1])) },
    ]);
    expect(probabilities.predictions.kind).toBe('probabilities');
  });

  it('reads a CSV or JSON file as text', () => {
    const bytes = new TextEncoder().encode('{"probabilities": [[0.5, 0.5]], "labels": [1]}');
    expect(readPredictionFiles([{ name: 'p.json', bytes }]).predictions.kind).toBe('probabilities');
  });

  it('names the file and what is wrong with it', () => {
    const refuse = (files: Array<{ name: string; bytes: Uint8Array }>, pattern: RegExp) => {
      expect(() => readPredictionFiles(files)).toThrow(PredictionFileError);
      expect(() => readPredictionFiles(files)).toThrow(pattern);
    };
    refuse(
      [{ name: 's.npy', bytes: encodeNpy('<f4', [6], scores) }],
      /^s\.npy: has shape \(6\); one \.npy file must be \[N, K \+ 1\]/,
    );
    refuse(
      [
        { name: 's.npy', bytes: encodeNpy('<f4', [2, 3], scores) },
        { name: 'y.npy', bytes: encodeNpy('<i4', [3], Int32Array.from([0, 1, 2])) },
      ],
      /^y\.npy: must hold one label per row of s\.npy \(2 rows, 3 labels\)/,
    );
    refuse(
      [
        { name: 's.npy', bytes: encodeNpy('<f4', [2, 3], scores) },
        { name: 't.npy', bytes: encodeNpy('<f4', [2, 3], scores) },
      ],
      /^s\.npy \+ t\.npy: must be a \[N, K\] scores array and a \[N\] labels array, got s\.npy \(2, 3\) and t\.npy \(2, 3\)/,
    );
    refuse(
      [
        { name: 's.npy', bytes: encodeNpy('<f4', [2, 3], scores) },
        { name: 'y.npy', bytes: encodeNpy('<f4', [2], Float32Array.from([0.5, 1])) },
      ],
      /^s\.npy \+ y\.npy: must give integer labels in 0…2/,
    );
    refuse(
      [
        { name: 'a.csv', bytes: new Uint8Array(0) },
        { name: 'b.npy', bytes: new Uint8Array(0) },
      ],
      /^a\.csv \+ b\.npy: must be one CSV, JSON or \.npy file, or two \.npy files/,
    );
  });
});
