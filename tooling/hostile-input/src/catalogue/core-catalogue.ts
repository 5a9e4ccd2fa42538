import { RandomSource, SoftlabelsError } from '@softlabels/core';
import * as tf from '@tensorflow/tfjs-core';

import { arg, bad, constant, fn, options, refused } from '../entry-builders';
import type { ArgumentSpec, Catalogue, ClassEntry, FunctionEntry } from '../export-entry';

/** The caller a validator reports for, and the name it gives the value it checks. */
const CALLER = { functionName: 'hostileCaller', argument: 'value' } as const;

const EMPTY_NAME = bad('an empty string', () => '');

/** The `parameter` and `functionName` arguments every validator takes. */
const NAMES: readonly ArgumentSpec[] = [
  arg('parameter', 'string', () => CALLER.argument, { bad: [EMPTY_NAME] }),
  arg('functionName', 'string', () => CALLER.functionName, { bad: [EMPTY_NAME] }),
];

/** The value a validator checks: errors about it name the caller and `value`. */
function checked(type: ArgumentSpec['type'], valid: () => unknown, rest: Partial<ArgumentSpec> = {}): ArgumentSpec {
  return arg('value', type, valid, { reportedAs: CALLER, ...rest });
}

/** An error class: its constructor checks its options record; `isInstance` is false for anything else. */
function errorClass(validOptions: () => Record<string, unknown>, anything: readonly string[]): ClassEntry {
  return {
    kind: 'class',
    constructorEntry: fn([arg('options', 'record', validOptions, { alsoValid: anything })]),
    instance: () => new SoftlabelsError(validOptions() as { message: string }),
    methods: {},
    statics: { isInstance: fn([arg('error', 'record', () => new Error('plain'))], { total: { result: false } }) },
  };
}

const randomSource: ClassEntry = {
  kind: 'class',
  constructorEntry: fn(
    [
      arg('seed', 'number', () => 42, {
        bad: [
          bad('a fraction', () => 1.5),
          bad('2³¹', () => 2 ** 31),
          bad('−2³¹ − 1', () => -(2 ** 31) - 1),
          bad('1e300', () => 1e300),
        ],
      }),
    ],
    { use: (source) => [(source as RandomSource).nextUint32(), (source as RandomSource).uniform()] },
  ),
  instance: () => new RandomSource(7),
  methods: {
    nextUint32: fn([]),
    uniform: fn([]),
    normal: fn([]),
    nextSeed: fn([]),
    fork: fn([], { use: (source) => (source as RandomSource).nextUint32() }),
    int: fn([
      arg('n', 'number', () => 10, {
        bad: [bad('0', () => 0), bad('−1', () => -1), bad('a fraction', () => 2.5), bad('2⁵³', () => 2 ** 53)],
      }),
    ]),
    permutation: fn([
      arg('n', 'number', () => 10, {
        bad: [bad('−1', () => -1), bad('a fraction', () => 2.5), bad('2³¹', () => 2 ** 31)],
      }),
    ]),
  },
  statics: {},
};

const tensor2x3 = (): tf.Tensor =>
  tf.tensor2d([
    [1, 2, 3],
    [3, 2, 1],
  ]);
const backend = (): string => process.env.SOFTLABELS_TEST_BACKEND ?? 'cpu';

const checkNumber: FunctionEntry = fn([
  checked('number', () => 0.5, { bad: [bad('out of range', () => 2)] }),
  ...NAMES,
  options(() => ({ min: 0, max: 1 }), { name: 'constraints' }),
]);

/** Every runtime export of `@softlabels/core`. */
export const coreCatalogue: Catalogue = {
  SoftlabelsError: errorClass(() => ({ message: 'hostile', functionName: 'hostileCaller' }), ['options.cause']),
  InvalidArgumentError: errorClass(
    () => ({ functionName: 'hostileCaller', parameter: 'value', value: 2, expected: 'be at most 1' }),
    ['options.value'],
  ),
  ShapeMismatchError: errorClass(
    () => ({ functionName: 'hostileCaller', parameter: 'value', actual: [2, 3], expected: '[2, 4]' }),
    [],
  ),
  BackendUnavailableError: errorClass(() => ({ backend: 'cuda', reason: 'no GPU here' }), ['options.cause']),
  KernelError: errorClass(
    () => ({ functionName: 'hostileCaller', kernel: 'Sum', shape: [2, 3], cause: new Error('cause') }),
    ['options.cause'],
  ),
  NoActiveBackendError: errorClass(() => ({ functionName: 'hostileCaller', parameter: 'logits' }), ['options.cause']),
  initBackend: fn([
    options(() => ({ backend: backend() }), {
      optional: true,
      bad: [bad('an unknown backend', () => ({ backend: 'tpu' })), bad('no backends', () => ({ backend: [] }))],
    }),
  ]),
  describeBackend: fn([]),
  checkNumber,
  checkChoice: fn([
    checked('string', () => 'sum', { bad: [bad('an unlisted choice', () => 'max')] }),
    // Other strings are valid choices too: the value is then the one refused.
    arg('choices', 'array', () => ['mean', 'sum'], {
      bad: [bad('no choices', () => [])],
      alsoValid: ['choices ← an array of strings'],
    }),
    ...NAMES,
  ]),
  checkRank: fn([
    checked('tensor', tensor2x3, { bad: [bad('rank 1', () => tf.tensor1d([1, 2]))] }),
    ...NAMES,
    options(() => ({ min: 2, max: 2 }), { name: 'bounds' }),
  ]),
  checkShape: fn([
    checked('array', () => [2, 3], { bad: [bad('another shape', () => [2, 4])] }),
    arg('expected', 'array', () => [2, 3]),
    ...NAMES,
    arg('expectedName', 'string', () => 'logits'),
  ]),
  // Shape helpers read any live tensor, strings included.
  classCount: fn([
    checked('tensor', tensor2x3, {
      bad: [bad('a scalar', () => tf.scalar(1))],
      alsoValid: ['value ← a string tensor'],
    }),
    ...NAMES,
  ]),
  checkFinite: fn([
    checked('tensor', () => [1, 2, 3], { bad: [bad('a NaN element', () => [1, Number.NaN])] }),
    ...NAMES,
  ]),
  checkLabels: fn([
    checked('tensor', () => [0, 1, 2], { bad: [bad('an out-of-range label', () => [0, 3])] }),
    arg('numClasses', 'number', () => 3, { bad: [bad('0', () => 0), bad('a fraction', () => 2.5)] }),
    ...NAMES,
    options(() => ({ ignoreIndex: -1 })),
  ]),
  checkLiveTensor: fn([checked('tensor', tensor2x3, { alsoValid: ['value ← a string tensor'] }), ...NAMES]),
  toTensor: fn([
    checked('tensor', () => [
      [1, 2],
      [3, 4],
    ]),
    ...NAMES,
    arg('dtype', 'string', () => 'int32', { optional: true, bad: [bad('bool', () => 'bool')] }),
  ]),
  RandomSource: randomSource,
  flattenRows: fn([arg('tensor', 'tensor', () => tf.ones([2, 2, 3]), { alsoValid: ['tensor ← a string tensor'] })]),
  treeSum: fn([arg('values', 'tensor', () => tf.tensor1d([1, 2, 3, 4, 5]))]),
  readOptions: fn([
    arg('options', 'options', () => ({ epsilon: 0.1 }), {
      optional: true,
      reportedAs: CALLER,
      mutateLeaves: false,
      alsoValid: ['options.epsilon', 'options.reduction'],
    }),
    // Other names are valid keys too: the options are then the ones refused.
    arg('allowedKeys', 'array', () => ['epsilon', 'reduction'], { alsoValid: ['allowedKeys ← an array of strings'] }),
    arg('functionName', 'string', () => CALLER.functionName, { bad: [EMPTY_NAME] }),
    arg('parameter', 'string', () => CALLER.argument, { optional: true, bad: [EMPTY_NAME] }),
  ]),
  TEMPERATURE_RANGE: constant,
  checkBoolean: fn([
    checked('boolean', () => false, { optional: true }),
    arg('fallback', 'boolean', () => true),
    ...NAMES,
  ]),
  checkFunction: fn([checked('function', () => function hostileCallback() {}, { optional: true }), ...NAMES]),
  // Any function is a handler and `null` silences; the valid call restores the default handler.
  setWarningHandler: fn(
    [arg('handler', 'function', () => undefined, { optional: true, alsoValid: ['handler ← null'] })],
    {
      use: (previous) => typeof previous,
    },
  ),
  warnOnce: fn([
    arg('warning', 'record', () => ({ code: 'hostile-probe', functionName: 'hostileCaller', message: 'A probe.' }), {
      bad: [bad('an empty code', () => ({ code: '', functionName: 'hostileCaller', message: 'A probe.' }))],
    }),
  ]),
  resetWarnings: fn([]),
  rowsLookLikeProbabilities: fn([
    arg('values', 'array', () => [0.2, 0.8, 0.6, 0.4], { mutateLeaves: false }),
    arg('classes', 'number', () => 2, { bad: [bad('0', () => 0), bad('a fraction', () => 1.5)] }),
  ]),
  readClassVector: fn([
    checked('tensor', () => [0.2, 0.3, 0.5], { bad: [bad('a negative weight', () => [-0.2, 0.7, 0.5])] }),
    ...NAMES,
    // `{ length: 2³² − 1 }` is a valid requirement, which the value then fails.
    options(() => ({ length: 3, distribution: true }), {
      name: 'requirements',
      alsoValid: ['requirements ← a huge array-like'],
    }),
  ]),
  readHostMatrix: fn([
    checked(
      'tensor',
      () => [
        [1, 2],
        [3, 4],
      ],
      { bad: [bad('a vector', () => [1, 2])] },
    ),
    ...NAMES,
  ]),
  readHostVector: fn([checked('tensor', () => [1, 2, 3], { bad: [bad('a matrix', () => [[1, 2]])] }), ...NAMES]),
  readLogitsAndLabels: fn(
    [
      arg(
        'logits',
        'tensor',
        () => [
          [1, 2, 3],
          [3, 2, 1],
        ],
        { reportedAs: { ...CALLER, argument: 'logits' } },
      ),
      arg('labels', 'tensor', () => [2, 0], {
        reportedAs: { ...CALLER, argument: 'labels' },
        bad: [bad('an out-of-range label', () => [3, 0]), bad('too many labels', () => [0, 1, 2])],
      }),
      arg('functionName', 'string', () => CALLER.functionName, { bad: [EMPTY_NAME] }),
      options(() => ({ checks: true })),
    ],
    {
      probes: [
        refused(
          'logits holding NaN',
          () => [[[1, Number.NaN, 3]], [0], CALLER.functionName],
          'logits',
          CALLER.functionName,
        ),
      ],
    },
  ),
};
