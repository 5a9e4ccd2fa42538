import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@softlabels/core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { applyTemperature } from './apply-temperature';

describe('applyTemperature', () => {
  it('divides logits by T and keeps the argmax', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [2, 0, -2],
        [0.5, 3, 1],
      ]);
      const scaled = applyTemperature(logits, 2);
      expectClose(scaled.dataSync(), [1, 0, -1, 0.25, 1.5, 0.5]);
      const argmax = tf.argMax(scaled, -1);
      expect(Array.from(argmax.dataSync())).toEqual([0, 1]);
      const fromArray = applyTemperature([[3, 6]], 3);
      expectClose(fromArray.dataSync(), [1, 2]);
      tf.dispose([logits, scaled, argmax, fromArray]);
    });
  });

  it('rejects temperatures outside TEMPERATURE_RANGE, where z / T would overflow or underflow', () => {
    expect(() => applyTemperature([[1, 2]], 1e-320)).toThrow(
      "Argument 'temperature' passed to 'applyTemperature' must be a finite number in [0.0001, 10000], but got 1e-320.",
    );
    for (const temperature of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e5, 9e-5]) {
      expect(() => applyTemperature([[1, 2]], temperature)).toThrow(InvalidArgumentError);
    }
    expect(() => applyTemperature('x' as never, 1)).toThrow("Argument 'logits' passed to 'applyTemperature'");
  });

  it('rejects logits holding NaN or ±Infinity, leaving no tensor behind', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([[1, Number.NaN, 0]]);
      expect(() => applyTemperature(logits, 2)).toThrow(
        "Argument 'logits' passed to 'applyTemperature' must contain only finite values",
      );
      expect(() => applyTemperature([[1, Number.NEGATIVE_INFINITY]], 2)).toThrow(InvalidArgumentError);
      logits.dispose();
    });
  });
});
