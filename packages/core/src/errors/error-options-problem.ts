import { formatValue } from './format-value';

/** What a field of an error's options holds. */
export type ErrorField = 'name' | 'text' | 'optional name' | 'optional text' | 'shape' | 'anything';

const MAX_SHAPE_RANK = 64;

function fieldProblem(value: unknown, field: ErrorField): string | undefined {
  if (field === 'anything') return undefined;
  if (value === undefined && field.startsWith('optional')) return undefined;
  if (field === 'shape') {
    const expected = `be an array of at most ${MAX_SHAPE_RANK} non-negative integers`;
    if (!Array.isArray(value) || value.length > MAX_SHAPE_RANK) return expected;
    for (let axis = 0; axis < value.length; axis += 1) {
      const size: unknown = value[axis];
      if (!(typeof size === 'number' && Number.isInteger(size) && size >= 0)) return expected;
    }
    return undefined;
  }
  if (typeof value !== 'string') return 'be a string';
  return value.length === 0 && field.endsWith('name') ? 'be a non-empty string' : undefined;
}

/**
 * The first problem with the options an error class is constructed from, as a message naming the field, or
 * undefined when they are valid: a plain object with only the listed fields, each holding what it should.
 * @internal
 */
export function errorOptionsProblem(
  options: unknown,
  className: string,
  fields: Readonly<Record<string, ErrorField>>,
): string | undefined {
  const fail = (parameter: string, value: unknown, expected: string): string =>
    `Argument '${parameter}' passed to '${className}' must ${expected}, but got ${formatValue(value)}.`;
  const prototype = typeof options === 'object' && options !== null ? Object.getPrototypeOf(options) : undefined;
  if (prototype !== Object.prototype && prototype !== null) return fail('options', options, 'be an options object');
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(key in fields))
      return fail(`options.${key}`, record[key], `not be set: known options are ${Object.keys(fields).join(', ')}`);
  }
  for (const [key, field] of Object.entries(fields)) {
    const problem = fieldProblem(record[key], field);
    if (problem !== undefined) return fail(`options.${key}`, record[key], problem);
  }
  return undefined;
}
