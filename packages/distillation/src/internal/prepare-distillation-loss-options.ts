import {
  checkBoolean,
  checkChoice,
  checkFunction,
  checkNumber,
  InvalidArgumentError,
  readOptions,
  TEMPERATURE_RANGE,
  type TensorInput,
} from '@softlabels/core';

import type { DistillationForm, DistillationReduction, HardLabelLoss } from '../distillation-loss-options';

/** {@link DistillationLossOptions} with defaults filled in and every value checked. */
export interface PreparedDistillationLossOptions {
  temperature: number;
  studentTemperature: number;
  labels: TensorInput | undefined;
  hardLabelWeight: number;
  hardLabelLoss: HardLabelLoss | undefined;
  form: DistillationForm;
  scaleByTemperatureSquared: boolean;
  reduction: DistillationReduction;
  checks: boolean;
}

const FUNCTION_NAME = 'distillationLoss';

/** The keys of {@link DistillationLossOptions}. */
const DISTILLATION_LOSS_OPTION_KEYS = [
  'temperature',
  'studentTemperature',
  'labels',
  'hardLabelWeight',
  'hardLabelLoss',
  'form',
  'scaleByTemperatureSquared',
  'reduction',
  'checks',
] as const;

/**
 * Normalises and checks the options of {@link distillationLoss}.
 * @internal
 */
export function prepareDistillationLossOptions(
  options: unknown,
  functionName: string = FUNCTION_NAME,
): PreparedDistillationLossOptions {
  const record = readOptions(options, DISTILLATION_LOSS_OPTION_KEYS, functionName);
  const temperature = checkNumber(record.temperature ?? 1, 'options.temperature', functionName, TEMPERATURE_RANGE);
  const studentTemperature = checkNumber(
    record.studentTemperature ?? temperature,
    'options.studentTemperature',
    functionName,
    TEMPERATURE_RANGE,
  );
  const hardLabelWeight = checkNumber(record.hardLabelWeight ?? 0, 'options.hardLabelWeight', functionName, {
    min: 0,
    max: 1,
  });
  const labels = record.labels as TensorInput | undefined;
  if (hardLabelWeight > 0 && labels === undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.labels',
      value: labels,
      expected: `be given when options.hardLabelWeight is > 0 (it is ${hardLabelWeight})`,
    });
  }
  return {
    temperature,
    studentTemperature,
    labels,
    hardLabelWeight,
    hardLabelLoss: checkFunction<HardLabelLoss>(record.hardLabelLoss, 'options.hardLabelLoss', functionName),
    form: checkChoice(record.form ?? 'kl', ['kl', 'cross-entropy'] as const, 'options.form', functionName),
    scaleByTemperatureSquared: checkBoolean(
      record.scaleByTemperatureSquared,
      true,
      'options.scaleByTemperatureSquared',
      functionName,
    ),
    reduction: checkChoice(
      record.reduction ?? 'batchmean',
      ['batchmean', 'sum', 'none'] as const,
      'options.reduction',
      functionName,
    ),
    checks: checkBoolean(record.checks, true, 'options.checks', functionName),
  };
}
