import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { readOptions } from '../options/read-options';
import { checkNames } from './check-names';
import { NAME_ITEMS, readSmallArray } from './read-small-array';

/** Bounds for {@link checkNumber}. Omitted bounds are open. */
export interface NumberConstraints {
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
  /** Exclude `min` itself (default false). */
  minExclusive?: boolean;
  /** Exclude `max` itself (default false). */
  maxExclusive?: boolean;
  /** Require an integer (default false). */
  integer?: boolean;
}

const CONSTRAINT_KEYS = ['min', 'max', 'minExclusive', 'maxExclusive', 'integer'] as const;

/** Reads `checkNumber`'s constraints: bounds that are numbers (not NaN) and flags that are booleans. */
function readConstraints(constraints: unknown): NumberConstraints {
  const record = readOptions(constraints, CONSTRAINT_KEYS, 'checkNumber', 'constraints');
  for (const key of CONSTRAINT_KEYS) {
    const value = record[key];
    if (value === undefined) continue;
    const bound = key === 'min' || key === 'max';
    if (bound ? typeof value !== 'number' || Number.isNaN(value) : typeof value !== 'boolean') {
      throw new InvalidArgumentError({
        functionName: 'checkNumber',
        parameter: `constraints.${key}`,
        value,
        expected: bound ? 'be a number' : 'be true or false',
      });
    }
  }
  return record as NumberConstraints;
}

function describe(constraints: NumberConstraints): string {
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = constraints;
  const kind = integer ? 'an integer' : 'a finite number';
  if (min !== undefined && max !== undefined) {
    return `be ${kind} in ${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return `be ${kind} ${minExclusive ? '>' : '>='} ${min}`;
  if (max !== undefined) return `be ${kind} ${maxExclusive ? '<' : '<='} ${max}`;
  return `be ${kind}`;
}

/**
 * Checks a numeric hyper-parameter and returns it, or throws an {@link InvalidArgumentError} naming the argument and
 * the function.
 *
 * @example
 * ```ts
 * import { checkNumber } from '@softlabels/core';
 *
 * const epsilon = checkNumber(0.1, 'options.epsilon', 'labelSmoothingCrossEntropy', { min: 0, max: 1 });
 * console.log(epsilon); // 0.1
 * ```
 */
export function checkNumber(
  value: unknown,
  parameter: string,
  functionName: string,
  constraints: NumberConstraints = {},
): number {
  checkNames(parameter, functionName, 'checkNumber');
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = readConstraints(constraints);
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (!ok) {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: describe(constraints) });
  }
  return value;
}

/**
 * Checks that a string option is one of the allowed literals and returns it.
 *
 * @example
 * ```ts
 * import { checkChoice } from '@softlabels/core';
 *
 * const reduction = checkChoice('mean', ['mean', 'sum', 'none'] as const, 'options.reduction', 'myLoss');
 * console.log(reduction); // 'mean'
 * ```
 */
export function checkChoice<const T extends string>(
  value: unknown,
  choices: readonly T[],
  parameter: string,
  functionName: string,
): T {
  checkNames(parameter, functionName, 'checkChoice');
  readSmallArray(choices, 'choices', 'checkChoice', NAME_ITEMS);
  if (choices.length === 0) {
    throw new InvalidArgumentError({
      functionName: 'checkChoice',
      parameter: 'choices',
      value: choices,
      expected: 'list at least one choice',
    });
  }
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value,
      expected: `be one of ${choices.map((choice) => `'${choice}'`).join(', ')}`,
    });
  }
  return value as T;
}
