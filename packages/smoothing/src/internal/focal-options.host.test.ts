import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { prepareFocalOptions } from './focal-options';

describe('prepareFocalOptions', () => {
  it('applies the defaults: γ = 2, no α, ε = 0, mean, nothing ignored, checks on', () => {
    expect(prepareFocalOptions(undefined, 3)).toEqual({
      gamma: { kind: 'constant', value: 2 },
      alpha: null,
      epsilon: 0,
      reduction: 'mean',
      ignoreIndex: undefined,
      checks: true,
    });
  });

  it('reads every γ form, α and the shared options', () => {
    const schedule = (): never => {
      throw new Error('not called while preparing');
    };
    expect(prepareFocalOptions({ gamma: 0.5 }, 2).gamma).toEqual({ kind: 'constant', value: 0.5 });
    expect(prepareFocalOptions({ gamma: 'flsd-53' }, 2).gamma).toEqual({ kind: 'flsd-53' });
    expect(prepareFocalOptions({ gamma: schedule }, 2).gamma).toEqual({ kind: 'function', compute: schedule });
    const prepared = prepareFocalOptions(
      { alpha: [0.5, 2], epsilon: 0.2, reduction: 'none', ignoreIndex: -1, checks: false },
      2,
    );
    expect(Array.from(prepared.alpha ?? [])).toEqual([0.5, 2]);
    expect([prepared.epsilon, prepared.reduction, prepared.ignoreIndex, prepared.checks]).toEqual([
      0.2,
      'none',
      -1,
      false,
    ]);
  });

  it.each([
    [{ gamma: -1 }, 'options.gamma'],
    [{ gamma: Number.POSITIVE_INFINITY }, 'options.gamma'],
    [{ gamma: 'FLSD-53' }, 'options.gamma'],
    [{ gamma: null }, 'options.gamma'],
    [{ epsilon: 2 }, 'options.epsilon'],
    [{ reduction: 'max' }, 'options.reduction'],
    [{ prior: [0.5, 0.5] }, 'options.prior'],
  ])('rejects %o naming %s under focalLoss', (options, parameter) => {
    expect(() => prepareFocalOptions(options as never, 2)).toThrow(InvalidArgumentError);
    expect(() => prepareFocalOptions(options as never, 2)).toThrow(
      new RegExp(`${parameter.replace('.', '\\.')}.*focalLoss`),
    );
  });

  it('rejects α of another length', () => {
    expect(() => prepareFocalOptions({ alpha: [1, 1, 1] }, 2)).toThrow(ShapeMismatchError);
  });
});
