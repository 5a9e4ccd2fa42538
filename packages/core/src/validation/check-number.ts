import { InvalidArgumentError } from '../errors/invalid-argument-error';

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
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = constraints;
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
