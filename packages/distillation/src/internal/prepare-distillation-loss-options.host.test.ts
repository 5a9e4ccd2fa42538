import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { prepareDistillationLossOptions } from './prepare-distillation-loss-options';

describe('prepareDistillationLossOptions', () => {
  it('fills in the defaults', () => {
    expect(prepareDistillationLossOptions(undefined)).toEqual({
      temperature: 1,
      studentTemperature: 1,
      labels: undefined,
      hardLabelWeight: 0,
      hardLabelLoss: undefined,
      form: 'kl',
      scaleByTemperatureSquared: true,
      reduction: 'batchmean',
      checks: true,
    });
  });

  it('lets the student temperature follow the teacher temperature unless given', () => {
    expect(prepareDistillationLossOptions({ temperature: 4 }).studentTemperature).toBe(4);
    expect(prepareDistillationLossOptions({ temperature: 4, studentTemperature: 1 }).studentTemperature).toBe(1);
  });

  it('keeps explicit values', () => {
    const hardLabelLoss = () => undefined;
    const prepared = prepareDistillationLossOptions({
      temperature: 2,
      labels: [1],
      hardLabelWeight: 1,
      hardLabelLoss,
      form: 'cross-entropy',
      scaleByTemperatureSquared: false,
      reduction: 'none',
      checks: false,
    });
    expect(prepared).toMatchObject({ hardLabelWeight: 1, form: 'cross-entropy', reduction: 'none', checks: false });
    expect(prepared.hardLabelLoss).toBe(hardLabelLoss);
    expect(prepared.scaleByTemperatureSquared).toBe(false);
  });

  it.each([
    [
      'a number',
      3,
      "Argument 'options' passed to 'distillationLoss' must be an options object (or undefined), but got 3.",
    ],
    [
      'T = 0',
      { temperature: 0 },
      "'options.temperature' passed to 'distillationLoss' must be a finite number in [0.0001, 10000]",
    ],
    ['T = NaN', { temperature: Number.NaN }, 'options.temperature'],
    ['T_s < 0', { studentTemperature: -1 }, 'options.studentTemperature'],
    ['hardLabelWeight > 1', { hardLabelWeight: 2, labels: [0] }, 'options.hardLabelWeight'],
    ['hardLabelWeight without labels', { hardLabelWeight: 0.1 }, 'options.labels'],
    [
      'scale as a string',
      { scaleByTemperatureSquared: 'yes' },
      "'options.scaleByTemperatureSquared' passed to 'distillationLoss' must be true or false",
    ],
    ['checks as a number', { checks: 1 }, 'options.checks'],
    ['an unknown key', { validate: false }, "'options.validate' passed to 'distillationLoss' must not be set"],
    ['an unknown form', { form: 'js' }, 'options.form'],
    ['an unknown reduction', { reduction: 'mean' }, 'options.reduction'],
  ])('rejects %s', (_label, options, message) => {
    expect(() => prepareDistillationLossOptions(options)).toThrow(InvalidArgumentError);
    expect(() => prepareDistillationLossOptions(options)).toThrow(message);
  });

  it('names the calling function when used by another entry point', () => {
    expect(() => prepareDistillationLossOptions({ temperature: 0 }, 'distil')).toThrow("passed to 'distil'");
  });
});
