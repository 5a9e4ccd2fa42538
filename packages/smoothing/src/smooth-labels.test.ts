import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { smoothLabels, type SmoothLabelsOptions } from './index';

interface SmoothCase {
  name: string;
  labelsShape: number[];
  labels: number[];
  numClasses: number;
  options: SmoothLabelsOptions;
  valueShape: number[];
  value: number[];
}

const cases = loadFixture<SmoothCase[]>(import.meta.url, './__fixtures__/smooth-labels.json');

describe('smoothLabels', () => {
  it.each(cases.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
    await expectNoLeak(() => {
      const labels = tf.tensor(fixture.labels, fixture.labelsShape, 'int32');
      const targets = smoothLabels(labels, fixture.numClasses, fixture.options);
      expect(targets.shape).toEqual(fixture.valueShape);
      expectClose(targets.dataSync(), fixture.value);
      tf.dispose([labels, targets]);
    });
  });

  it('gives rows that sum to 1 from plain arrays, under a prior too', async () => {
    await expectNoLeak(() => {
      const targets = smoothLabels([[0, 1, 2]], 3, { epsilon: 0.2, prior: [0.5, 0.25, 0.25] });
      const sums = tf.sum(targets, -1);
      expect(targets.shape).toEqual([1, 3, 3]);
      expectClose(sums.dataSync(), [1, 1, 1]);
      tf.dispose([targets, sums]);
    });
  });

  it('rejects bad class counts, labels and options', async () => {
    await expectNoLeak(() => {
      expect(() => smoothLabels([0, 1], 0)).toThrow(
        "Argument 'numClasses' passed to 'smoothLabels' must be an integer in [1, 2147483647]",
      );
      // Beyond int32, no class index could name the last classes.
      expect(() => smoothLabels([0], 2 ** 31)).toThrow("Argument 'numClasses' passed to 'smoothLabels'");
      expect(() => smoothLabels([0, 3], 3)).toThrow(
        "Argument 'labels' passed to 'smoothLabels' must hold integer class indices in [0, 2], but got 3 at flat index 1.",
      );
      expect(() => smoothLabels([0], 3, { epsilon: -1 })).toThrow(InvalidArgumentError);
      expect(() => smoothLabels([0], 3, { prior: [0.2, 0.2, 0.2] })).toThrow('must be a probability distribution');
      expect(() => smoothLabels([0], 3, { prior: [0.5, 0.5] })).toThrow(ShapeMismatchError);
      expect(() => smoothLabels([0], 3, { ignoreIndex: 1 } as SmoothLabelsOptions)).toThrow("'options.ignoreIndex'");
    });
  });
});
