import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { viewTensorData } from '@softlabels/core/kernels';
import { expectNoLeak, testBackend } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { brierScore } from '../brier-score';
import { CalibrationAccumulator } from '../calibration-accumulator';
import { classwiseCalibrationError } from '../classwise-calibration-error';
import { expectedCalibrationError } from '../expected-calibration-error';
import { fitTemperature } from '../fit-temperature';
import { reliabilityDiagram } from '../reliability-diagram';
import { readLabelledInput, readRows } from './read-input';

const name = 'someMetric';

describe('readLabelledInput', () => {
  it('reads nested arrays as float64, tensors as float32, flat arrays as N rows of length / N', async () => {
    const nested = readLabelledInput(
      {
        probabilities: [
          [0.1, 0.9],
          [0.5, 0.5],
        ],
      },
      [1, 0],
      name,
      1e-3,
    );
    expect(nested).toMatchObject({ kind: 'probabilities', rows: 2, classes: 2 });
    expect(nested.values).toBeInstanceOf(Float64Array);
    expect(Array.from(nested.labels)).toEqual([1, 0]);
    const flat = readLabelledInput({ logits: new Float64Array([1, 2, 3, 4, 5, 6]) }, new Int32Array([2, 0]), name, 0);
    expect([flat.rows, flat.classes]).toEqual([2, 3]);
    const rows = readLabelledInput({ logits: [Float32Array.from([1, 2]), Float32Array.from([3, 4])] }, [0, 1], name, 0);
    expect(Array.from(rows.values)).toEqual([1, 2, 3, 4]);
    await expectNoLeak(() => {
      const logits = tf.zeros([2, 3, 4]);
      const labels = tf.tensor2d(
        [
          [0, 1, 2],
          [3, 0, 1],
        ],
        undefined,
        'int32',
      );
      const read = readLabelledInput({ logits }, labels, name, 0);
      expect([read.rows, read.classes]).toEqual([6, 4]);
      expect(read.values).toBeInstanceOf(Float32Array);
      tf.dispose([logits, labels]);
    });
  });

  it.each([
    [{}, "Argument 'input' passed to 'someMetric' must be an object with exactly one of 'logits' or 'probabilities'"],
    [{ logits: [[1, 2]], probabilities: [[0.5, 0.5]] }, 'but got both'],
    [[[0.5, 0.5]], "exactly one of 'logits' or 'probabilities'"],
    [null, "exactly one of 'logits' or 'probabilities'"],
    [
      { logits: 'abc' },
      "Argument 'input.logits' passed to 'someMetric' must be a tensor, a (nested) number array, a typed array or a { data, dims } tensor",
    ],
    [{ logits: [[1, 2], [3]] }, 'a ragged array'],
    [{ logits: [[1, '2']] }, 'a string leaf at flat index 1'],
    [
      { logits: [[1, Number.NaN]] },
      "Argument 'input.logits' passed to 'someMetric' must contain only finite values, but got NaN at flat index 1",
    ],
    [{ probabilities: [[0.5, Number.POSITIVE_INFINITY]] }, 'Infinity at flat index 1'],
    [
      { probabilities: [[0.7, 0.7]] },
      'must hold rows that sum to 1 (tolerance 0.001), but got a row sum of 1.4 at row 0',
    ],
    [
      { probabilities: [[1.5, -0.5]] },
      'must hold probabilities in [0, 1] (tolerance 0.001), but got 1.5 at row 0, class 0',
    ],
    [{ probabilities: [[]] }, 'must hold at least one row, but got an empty input'],
    [{ logits: [] }, 'must hold at least one row'],
  ])('rejects the input %j', (input, message) => {
    expect(() => readLabelledInput(input, [0], name, 1e-3)).toThrow(message);
    expect(() => readLabelledInput(input, [0], name, 1e-3)).toThrow(InvalidArgumentError);
  });

  it('refuses arrays nested deeper than 32 levels before walking them, for scores and labels alike', () => {
    let deep: unknown = [0.5, 0.5];
    for (let level = 0; level < 20_000; level += 1) deep = [deep];
    expect(() => readLabelledInput({ probabilities: deep }, [0], name, 1e-3)).toThrow(
      "Argument 'input.probabilities' passed to 'someMetric' must be a tensor, a (nested) number array, a typed " +
        'array or a { data, dims } tensor nested at most 32 levels deep, but got an array nested deeper',
    );
    expect(() => readLabelledInput({ logits: [[1, 2]] }, deep, name, 1e-3)).toThrow(InvalidArgumentError);
    let deepest32: unknown = [[0.5, 0.5]];
    for (let level = 2; level < 32; level += 1) deepest32 = [deepest32];
    expect(readLabelledInput({ probabilities: deepest32 }, [0], name, 1e-3)).toMatchObject({ rows: 1, classes: 2 });
  });

  it.each([
    [
      { logits: [[1, 2, 3]] },
      [0, 1],
      "Argument 'labels' passed to 'someMetric' must hold one label per row (1 labels)",
    ],
    [{ logits: [[1], [2]] }, [0, 0], 'must have at least 2 classes on the last axis'],
    [{ logits: [1, 2, 3] }, [0, 1], 'be flat with a length divisible by the number of labels (2)'],
  ])('rejects shapes: %j with labels %j', (input, labels, message) => {
    expect(() => readLabelledInput(input, labels, name, 0)).toThrow(message);
    expect(() => readLabelledInput(input, labels, name, 0)).toThrow(ShapeMismatchError);
  });

  it.each([
    [[3], 'must hold integer class indices in [0, 2], but got 3 at flat index 0'],
    [[-1], 'but got -1 at flat index 0'],
    [[0.5], 'but got 0.5 at flat index 0'],
    [[Number.NaN], "Argument 'labels' passed to 'someMetric' must contain only finite values"],
  ])('rejects labels %j', (labels, message) => {
    expect(() => readLabelledInput({ logits: [[1, 2, 3]] }, labels, name, 0)).toThrow(message);
  });

  it('rejects disposed and non-numeric tensors', () => {
    const gone = tf.tensor2d([[1, 2]]);
    gone.dispose();
    expect(() => readLabelledInput({ logits: gone }, [0], name, 0)).toThrow('but got a disposed tensor');
    const text = tf.tensor1d(['a'], 'string');
    expect(() => readLabelledInput({ logits: [[1, 2]] }, text, name, 0)).toThrow('but got a string tensor');
    text.dispose();
  });
});

describe('readRows', () => {
  it('needs a class axis when there are no labels', () => {
    expect(readRows({ logits: [[1, 2, 3]] }, name, 0).classes).toBe(3);
    expect(() => readRows({ logits: new Float32Array(6) }, name, 0)).toThrow(
      'have shape [..., K] (rows of class scores)',
    );
  });
});

interface WasmModule {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
}

/**
 * On `wasm`, takes the free space of tfjs-backend-wasm's heap — every free region of at least `chunk` bytes, and the
 * top of the heap but for about `chunk` bytes — so that the next allocation of a few times `chunk` must grow the heap,
 * and returns the function that gives the space back. On other backends it takes nothing.
 */
function fillWasmHeap(chunk = 16 * 1024): () => void {
  if (testBackend() !== 'wasm') return () => undefined;
  const module = (tf.backend() as unknown as { wasm: WasmModule }).wasm;
  const heapBytes = (): number => module.HEAPU8.buffer.byteLength;
  const taken: number[] = [];
  const release = (): void => taken.splice(0).forEach((pointer) => module._free(pointer));
  const before = heapBytes();
  let last = 0;
  // Chunks go into free regions first; the first one that finds none grows the heap and lies where the old top was.
  while (heapBytes() === before) {
    last = module._malloc(chunk);
    if (last === 0) {
      release();
      throw new Error('fillWasmHeap: the heap cannot grow');
    }
    taken.push(last);
  }
  const rest = heapBytes() - (last + chunk) - chunk;
  if (rest > 0) taken.push(module._malloc(rest));
  return release;
}

describe('rows read from a float32 tensor', () => {
  // 2·10⁵ logits: each of the kernel's per-row scratch arrays (80 kB) is larger than what fillWasmHeap leaves free.
  const rows = 20_000;
  const classes = 10;
  const values = Float32Array.from({ length: rows * classes }, (_, index) => 3 * Math.sin(0.7 * index));
  // Two rows in three labelled with their argmax, the rest with i mod K: an optimum temperature inside the range.
  const labels = Int32Array.from({ length: rows }, (_, row) => {
    if (row % 3 === 0) return row % classes;
    const scores = values.subarray(row * classes, (row + 1) * classes);
    return scores.indexOf(Math.max(...scores));
  });
  const oneRow = { logits: [Array.from({ length: classes }, (_, k) => k / 2)] };

  const float32 = { precision: 'float32' } as const;
  // Whether the call runs a kernel pass on tfjs's heap (which grows it); the others read the tensor on the host only.
  it.each<[string, boolean, (logits: tf.Tensor | Float32Array) => unknown]>([
    ['brierScore', false, (logits) => brierScore({ logits }, labels, float32)],
    ['classwiseCalibrationError', false, (logits) => classwiseCalibrationError({ logits }, labels, float32)],
    [
      'reliabilityDiagram with classIndex',
      false,
      (logits) => reliabilityDiagram({ logits }, labels, { classIndex: 3, ...float32 }),
    ],
    [
      'CalibrationAccumulator.update, then another batch',
      false,
      (logits) =>
        new CalibrationAccumulator(float32)
          .update({ logits }, labels)
          .update(oneRow, [classes - 1])
          .compute(),
    ],
    ['fitTemperature', false, (logits) => fitTemperature(logits, labels, float32)],
    // Takes its bins from the per-row outputs of the kernel call, kept past that call.
    [
      'expectedCalibrationError with equal-mass bins',
      true,
      (logits) => expectedCalibrationError({ logits }, labels, { binning: 'quantile', ...float32 }),
    ],
  ])('stay valid in %s when a kernel call grows the WASM heap', async (_name, grows, read) => {
    const expected = read(values);
    await expectNoLeak(() => {
      const tensor = tf.tensor2d(values, [rows, classes]);
      const release = fillWasmHeap();
      const view = viewTensorData(tensor);
      let actual: unknown;
      try {
        actual = read(tensor);
      } finally {
        release();
      }
      // On wasm a kernel pass grew the heap after reading the tensor, detaching views of it taken before.
      expect(view.length).toBe(grows && testBackend() === 'wasm' ? 0 : values.length);
      expect(actual).toEqual(expected);
      tensor.dispose();
    });
  });
});
