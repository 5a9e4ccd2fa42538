import { describe, expect, it } from 'vitest';

import { PredictionFileError } from './prediction-file-error';
import { readPredictions } from './read-predictions';

describe('readPredictions', () => {
  it('reads a CSV of probabilities with a header line', () => {
    const predictions = readPredictions('p0,p1,label\n0.9,0.1,0\n0.2,0.8,1\n', 'scores.csv');
    expect(predictions.kind).toBe('probabilities');
    expect(predictions.classes).toBe(2);
    expect(Array.from(predictions.labels)).toEqual([0, 1]);
    expect(Array.from(predictions.values)).toEqual([0.9, 0.1, 0.2, 0.8].map(Math.fround));
  });

  it('reads CSV rows that are not distributions as logits', () => {
    const predictions = readPredictions('2,-1,0,2\n0.5,0.5,3,1\n', 'logits.csv');
    expect(predictions.kind).toBe('logits');
    expect(predictions.classes).toBe(3);
    expect(Array.from(predictions.labels)).toEqual([2, 1]);
  });

  it('reads JSON logits and JSON probabilities', () => {
    const logits = readPredictions('{"logits": [[1, 2], [3, -1]], "labels": [1, 0]}', 'a.json');
    expect(logits.kind).toBe('logits');
    expect(Array.from(logits.values)).toEqual([1, 2, 3, -1]);
    const probabilities = readPredictions('{"probabilities": [[0.5, 0.5]], "labels": [1]}', 'b.json');
    expect(probabilities.kind).toBe('probabilities');
  });

  it('names the file and what is wrong with it', () => {
    expect(() => readPredictions('{"logits": [[1, 2]]}', 'a.json')).toThrow(
      /^a\.json: must be a JSON .*"labels" arrays/,
    );
    expect(() => readPredictions('{"logits": [[1, 2]], "labels": [0, 1]}', 'a.json')).toThrow(
      /^a\.json: must give one label per row \(1 rows, 2 labels\)/,
    );
    expect(() => readPredictions('1,2,5\n', 'a.csv')).toThrow(/^a\.csv: must give integer labels in 0…1/);
    expect(() => readPredictions('1,2,0\n1,0\n', 'a.csv')).toThrow(/^a\.csv: must give every row 2 scores \(row 2\)/);
    expect(() => readPredictions('1,2,0\n1,x,0\n', 'a.csv')).toThrow(/^a\.csv: must hold finite numbers only/);
    expect(() => readPredictions('{nope', 'a.json')).toThrow(/^a\.json: must be valid JSON/);
    expect(() => readPredictions('{nope', 'a.json')).toThrow(PredictionFileError);
  });
});
