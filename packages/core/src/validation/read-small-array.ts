import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { formatValue } from '../errors/format-value';

/**
 * Reads a short array a validator is configured with (a shape, a list of choices or keys): an array of at most
 * `maxLength` items, each accepted by `isItem` (`one` and `many` say what an item is). Holes and sparse arrays are caught
 * at the first missing item, so nothing iterates a huge length.
 * @internal
 */
export function readSmallArray<T>(
  value: unknown,
  parameter: string,
  functionName: string,
  item: {
    readonly isItem: (candidate: unknown) => candidate is T;
    readonly one: string;
    readonly many: string;
    readonly maxLength: number;
  },
): readonly T[] {
  if (!Array.isArray(value) || value.length > item.maxLength) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value,
      expected: `be an array of at most ${item.maxLength} ${item.many}`,
      got: Array.isArray(value) ? `an array of length ${value.length}` : undefined,
    });
  }
  for (let index = 0; index < value.length; index += 1) {
    if (!item.isItem(value[index])) {
      throw new InvalidArgumentError({
        functionName,
        parameter: `${parameter}[${index}]`,
        value: value[index],
        expected: `be ${item.one}`,
        got: formatValue(value[index]),
      });
    }
  }
  return value as readonly T[];
}

/** The dimensions of a shape: at most 64 non-negative integers. */
export const SHAPE_ITEMS = {
  isItem: (candidate: unknown): candidate is number =>
    typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 0,
  one: 'a non-negative integer',
  many: 'non-negative integers',
  maxLength: 64,
} as const;

/** Names (choices, option keys): at most 1024 non-empty strings. */
export const NAME_ITEMS = {
  isItem: (candidate: unknown): candidate is string => typeof candidate === 'string' && candidate.length > 0,
  one: 'a non-empty string',
  many: 'non-empty strings',
  maxLength: 1024,
} as const;
