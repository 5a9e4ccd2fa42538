import { InvalidArgumentError } from '../errors/invalid-argument-error';

/**
 * Checks one name argument of a validator (the caller's function name, or the name a value is shown under): it must
 * be a non-empty string, or the validator throws, naming the argument.
 * @internal
 */
export function checkName(value: unknown, parameter: string, validator: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgumentError({ functionName: validator, parameter, value, expected: 'be a non-empty string' });
  }
}

/**
 * Checks the names a validator reports under: the caller's `functionName` and the `parameter` it checks.
 * @internal
 */
export function checkNames(parameter: unknown, functionName: unknown, validator: string): void {
  checkName(functionName, 'functionName', validator);
  checkName(parameter, 'parameter', validator);
}
