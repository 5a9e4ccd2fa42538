import { describe, expect, it } from 'vitest';

import { chooseProjectionTriples } from './choose-projection-triples';

/** Logits of `rows` examples predicting `predicted[row]` (one-hot scaled). */
function logitsFor(predicted: number[], classes: number): Float32Array {
  const logits = new Float32Array(predicted.length * classes);
  predicted.forEach((label, row) => {
    logits[row * classes + label] = 5;
  });
  return logits;
}

describe('chooseProjectionTriples', () => {
  it('pairs the most confused classes with the class least confused with both, and finds an unconfused triple', () => {
    // Five classes: 3 ↔ 4 confused three times, 0 ↔ 3 once, 1 ↔ 4 once, 2 never.
    const labels = [3, 3, 4, 0, 1, 0, 1, 2, 2];
    const predicted = [4, 4, 3, 3, 4, 0, 1, 2, 2];
    const triples = chooseProjectionTriples(logitsFor(predicted, 5), Int32Array.from(labels), 5);
    expect(triples.similar).toEqual([3, 4, 2]);
    expect(triples.dissimilar).toEqual([0, 1, 2]);
  });

  it('breaks ties by the smaller indices when nothing is confused', () => {
    const labels = [0, 1, 2, 3];
    const triples = chooseProjectionTriples(logitsFor(labels, 4), Int32Array.from(labels), 4);
    expect(triples).toEqual({ dissimilar: [0, 1, 2], similar: [0, 1, 2] });
  });
});
