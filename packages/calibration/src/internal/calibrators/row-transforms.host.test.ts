import { RandomSource } from '@softlabels/core';
import { expectClose } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { readLabelledInput } from '../read-input';
import { meanNll, meanNllOfRows, PROBABILITY_FLOOR, probabilityRows } from './row-transforms';

function randomLogits(rows: number, classes: number, seed: number, spread: number) {
  const random = new RandomSource(seed);
  const values = Array.from({ length: rows }, () => Array.from({ length: classes }, () => spread * random.normal()));
  const labels = Array.from({ length: rows }, () => random.int(classes));
  return readLabelledInput({ logits: values }, labels, 'fitCalibrator', 1e-3);
}

describe('meanNllOfRows', () => {
  it.each([
    ['moderate logits', 1, 1],
    ['moderate logits at T = 2.5', 1, 1 / 2.5],
    ['logits whose label probabilities fall below the floor', 40, 1],
  ])('equals meanNll of probabilityRows for %s', (_name, spread, scale) => {
    const rows = randomLogits(200, 7, 3, spread);
    const expected = meanNll(probabilityRows(rows, scale), rows.labels, rows.classes);
    expectClose(meanNllOfRows(rows, scale), expected, { relative: 1e-12, absolute: 1e-12 });
  });

  it('caps each row at −log of the probability floor, and reads probabilities as they are', () => {
    const logits = readLabelledInput({ logits: [[0, 1000]] }, [0], 'fitCalibrator', 1e-3);
    expect(meanNllOfRows(logits)).toBe(-Math.log(PROBABILITY_FLOOR));
    const probabilities = readLabelledInput({ probabilities: [[0.25, 0.75]] }, [1], 'fitCalibrator', 1e-3);
    expectClose(meanNllOfRows(probabilities), -Math.log(0.75), { relative: 1e-15 });
  });
});

describe('probabilityRows', () => {
  it('gives the softmax of scale times the logits', () => {
    const rows = readLabelledInput({ logits: [[1, 2, 4]] }, [0], 'fitCalibrator', 1e-3);
    const p = probabilityRows(rows, 0.5);
    const e = [0.5, 1, 2].map(Math.exp);
    const sum = e.reduce((a, b) => a + b, 0);
    p.forEach((value, k) => expectClose(value, (e[k] as number) / sum, { relative: 1e-15 }));
  });
});
