import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@softlabels/core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { applyTemperature } from './apply-temperature';
import { fitTemperature } from './fit-temperature';
import { negativeLogLikelihood } from './negative-log-likelihood';

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
      expect(scaled.shape).toEqual([2, 3]);
      tf.dispose([logits, scaled, argmax]);
    });
  });

  it('returns plain input in the form it came, rows kept, without touching tfjs', async () => {
    await expectNoLeak(() => {
      expect(applyTemperature([[3, 6]], 3)).toEqual([[1, 2]]);
      expect(applyTemperature([3, 6, -9, 0], 3)).toEqual([1, 2, -3, 0]);
      expect(applyTemperature([[[2, 4]], [[6, 8]]], 2)).toEqual([[[1, 2]], [[3, 4]]]);
      const flat = applyTemperature(new Float32Array([2, 0, -2, 4, 0, 0]), 2);
      expect(flat).toBeInstanceOf(Float32Array);
      expect(Array.from(flat)).toEqual([1, 0, -1, 2, 0, 0]);
      const float64 = applyTemperature(new Float64Array([1, 2]), 3);
      expect(float64).toEqual(new Float64Array([1 / 3, 2 / 3]));
      expect(applyTemperature(new Int32Array([3, 6]), 2)).toEqual(new Float32Array([1.5, 3]));
      const rowsOfTyped = applyTemperature([Float32Array.from([2, 4]), Float32Array.from([6, 8])], 2);
      expect(rowsOfTyped).toEqual([Float32Array.from([1, 2]), Float32Array.from([3, 4])]);
      expect(tf.memory().numTensors).toBe(0);
    });
  });

  it('gives what the metrics read as the same rows: a flat Float32Array in, a flat Float32Array out', () => {
    const logits = new Float32Array([4, 0, 0, 0, 4, 0, 0, 0, 4, 4, 0, 0]);
    const labels = [0, 1, 2, 1];
    const fit = fitTemperature(logits, labels);
    const scaled = applyTemperature(logits, fit.temperature);
    expect(scaled).toHaveLength(logits.length);
    const nested = applyTemperature(
      [
        [4, 0, 0],
        [0, 4, 0],
        [0, 0, 4],
        [4, 0, 0],
      ],
      fit.temperature,
    );
    expectClose(negativeLogLikelihood({ logits: scaled }, labels), fit.nllAfter, { relative: 1e-6, absolute: 0 });
    expectClose(negativeLogLikelihood({ logits: nested }, labels), fit.nllAfter, { relative: 1e-12, absolute: 0 });
  });

  it("takes the metrics' { logits } and gives { logits } back, refusing { probabilities }", async () => {
    await expectNoLeak(() => {
      const labels = [1, 1];
      const logits = [
        [2, 0, -2],
        [0.5, 3, 1],
      ];
      const fit = fitTemperature({ logits }, labels);
      const scaled = applyTemperature({ logits }, fit.temperature);
      expect(scaled).toEqual({ logits: applyTemperature(logits, fit.temperature) });
      expectClose(negativeLogLikelihood(scaled, labels), fit.nllAfter, { relative: 1e-12, absolute: 0 });
      const tensor = tf.tensor2d(logits);
      const tagged = applyTemperature({ logits: tensor }, 2);
      expectClose(tagged.logits.dataSync(), [1, 0, -1, 0.25, 1.5, 0.5]);
      tf.dispose([tensor, tagged.logits]);
      expect(() => applyTemperature({ probabilities: [[0.5, 0.5]] } as never, 2)).toThrow(
        "'logits.probabilities' passed to 'applyTemperature' must be logits",
      );
      expect(() => applyTemperature({ logits: [[1, Number.NaN]] }, 2)).toThrow("'logits.logits'");
      expect(() => applyTemperature({} as never, 2)).toThrow("'logits' passed to 'applyTemperature'");
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
    expect(() => applyTemperature([[1, 2], [3]], 1)).toThrow(
      "Argument 'logits' passed to 'applyTemperature' must be a tensor, a (nested) number array, a typed array or a { data, dims } tensor of " +
        'shape [2, 2], but got a ragged array',
    );
    expect(() => applyTemperature(new BigInt64Array(2) as never, 1)).toThrow(InvalidArgumentError);
  });

  it('rejects logits holding NaN or ±Infinity, leaving no tensor behind', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([[1, Number.NaN, 0]]);
      expect(() => applyTemperature(logits, 2)).toThrow(
        "Argument 'logits' passed to 'applyTemperature' must contain only finite values",
      );
      expect(() => applyTemperature([[1, Number.NEGATIVE_INFINITY]], 2)).toThrow(InvalidArgumentError);
      expect(() => applyTemperature(new Float32Array([1, Number.NaN]), 2)).toThrow(
        "Argument 'logits' passed to 'applyTemperature' must contain only finite values, but got NaN at flat index 1",
      );
      logits.dispose();
    });
  });
});
