import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { rowsLookLikeProbabilities } from './rows-look-like-probabilities';

describe('rowsLookLikeProbabilities', () => {
  it('is true for rows of a softmax and false for logits, one class or no rows', () => {
    expect(rowsLookLikeProbabilities(new Float32Array([0.2, 0.8, 0.6, 0.4]), 2)).toBe(true);
    expect(rowsLookLikeProbabilities([0.1, 0.2, 0.7], 3)).toBe(true);
    expect(rowsLookLikeProbabilities([2.1, -0.3, 0.5, 1.5], 2)).toBe(false);
    expect(rowsLookLikeProbabilities([0.2, 0.3, 0.5, 0.5], 2)).toBe(false);
    expect(rowsLookLikeProbabilities([0.5, 0.5, Number.NaN, 1], 2)).toBe(false);
    expect(rowsLookLikeProbabilities([1, 1], 1)).toBe(false);
    expect(rowsLookLikeProbabilities([], 3)).toBe(false);
  });

  it('is true for any softmax and false once a value leaves [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 12, maxLength: 60 }),
        (classes, logits) => {
          const rows = Math.floor(logits.length / classes);
          const probabilities: number[] = [];
          for (let row = 0; row < rows; row += 1) {
            const slice = logits.slice(row * classes, (row + 1) * classes);
            const top = Math.max(...slice);
            const exps = slice.map((value) => Math.exp(value - top));
            const total = exps.reduce((sum, value) => sum + value, 0);
            probabilities.push(...exps.map((value) => value / total));
          }
          expect(rowsLookLikeProbabilities(Float32Array.from(probabilities), classes)).toBe(true);
          probabilities[0] = -0.5;
          expect(rowsLookLikeProbabilities(probabilities, classes)).toBe(false);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('names a bad argument', () => {
    expect(() => rowsLookLikeProbabilities('0.5' as never, 2)).toThrow(InvalidArgumentError);
    expect(() => rowsLookLikeProbabilities([0.5, '0.5'] as never, 2)).toThrow('but got "0.5" at index 1');
    expect(() => rowsLookLikeProbabilities([0.5], 0)).toThrow("'classes' passed to 'rowsLookLikeProbabilities'");
  });
});
