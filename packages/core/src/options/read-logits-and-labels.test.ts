import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { readLogitsAndLabels } from './read-logits-and-labels';

describe('readLogitsAndLabels', () => {
  it('gives float32 logits, int32 labels of the leading shape, the class count and the row count', () => {
    tf.tidy(() => {
      const read = readLogitsAndLabels([[[1, 2, 3]], [[4, 5, 6]]], [[0], [2]], 'f');
      expect(read.logits.dtype).toBe('float32');
      expect(read.labels.dtype).toBe('int32');
      expect(read.labels.shape).toEqual([2, 1]);
      expect(Array.from(read.labels.dataSync())).toEqual([0, 2]);
      expect(read.classes).toBe(3);
      expect(read.rows).toBe(2);
    });
  });

  it('checks rank, label shape, finiteness and label range, naming the arguments', () => {
    tf.tidy(() => {
      expect(() => readLogitsAndLabels([1, 2], [0], 'f')).toThrow(ShapeMismatchError);
      expect(() => readLogitsAndLabels([[1, 2]], [0, 1], 'f')).toThrow("Argument 'labels' passed to 'f'");
      expect(() => readLogitsAndLabels([[1, Number.NaN]], [0], 'f', { logitsName: 'teacherLogits' })).toThrow(
        "Argument 'teacherLogits' passed to 'f' must contain only finite values",
      );
      expect(() => readLogitsAndLabels([[1, 2]], [2], 'f', { labelsName: 'options.labels' })).toThrow(
        "Argument 'options.labels' passed to 'f' must hold integer class indices in [0, 1]",
      );
      expect(() => readLogitsAndLabels([[1, 2]], [0.5], 'f')).toThrow(InvalidArgumentError);
    });
  });

  it('accepts the ignore index and skips value checks without checks, but never shape checks', () => {
    tf.tidy(() => {
      expect(Array.from(readLogitsAndLabels([[1, 2]], [-100], 'f', { ignoreIndex: -100 }).labels.dataSync())).toEqual([
        -100,
      ]);
      expect(() => readLogitsAndLabels([[1, Number.NaN]], [5], 'f', { checks: false })).not.toThrow();
      expect(() => readLogitsAndLabels([[1, 2]], [0, 0], 'f', { checks: false })).toThrow(ShapeMismatchError);
    });
  });

  it('leaves nothing behind inside a tidy scope', async () => {
    const logits = tf.tensor2d([[1, 2]]);
    const labels = tf.tensor1d([1], 'int32');
    await expectNoLeak(() => tf.tidy(() => void readLogitsAndLabels(logits, labels, 'f')));
    tf.dispose([logits, labels]);
  });
});
