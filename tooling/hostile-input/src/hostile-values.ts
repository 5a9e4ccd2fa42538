import * as tf from '@tensorflow/tfjs-core';

import type { ArgumentType, LabelledValue } from './export-entry';

function value(label: string, make: () => unknown): LabelledValue {
  return { label, make };
}

class HostileInstance {
  readonly epsilon = 0.1;
}

function deeplyNested(depth: number): unknown {
  let level: unknown = [1];
  for (let index = 0; index < depth; index += 1) level = [level];
  return level;
}

/** Values no argument of any type accepts. */
const NEVER_VALID: readonly LabelledValue[] = [
  value('null', () => null),
  value('NaN', () => Number.NaN),
  value('a bigint', () => 10n),
  value('a symbol', () => Symbol('hostile')),
  value('a Map', () => new Map([['epsilon', 0.1]])),
  value('a Date', () => new Date(0)),
  value('a class instance', () => new HostileInstance()),
  value('a huge array-like', () => Object.freeze({ length: 2 ** 32 - 1 })),
];

/** Values that are bad for every type except the ones named. */
const BAD_UNLESS: ReadonlyArray<LabelledValue & { readonly validFor: readonly ArgumentType[] }> = [
  { ...value('-Infinity', () => Number.NEGATIVE_INFINITY), validFor: [] },
  { ...value('a string', () => 'hostile'), validFor: ['string'] },
  { ...value('true', () => true), validFor: ['boolean'] },
  { ...value('a function', () => () => 1), validFor: ['function'] },
  { ...value('an empty object', () => ({})), validFor: ['options', 'spec'] },
  { ...value('an object without prototype', () => Object.create(null)), validFor: ['options', 'spec'] },
  { ...value('a huge sparse array', () => new Array(2 ** 32 - 1)), validFor: [] },
  {
    ...value('an array with holes', () => {
      const holes: number[] = [];
      holes[2] = 1;
      return holes;
    }),
    validFor: [],
  },
  { ...value('a ragged array', () => [[1, 2], [3]]), validFor: [] },
  { ...value('an array of strings', () => ['0', '1']), validFor: [] },
  { ...value('an array nested 20 000 deep', () => deeplyNested(20_000)), validFor: [] },
  {
    ...value('a disposed tensor', () => {
      const tensor = tf.tensor2d([[1, 2]]);
      tensor.dispose();
      return tensor;
    }),
    validFor: [],
  },
  { ...value('a string tensor', () => tf.tensor(['a', 'b'])), validFor: [] },
  { ...value('a bool tensor', () => tf.tensor([true, false], undefined, 'bool')), validFor: ['tensor'] },
];

/** The generated bad values for a whole argument of the given type. */
export function badValuesFor(type: ArgumentType, optional: boolean): LabelledValue[] {
  const values = [...NEVER_VALID, ...BAD_UNLESS.filter((candidate) => !candidate.validFor.includes(type))];
  if (!optional) values.unshift(value('undefined', () => undefined));
  if (type === 'options')
    values.push(
      value('an array', () => []),
      value('a frozen array', () => Object.freeze([])),
    );
  if (type === 'number') {
    values.push(
      value('Infinity', () => Number.POSITIVE_INFINITY),
      value('a numeric string', () => '1'),
      value('a boxed number', () => Object(1)),
    );
  }
  if (type === 'string') values.push(value('a boxed string', () => Object('mean')));
  return values;
}

/** The bad values put in place of one field of a record or options object, or one element of an array. */
export const LEAF_VALUES: readonly LabelledValue[] = [
  value('NaN', () => Number.NaN),
  value('a bigint', () => 10n),
  value('a symbol', () => Symbol('hostile')),
  value('a Map', () => new Map()),
  value('a Date', () => new Date(0)),
  value('a class instance', () => new HostileInstance()),
];

/** A valid value behind a transparent proxy, which must be read exactly like the value itself. */
export function transparentProxy(target: unknown): unknown {
  return typeof target === 'object' && target !== null && !(target instanceof tf.Tensor)
    ? new Proxy(target, {})
    : target;
}

/** A deeply frozen copy of plain data (tensors and typed arrays are kept as they are). */
export function deepFreeze<T>(target: T): T {
  if (Array.isArray(target)) return Object.freeze(target.map(deepFreeze)) as T;
  if (typeof target === 'object' && target !== null && Object.getPrototypeOf(target) === Object.prototype) {
    return Object.freeze(
      Object.fromEntries(Object.entries(target).map(([key, field]) => [key, deepFreeze(field)])),
    ) as T;
  }
  return target;
}
