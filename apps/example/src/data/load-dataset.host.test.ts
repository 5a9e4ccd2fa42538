import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { InvalidArgumentError } from '@softlabels/core';
import { expectClose } from '@softlabels/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

import { loadDataset } from './load-dataset';
import { cifarRecord } from './cifar-record';
import { readCsv } from './read-csv';

const folder = mkdtempSync(join(tmpdir(), 'softlabels-dataset-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function idx(shape: number[], values: number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  shape.forEach((size, axis) => new DataView(header.buffer).setUint32(4 + 4 * axis, size, false));
  return Uint8Array.from([...header, ...values]);
}

describe('loadDataset', () => {
  it('loads a folder of IDX files (plain and gzip mixed), scaling pixels to [0, 1]', () => {
    const path = join(folder, 'idx');
    mkdirSync(path);
    writeFileSync(join(path, 'train-images-idx3-ubyte.gz'), gzipSync(idx([2, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4])));
    writeFileSync(join(path, 'train-labels-idx1-ubyte'), idx([2], [0, 3]));
    writeFileSync(join(path, 't10k-images-idx3-ubyte'), idx([1, 2, 2], [9, 9, 9, 9]));
    writeFileSync(join(path, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx([1], [1])));
    const data = loadDataset(path);
    expect(data).toMatchObject({
      name: path,
      height: 2,
      width: 2,
      channels: 1,
      features: 4,
      classNames: ['0', '1', '2', '3'],
    });
    expectClose(data.train.images.subarray(0, 4), [0, 1, 0.2, 0.4], { relative: 1e-7, absolute: 0 });
    expect(Array.from(data.train.labels)).toEqual([0, 3]);
    expect(data.test.count).toBe(1);
  });

  it('loads a folder with …train.csv and …test.csv', () => {
    const path = join(folder, 'csv');
    mkdirSync(path);
    writeFileSync(join(path, 'digits_train.csv'), 'label,p1,p2,p3,p4\n1,0,255,0,255\n0,255,0,0,0\n');
    writeFileSync(join(path, 'digits_test.csv'), '1,0,0,0,255\n');
    const data = loadDataset(path);
    expect(data.train.count).toBe(2);
    expect(Array.from(data.train.images.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    expect(Array.from(data.test.labels)).toEqual([1]);
  });

  it('loads a CIFAR-10 folder (batches in numeric order, names from batches.meta.txt), 32×32×3 in [0, 1]', () => {
    const path = join(folder, 'cifar-10');
    mkdirSync(path);
    writeFileSync(join(path, 'data_batch_2.bin'), cifarRecord([7], 3));
    writeFileSync(join(path, 'data_batch_1.bin'), Buffer.concat([cifarRecord([1], 0), cifarRecord([2], 0)]));
    writeFileSync(join(path, 'test_batch.bin'), cifarRecord([5], 1));
    writeFileSync(
      join(path, 'batches.meta.txt'),
      'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n',
    );
    const data = loadDataset(path);
    expect(data).toMatchObject({ height: 32, width: 32, channels: 3, features: 3072 });
    expect(data.classNames).toEqual([
      'airplane',
      'automobile',
      'bird',
      'cat',
      'deer',
      'dog',
      'frog',
      'horse',
      'ship',
      'truck',
    ]);
    expect(Array.from(data.train.labels)).toEqual([1, 2, 7]);
    // Training image 2 comes from data_batch_2 (shift 3): pixel 1 is red 1, green 4, blue 7.
    expectClose(data.train.images.subarray(2 * 3072 + 3, 2 * 3072 + 6), [1 / 255, 4 / 255, 7 / 255], {
      relative: 1e-7,
      absolute: 0,
    });
    expect([data.train.count, data.test.count]).toEqual([3, 1]);
  });

  it('loads a CIFAR-100 folder with fine labels, class indices as names without fine_label_names.txt', () => {
    const path = join(folder, 'cifar-100');
    mkdirSync(path);
    writeFileSync(join(path, 'train.bin'), Buffer.concat([cifarRecord([0, 42], 0), cifarRecord([3, 99], 0)]));
    writeFileSync(join(path, 'test.bin'), cifarRecord([1, 7], 0));
    const data = loadDataset(path);
    expect(Array.from(data.train.labels)).toEqual([42, 99]);
    expect(Array.from(data.test.labels)).toEqual([7]);
    expect(data.classNames).toHaveLength(100);
    expect(data.classNames[99]).toBe('99');
    expect(data.channels).toBe(3);
  });

  it('refuses a folder in place of an IDX file or a CIFAR batch with a typed error', () => {
    const idxPath = join(folder, 'idx-with-folder');
    mkdirSync(join(idxPath, 'train-images-idx3-ubyte'), { recursive: true });
    writeFileSync(join(idxPath, 'train-labels-idx1-ubyte'), idx([1], [0]));
    expect(() => loadDataset(idxPath)).toThrow(/'--dataset'.*hold train-images-idx3-ubyte as a file.*a folder at/);
    const cifarPath = join(folder, 'cifar-with-folder');
    mkdirSync(join(cifarPath, 'data_batch_1.bin'), { recursive: true });
    writeFileSync(join(cifarPath, 'test_batch.bin'), cifarRecord([5], 1));
    expect(() => loadDataset(cifarPath)).toThrow(InvalidArgumentError);
    expect(() => loadDataset(cifarPath)).toThrow(/'readCifar'.*be a file, but got a folder/);
  });

  it('loads the shipped Fashion-MNIST with its class names', () => {
    const data = loadDataset('fashion-mnist');
    expect([data.train.count, data.test.count, data.features]).toEqual([60000, 10000, 784]);
    expect(data.classNames[9]).toBe('Ankle boot');
  });

  it.each([
    ['a missing folder', join(folder, 'nope'), /a missing folder/],
    ['a folder without the files', folder, /a folder without the train files/],
  ])('rejects %s with an error naming --dataset', (_, path, message) => {
    expect(() => loadDataset(path)).toThrow(InvalidArgumentError);
    expect(() => loadDataset(path)).toThrow(/Argument '--dataset' passed to 'pnpm example'/);
    expect(() => loadDataset(path)).toThrow(message);
  });
});

describe('readCsv', () => {
  it.each([
    ['non-square rows', '1,2,3\n', /square number of pixels/],
    ['a ragged line', '1,0,0,0,0\n2,0,0\n', /5 fields on every line, but got 3 on data line 2/],
    ['a value out of range', '1,0,300,0,0\n', /integers in \[0, 255\].*"300" on data line 1, field 3/],
    ['no data', 'label,p1\n', /no data lines/],
  ])('rejects %s naming the file', (_, text, message) => {
    expect(() => readCsv('bad.csv', text)).toThrow(InvalidArgumentError);
    expect(() => readCsv('bad.csv', text)).toThrow(message);
    expect(() => readCsv('bad.csv', text)).toThrow(/in bad\.csv/);
  });
});
