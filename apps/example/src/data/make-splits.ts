import { InvalidArgumentError, RandomSource } from '@softlabels/core';

import type { Dataset, DatasetSplit } from './load-dataset';

/** The three splits every stage uses. */
export interface Splits {
  /** Training images, drawn once from the official training split. */
  train: DatasetSplit;
  /** Held-out images from the official training split, disjoint from `train`: temperature fitting, validation panels. */
  heldOut: DatasetSplit;
  /** The first images of the official test split: every reported metric. */
  test: DatasetSplit;
}

/** Seed of the one permutation that picks the training and held-out images (the same for every run seed). */
export const DATA_SEED = 20190611;

function take(split: DatasetSplit, order: Int32Array | null, start: number, count: number): DatasetSplit {
  const features = split.images.length / split.count;
  const images = new Float32Array(count * features);
  const labels = new Int32Array(count);
  for (let row = 0; row < count; row += 1) {
    const source = order === null ? start + row : (order[start + row] as number);
    images.set(split.images.subarray(source * features, (source + 1) * features), row * features);
    labels[row] = split.labels[source] as number;
  }
  return { images, labels, count };
}

/**
 * Draws `trainSize` training and `heldOutSize` held-out images from the official training split (one fixed
 * permutation, {@link DATA_SEED}) and takes the first `testSize` test images.
 *
 * @example
 * ```ts
 * import { loadDataset } from './load-dataset';
 * import { makeSplits } from './make-splits';
 * const splits = makeSplits(loadDataset('fashion-mnist'), { trainSize: 10000, heldOutSize: 5000, testSize: 10000 });
 * ```
 */
export function makeSplits(
  dataset: Dataset,
  sizes: { trainSize: number; heldOutSize: number; testSize: number },
): Splits {
  const { trainSize, heldOutSize, testSize } = sizes;
  if (trainSize + heldOutSize > dataset.train.count) {
    throw new InvalidArgumentError({
      functionName: 'pnpm example',
      parameter: '--train-size',
      value: trainSize,
      expected: `leave ${heldOutSize} of the ${dataset.train.count} training images for the held-out split (use --train-size ${dataset.train.count - heldOutSize} or less)`,
    });
  }
  const order = new RandomSource(DATA_SEED).permutation(dataset.train.count);
  const splits = {
    train: take(dataset.train, order, 0, trainSize),
    heldOut: take(dataset.train, order, trainSize, heldOutSize),
    test: take(dataset.test, null, 0, Math.min(testSize, dataset.test.count)),
  };
  checkLearnable(splits.train, dataset.name);
  return splits;
}

/** Refuses, before any training, a training split that holds one class only or images that are all alike. */
function checkLearnable(train: DatasetSplit, name: string): void {
  const classes = new Set(train.labels).size;
  const first = train.images[0];
  const constant = train.images.every((value) => value === first);
  if (classes < 2 || constant) {
    throw new InvalidArgumentError({
      functionName: 'pnpm example',
      parameter: '--dataset',
      value: name,
      expected: 'give training images of at least two classes that are not all alike',
      got: classes < 2 ? `one class in the ${train.count} training images` : `${train.count} identical training images`,
    });
  }
}
