import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { NoActiveBackendError } from '../errors/no-active-backend-error';
import { readLogitsAndLabels } from '../options/read-logits-and-labels';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { checkChoice, checkNumber } from './check-number';
import { checkRank, checkShape, classCount } from './check-shape';
import { checkLiveTensor } from './check-live-tensor';
import { checkFinite, checkLabels } from './check-values';
import { toTensor } from './to-tensor';

describe('checkNumber', () => {
  it('accepts values inside the bounds and returns them', () => {
    expect(checkNumber(0, 'epsilon', 'f', { min: 0, max: 1 })).toBe(0);
    expect(checkNumber(1, 'epsilon', 'f', { min: 0, max: 1 })).toBe(1);
    expect(checkNumber(15, 'bins', 'f', { min: 1, integer: true })).toBe(15);
  });

  it.each([
    [1.5, { min: 0, max: 1 }, 'be a finite number in [0, 1], but got 1.5'],
    [0, { min: 0, minExclusive: true }, 'be a finite number > 0, but got 0'],
    [Number.NaN, {}, 'be a finite number, but got NaN'],
    [Number.POSITIVE_INFINITY, { max: 2 }, 'be a finite number <= 2, but got Infinity'],
    [2.5, { min: 1, integer: true }, 'be an integer >= 1, but got 2.5'],
    ['0.1', { min: 0, max: 1 }, 'be a finite number in [0, 1], but got "0.1"'],
  ])('rejects %s with %o', (value, constraints, message) => {
    expect(() => checkNumber(value, 'p', 'f', constraints)).toThrow(`Argument 'p' passed to 'f' must ${message}.`);
    expect(() => checkNumber(value, 'p', 'f', constraints)).toThrow(InvalidArgumentError);
  });

  it('checks literal choices', () => {
    expect(checkChoice('sum', ['mean', 'sum'] as const, 'reduction', 'f')).toBe('sum');
    expect(() => checkChoice('avg', ['mean', 'sum'] as const, 'reduction', 'f')).toThrow(
      "must be one of 'mean', 'sum', but got \"avg\"",
    );
  });
});

describe('shape checks', () => {
  it('reads the class count from the last axis', async () => {
    await expectNoLeak(() => {
      const x = tf.zeros([2, 3, 7]);
      expect(classCount(x, 'logits', 'f')).toBe(7);
      x.dispose();
    });
  });

  it('rejects tensors without a class axis', () => {
    const scalar = tf.scalar(1);
    expect(() => classCount(scalar, 'logits', 'f')).toThrow(ShapeMismatchError);
    scalar.dispose();
  });

  it('checks ranks and exact shapes', () => {
    const x = tf.zeros([4]);
    expect(() => checkRank(x, 'logits', 'f', { min: 2 })).toThrow(
      "Argument 'logits' passed to 'f' must have rank >= 2, but has shape [4].",
    );
    expect(() => checkRank(x, 'logits', 'f', { min: 1, max: 1 })).not.toThrow();
    x.dispose();
    expect(() => checkShape([4, 3], [4, 2], 'targets', 'f', 'logits')).toThrow(
      "Argument 'targets' passed to 'f' must have the shape of logits [4, 2], but has shape [4, 3].",
    );
    expect(() => checkShape([4], [4, 1], 'targets', 'f', 'logits')).toThrow(ShapeMismatchError);
  });
});

describe('value checks', () => {
  it('finds the first non-finite value in tensors and arrays', () => {
    const x = tf.tensor1d([1, 2, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(() => checkFinite(x, 'logits', 'f')).toThrow('but got NaN at flat index 2.');
    x.dispose();
    expect(() => checkFinite([0, Number.NEGATIVE_INFINITY], 'logits', 'f')).toThrow('-Infinity at flat index 1');
    expect(() => checkFinite(new Float64Array([1, 2]), 'logits', 'f')).not.toThrow();
  });

  it('passes finite tensors whose sum overflows float32, and names the first bad element of a tensor', async () => {
    await expectNoLeak(() => {
      const big = tf.tensor1d([3e38, 3e38, -1]);
      expect(() => checkFinite(big, 'logits', 'f')).not.toThrow();
      const bad = tf.tensor2d([
        [1, 2],
        [Number.NEGATIVE_INFINITY, Number.NaN],
      ]);
      expect(() => checkFinite(bad, 'logits', 'f')).toThrow(InvalidArgumentError);
      expect(() => checkFinite(bad, 'logits', 'f')).toThrow('-Infinity at flat index 2');
      tf.dispose([big, bad]);
    });
  });

  it('checks label ranges, integrality and the ignore index', () => {
    expect(Array.from(checkLabels([0, 2, -100], 3, 'labels', 'f', { ignoreIndex: -100 }))).toEqual([0, 2, -100]);
    expect(() => checkLabels([0, 3], 3, 'labels', 'f')).toThrow(
      "Argument 'labels' passed to 'f' must hold integer class indices in [0, 2], but got 3 at flat index 1.",
    );
    expect(() => checkLabels([0.5], 3, 'labels', 'f')).toThrow('0.5 at flat index 0');
    expect(() => checkLabels([-1], 3, 'labels', 'f', { ignoreIndex: -100 })).toThrow('or the ignore index -100');
    const labels = tf.tensor1d([1, 2], 'int32');
    expect(Array.from(checkLabels(labels, 3, 'labels', 'f'))).toEqual([1, 2]);
    labels.dispose();
  });
});

describe('checks given what is not a tensor or array', () => {
  it.each([null, undefined, 3, 'abc', {}])('name the argument for %o', (value) => {
    const checks = [
      () => checkFinite(value as never, 'logits', 'f'),
      () => checkLabels(value as never, 3, 'labels', 'f'),
      () => checkRank(value as never, 'logits', 'f', { min: 2 }),
      () => classCount(value as never, 'logits', 'f'),
      () => checkLiveTensor(value as never, 'logits', 'f'),
      () => checkChoice(value, ['mean', 'sum'] as const, 'options.reduction', 'f'),
    ];
    for (const check of checks) {
      expect(check).toThrow(InvalidArgumentError);
      expect(check).toThrow(/^Argument '(logits|labels|options\.reduction)' passed to 'f' must be /);
    }
  });

  it('name a disposed tensor in the shape and value checks', () => {
    const gone = tf.tensor2d([[1, 2]]);
    gone.dispose();
    for (const check of [
      () => checkFinite(gone, 'logits', 'f'),
      () => checkLabels(gone, 3, 'labels', 'f'),
      () => checkRank(gone, 'logits', 'f', { min: 2 }),
      () => classCount(gone, 'logits', 'f'),
    ]) {
      expect(check).toThrow('but got a disposed tensor.');
    }
  });
});

/** The tfjs engine fields that hold its backends (internals of tfjs-core 4.22). */
interface EngineBackends {
  registryFactory: Record<string, unknown>;
  registry: Record<string, unknown>;
  backendInstance: unknown;
  backendName: unknown;
}

/**
 * Runs `body` with tfjs as a newcomer has it before `initBackend()`: only tfjs-core imported, no backend registered.
 * Restores the engine's backends afterwards.
 */
function withoutBackend(body: () => void): void {
  const engine = tf.engine() as unknown as EngineBackends;
  const saved = { ...engine };
  Object.assign(engine, { registryFactory: {}, registry: {}, backendInstance: null, backendName: undefined });
  try {
    body();
  } finally {
    Object.assign(engine, {
      registryFactory: saved.registryFactory,
      registry: saved.registry,
      backendInstance: saved.backendInstance,
      backendName: saved.backendName,
    });
  }
}

describe('toTensor without an active backend', () => {
  it('says to call initBackend() first for valid arrays, naming the argument and the function', () => {
    const before = tf.getBackend();
    withoutBackend(() => {
      expect(() => tf.tensor([1, 2])).toThrow('No backend found in registry.');
      expect(() => toTensor([[1, 2]], 'logits', 'expectedCalibrationError')).toThrow(NoActiveBackendError);
      expect(() => toTensor(new Int32Array([0, 1]), 'labels', 'myLoss', 'int32')).toThrow(
        "'myLoss' needs a tensor for argument 'labels', but no tfjs backend is active: call initBackend() first",
      );
      expect(() => readLogitsAndLabels([[2, 0, -1]], [0], 'labelSmoothingCrossEntropy')).toThrow(
        /'labelSmoothingCrossEntropy' needs a tensor for argument 'logits', but no tfjs backend is active/,
      );
    });
    expect(tf.getBackend()).toBe(before);
    expect(tf.tidy(() => toTensor([1, 2], 'x', 'f').shape)).toEqual([2]);
  });

  it('keeps the shape message for input that is not valid', () => {
    withoutBackend(() => {
      expect(() => toTensor([[1, 2], [3]], 'logits', 'f')).toThrow(/must be a rectangular \(nested\) array of numbers/);
    });
  });
});

describe('toTensor', () => {
  it('returns matching tensors as they are, casts others, and builds tensors from arrays', async () => {
    await expectNoLeak(() => {
      const x = tf.tensor1d([1, 2], 'int32');
      expect(toTensor(x, 'labels', 'f', 'int32')).toBe(x);
      const cast = toTensor(x, 'labels', 'f', 'float32');
      expect(cast.dtype).toBe('float32');
      const built = toTensor([[1, 2]], 'logits', 'f');
      expect(built.shape).toEqual([1, 2]);
      const typed = toTensor(new Int32Array([3]), 'labels', 'f', 'int32');
      expect(typed.dtype).toBe('int32');
      tf.dispose([x, cast, built, typed]);
    });
  });

  it('does not leak when converting', async () => {
    await expectNoLeak(() => {
      tf.tidy(() => {
        toTensor([[1, 2]], 'logits', 'f');
      });
    });
  });

  it('rejects what is not numeric data, naming the argument', () => {
    expect(() => toTensor('abc', 'logits', 'f')).toThrow(
      "Argument 'logits' passed to 'f' must be a tensor, a (nested) number array or a typed array, but got string.",
    );
    expect(() => toTensor([[1, 2], [3]], 'logits', 'f')).toThrow(/must be a rectangular/);
    expect(() => toTensor([[1, 2], new Float32Array([3])], 'logits', 'f')).toThrow('but got a ragged array');
    const text = tf.tensor1d(['a'], 'string');
    expect(() => toTensor(text, 'labels', 'f', 'int32')).toThrow('but got a string tensor.');
    text.dispose();
    const gone = tf.tensor1d([1]);
    gone.dispose();
    expect(() => toTensor(gone, 'logits', 'f')).toThrow('but got a disposed tensor.');
  });

  it.each([
    [[[1, null]], 'null at flat index 1'],
    [['1', '0'], '"1" at flat index 0'],
    [[null, null], 'null at flat index 0'],
    [
      [
        [0, 1],
        [true, 2],
      ],
      'true at flat index 2',
    ],
    [
      [
        [0, 1],
        [2, undefined],
      ],
      'undefined at flat index 3',
    ],
  ])('rejects the non-number leaves of %o, which tfjs would coerce', (input, got) => {
    expect(() => toTensor(input, 'labels', 'f')).toThrow(
      `Argument 'labels' passed to 'f' must be a rectangular (nested) array of numbers, but got ${got}.`,
    );
  });

  it('accepts rows given as typed arrays and empty arrays', () => {
    tf.tidy(() => {
      expect(toTensor([new Float32Array([1, 2]), new Float32Array([3, 4])], 'logits', 'f').shape).toEqual([2, 2]);
      expect(toTensor([], 'labels', 'f').shape).toEqual([0]);
    });
  });
});

describe('checkLiveTensor', () => {
  it('passes a live tensor and names a disposed one', () => {
    const tensor = tf.zeros([2]);
    expect(() => checkLiveTensor(tensor, 'logits', 'f')).not.toThrow();
    tensor.dispose();
    expect(() => checkLiveTensor(tensor, 'logits', 'f')).toThrow(
      "Argument 'logits' passed to 'f' must be a live tensor, but got a disposed tensor.",
    );
    expect(() => checkLiveTensor(tensor, 'logits', 'f')).toThrow(InvalidArgumentError);
  });
});
