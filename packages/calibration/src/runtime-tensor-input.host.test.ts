import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { brierScore } from './brier-score';
import { expectedCalibrationError } from './expected-calibration-error';
import { fitTemperature } from './fit-temperature';
import { negativeLogLikelihood } from './negative-log-likelihood';

/** An object shaped as onnxruntime's `ort.Tensor`: `data`, `dims`, `type`, `location`, `size`. */
function ortTensor(type: string, data: ArrayLike<number> | BigInt64Array, dims: number[], location = 'cpu') {
  return { type, data, dims, location, size: data.length };
}

const logits = [
  [2, 0.5, -1],
  [0.1, 1.5, 0.3],
  [-0.5, 0.2, 1.8],
  [1, 1.2, 0.9],
  [0.3, -0.2, 0.4],
];
const labels = [0, 1, 2, 1, 0];

describe('tensors of other runtimes ({ data, dims })', () => {
  it('reads an ort.Tensor of logits and int64 labels as the same values in arrays', () => {
    const scores = ortTensor('float32', new Float32Array(logits.flat()), [5, 3]);
    const targets = ortTensor('int64', BigInt64Array.from(labels.map(BigInt)), [5]);
    const expected = expectedCalibrationError({ logits: new Float32Array(logits.flat()) }, labels, { bins: 4 });
    expect(expectedCalibrationError({ logits: scores }, targets, { bins: 4 })).toBe(expected);
    expect(fitTemperature({ logits: scores }, targets).temperature).toBe(
      fitTemperature(new Float32Array(logits.flat()), labels).temperature,
    );
  });

  it('reads a transformers.js-style Tensor (float64 data, no location) and number-array data', () => {
    const scores = { type: 'float64', data: Float64Array.from(logits.flat()), dims: [5, 3] };
    expect(negativeLogLikelihood({ logits: scores }, labels)).toBe(negativeLogLikelihood({ logits }, labels));
    const plain = { data: logits.flat(), dims: [5, 3] };
    expect(brierScore({ logits: plain }, { data: labels, dims: [5] })).toBe(brierScore({ logits }, labels));
  });

  it('refuses float16, GPU-resident, mis-shaped and bigint score tensors with named errors', () => {
    const half = ortTensor('float16', new Uint16Array(15), [5, 3]);
    expect(() => expectedCalibrationError({ logits: half }, labels)).toThrow(InvalidArgumentError);
    expect(() => expectedCalibrationError({ logits: half }, labels)).toThrow(/input\.logits\.type.*float16/s);
    const gpu = ortTensor('float32', new Float32Array(15), [5, 3], 'gpu-buffer');
    expect(() => expectedCalibrationError({ logits: gpu }, labels)).toThrow(/getData/);
    const wrong = ortTensor('float32', new Float32Array(15), [4, 3]);
    expect(() => expectedCalibrationError({ logits: wrong }, labels)).toThrow(ShapeMismatchError);
    expect(() => expectedCalibrationError({ logits: wrong }, labels)).toThrow(/input\.logits\.dims/);
    const big = ortTensor('int64', new BigInt64Array(15), [5, 3]);
    expect(() => expectedCalibrationError({ logits: big }, labels)).toThrow(/input\.logits/);
    const negative = { data: new Float32Array(0), dims: [-1, 0] };
    expect(() => expectedCalibrationError({ logits: negative }, labels)).toThrow(/non-negative integer/);
  });
});

describe('the binary form of logits', () => {
  it('reads one logit per label as the rows [0, s]', () => {
    const scores = [2.5, -1, 0.3, 4, -0.2];
    const binary = [1, 0, 0, 1, 1];
    const rows = scores.map((s) => [0, s]);
    expect(expectedCalibrationError({ logits: scores }, binary)).toBe(
      expectedCalibrationError({ logits: rows }, binary),
    );
    expect(negativeLogLikelihood({ logits: new Float32Array(scores) }, binary)).toBeCloseTo(
      negativeLogLikelihood({ logits: rows }, binary),
      6,
    );
  });

  it('names a non-finite binary logit by its own index', () => {
    expect(() => expectedCalibrationError({ logits: [1, Number.NaN, 0] }, [0, 1, 0])).toThrow(/index 1/);
  });
});
