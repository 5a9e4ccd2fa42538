import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import type { Dataset } from './load-dataset';
import { makeSplits } from './make-splits';

function dataset(labels: number[], images: (row: number) => number[]): Dataset {
  const count = labels.length;
  const split = {
    images: Float32Array.from(labels.flatMap((_, row) => images(row))),
    labels: Int32Array.from(labels),
    count,
  };
  return {
    name: 'tiny',
    source: 'memory',
    height: 1,
    width: 2,
    channels: 1,
    features: 2,
    classNames: ['a', 'b'],
    train: split,
    test: split,
  };
}

describe('makeSplits', () => {
  const sizes = { trainSize: 6, heldOutSize: 2, testSize: 8 };

  it('draws disjoint training and held-out rows from the training split', () => {
    const data = dataset([0, 1, 0, 1, 0, 1, 0, 1], (row) => [row, -row]);
    const splits = makeSplits(data, sizes);
    const firsts = (images: Float32Array) => Array.from(images.filter((_, index) => index % 2 === 0));
    const rows = [...firsts(splits.train.images), ...firsts(splits.heldOut.images)].sort();
    expect(rows).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(splits.test.count).toBe(8);
  });

  it('refuses, before any training, one class or identical images with a typed error naming --dataset', () => {
    const oneClass = dataset([1, 1, 1, 1, 1, 1, 1, 1], (row) => [row, 0]);
    expect(() => makeSplits(oneClass, sizes)).toThrow(InvalidArgumentError);
    expect(() => makeSplits(oneClass, sizes)).toThrow(/'--dataset'.*but got one class in the 6 training images/);
    const constant = dataset([0, 1, 0, 1, 0, 1, 0, 1], () => [0.5, 0.5]);
    expect(() => makeSplits(constant, sizes)).toThrow(/'--dataset'.*but got 6 identical training images/);
  });
});
