import { RandomSource } from '@softlabels/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { arg, bad, fn, options, refused, userError } from '../entry-builders';
import type { Catalogue, ExtraProbe, LabelledValue } from '../export-entry';
import { tensorsIn } from '../exact-snapshot';
import { LEAF_VALUES } from '../hostile-values';

const studentRows = (): number[][] => [
  [1, 2, 0.5],
  [0, 1, -1],
];
const teacherRows = (): number[][] => [
  [2, 1, 0],
  [0.5, 0.5, 1],
];

/** Bad values of three-class logits. */
const BAD_LOGITS: readonly LabelledValue[] = [
  bad('a vector', () => [1, 2, 3]),
  bad('logits holding NaN', () => [[1, Number.NaN, 0.5], studentRows()[1]]),
  bad('logits holding −Infinity', () => [[1, Number.NEGATIVE_INFINITY, 0.5], studentRows()[1]]),
  bad('a logits tensor holding Infinity', () =>
    tf.tensor2d([[1, Number.POSITIVE_INFINITY, 0.5], studentRows()[1] as number[]]),
  ),
];

type HardLabelLoss = (logits: tf.Tensor2D, labels: tf.Tensor1D, reduction: string) => unknown;

/** Probes of a `hardLabelLoss` callback inside `options` (or `args.options`), which `wrap` puts into the arguments. */
function hardLabelLossProbes(wrap: (loss: HardLabelLoss) => unknown[], parameter: string): ExtraProbe[] {
  return [
    userError('a hardLabelLoss that throws', () =>
      wrap(() => {
        throw new Error('the user loss failed');
      }),
    ),
    userError('a hardLabelLoss that throws after making tensors', () =>
      wrap((logits) => {
        tf.square(logits);
        throw new Error('the user loss failed');
      }),
    ),
    refused('a hardLabelLoss returning a tensor of the wrong shape', () => wrap(() => tf.zeros([5])), parameter),
    refused('a hardLabelLoss returning a number', () => wrap(() => 1), parameter),
    refused('a hardLabelLoss returning undefined', () => wrap(() => undefined), parameter),
    refused('a hardLabelLoss returning a string tensor', () => wrap(() => tf.scalar('1')), parameter),
    refused(
      'a hardLabelLoss returning a disposed tensor',
      () =>
        wrap(() => {
          const value = tf.scalar(1);
          value.dispose();
          return value;
        }),
      parameter,
    ),
  ];
}

const distillationLossOptions = (): Record<string, unknown> => ({
  temperature: 2,
  hardLabelWeight: 0.5,
  labels: [1, 2],
});

/** The tiny models: dense 4 → 3 layers with fixed weights, built once. */
interface Models {
  readonly teacher: tfl.LayersModel;
  readonly student: tfl.LayersModel;
  /** The student's weights before any training, restored before every call that trains it. */
  readonly studentWeights: readonly tf.Tensor[];
  /** A teacher whose last layer applies softmax. */
  readonly softmaxTeacher: tfl.LayersModel;
}

let models: Models | undefined;

function dense(seed: number, activation?: 'softmax'): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 3,
        inputShape: [4],
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
        biasInitializer: 'zeros',
        ...(activation === undefined ? {} : { activation }),
      }),
    ],
  });
}

function built(): Models {
  if (models === undefined) {
    const student = dense(2);
    models = {
      teacher: dense(1),
      student,
      studentWeights: student.getWeights().map((weight) => tf.clone(weight)),
      softmaxTeacher: dense(3, 'softmax'),
    };
  }
  return models;
}

const teacher = (): tfl.LayersModel => built().teacher;

/** The student with its initial weights: `distil` trains it in place. */
function freshStudent(): tfl.LayersModel {
  const { student, studentWeights } = built();
  student.setWeights([...studentWeights]);
  return student;
}

/** Eight rows of four features and their labels. */
const featureRows = (): number[][] =>
  Array.from({ length: 8 }, (_, row) => Array.from({ length: 4 }, (_, column) => Math.sin(row * 4 + column + 1)));
const featureLabels = (): number[] => [0, 1, 2, 0, 1, 2, 0, 1];

/** An augmentation that adds seeded noise, so that repeated draws differ. */
function noise(inputs: tf.Tensor, random: RandomSource): tf.Tensor {
  const values = Float32Array.from({ length: inputs.size }, () => 0.1 * random.normal());
  return tf.tidy(() => tf.add(inputs, tf.tensor(values, inputs.shape)));
}

/** A model-like object whose `predict` is the given function. */
const modelWith = (predict: (inputs: tf.Tensor) => unknown): object => ({ predict });

/**
 * `distil`'s valid arguments: one epoch of two batches over eight rows, seeded. `live: false` gives their structure
 * alone, with null in place of the models and tensors.
 */
const distilArguments = (live = true): Record<string, unknown> => ({
  teacher: live ? teacher() : null,
  student: live ? freshStudent() : null,
  data: { inputs: live ? tf.tensor2d(featureRows()) : null, labels: featureLabels() },
  options: {
    epochs: 1,
    batchSize: 4,
    seed: 3,
    hardLabelWeight: 0.5,
    validationData: {
      inputs: live ? tf.tensor2d(featureRows().slice(0, 4)) : null,
      labels: featureLabels().slice(0, 4),
    },
  },
});

/** `distil`'s valid arguments with `field` at `path` (the tensors it replaces disposed). */
const distilArgumentsWith = (path: Path, field: unknown): unknown => withField(distilArguments(), path, field);

/** `distil`'s arguments with these options merged in. */
const distilWith = (extra: Record<string, unknown>): unknown[] => [
  Object.entries(extra).reduce<unknown>(
    (args, [key, value]) => withField(args, ['options', key], value),
    distilArguments(),
  ),
];

/** The keys of distil's options. */
const DISTIL_OPTION_KEYS = [
  'epochs',
  'batchSize',
  'optimizer',
  'learningRate',
  'temperature',
  'studentTemperature',
  'hardLabelWeight',
  'hardLabelLoss',
  'form',
  'scaleByTemperatureSquared',
  'augment',
  'shuffle',
  'seed',
  'validationData',
  'onBatchEnd',
  'onEpochEnd',
];

type Path = ReadonlyArray<string | number>;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The paths of the fields and of the first and last elements of arrays inside a value, down four levels. */
function fieldPaths(value: unknown, depth = 0): Path[] {
  if (depth === 4) return [];
  const children: Array<[string | number, unknown]> = Array.isArray(value)
    ? [...new Set([0, value.length - 1])].filter((index) => index >= 0).map((index) => [index, value[index]])
    : isPlainRecord(value)
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[key], ...fieldPaths(child, depth + 1).map((path) => [key, ...path])]);
}

/** A copy of `value` with `field` at `path`; the tensors it replaces are disposed. */
function withField(value: unknown, path: Path, field: unknown): unknown {
  if (path.length === 0) {
    tf.dispose([...tensorsIn(value)]);
    return field;
  }
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = withField(copy[head as number], rest, field);
    return copy;
  }
  const record = value as Record<string, unknown>;
  return { ...record, [head]: withField(record[head as string], rest, field) };
}

function pathText(path: Path): string {
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('');
}

/**
 * The field probes of `distil`'s one argument, a record whose errors name the fields themselves (`teacher`,
 * `data.inputs`, `options.epochs`) rather than a path under the argument: every field and first and last array
 * element, and every option, replaced by each bad leaf value; an unknown key in each record.
 */
function distilFieldProbes(): ExtraProbe[] {
  const probes: ExtraProbe[] = [];
  const leafProbes = (path: Path): void => {
    // An element's error names the array it lies in.
    const arrayEnd = path.findIndex((step) => typeof step === 'number');
    const named = pathText(arrayEnd === -1 ? path : path.slice(0, arrayEnd));
    for (const leaf of LEAF_VALUES) {
      probes.push(
        refused(`arguments.${pathText(path)} ← ${leaf.label}`, () => [distilArgumentsWith(path, leaf.make())], named),
      );
    }
  };
  const paths = fieldPaths(distilArguments(false));
  for (const path of paths) leafProbes(path);
  for (const key of DISTIL_OPTION_KEYS)
    if (!paths.some((path) => path[0] === 'options' && path[1] === key)) leafProbes(['options', key]);
  for (const record of [[], ['data'], ['options'], ['options', 'validationData']] as Path[]) {
    const path = [...record, 'hostileKey'];
    probes.push(
      refused(
        `arguments${record.length === 0 ? '' : `.${pathText(record)}`} with an unknown key`,
        () => [distilArgumentsWith(path, 1)],
        record.length === 0 ? 'arguments.hostileKey' : pathText(path),
      ),
    );
  }
  return probes;
}

/** A probe of `distil` with these options (tensor-free: `extra` is built once) that must be refused. */
const distilRefused = (label: string, extra: Record<string, unknown>, parameter: string): ExtraProbe =>
  refused(label, () => distilWith(extra), parameter);

const throwing = (): never => {
  throw new Error('the user callback failed');
};

const estimateOptions = (): Record<string, unknown> => ({ classes: [0, 1], augment: noise, draws: 3, seed: 5 });

const images = (): number[][][][] => [
  [
    [[1], [2], [3]],
    [[4], [5], [6]],
    [[7], [8], [9]],
  ],
  [
    [[9], [8], [7]],
    [[6], [5], [4]],
    [[3], [2], [1]],
  ],
];

/** Bad values of an `[N, H, W, C]` batch of images. */
const BAD_IMAGES: readonly LabelledValue[] = [
  bad('a rank-3 batch', () => images()[0]),
  bad('a rank-5 batch', () => [images()]),
  bad('a vector', () => [1, 2, 3]),
  bad('a disposed bool tensor', () => {
    const tensor = tf.tensor4d([true, false], [1, 1, 2, 1], 'bool');
    tensor.dispose();
    return tensor;
  }),
  bad('a rank-2 bool tensor', () => tf.tensor2d([[true, false]], undefined, 'bool')),
];

const BAD_RANDOM: readonly LabelledValue[] = [
  bad('no random source', () => ({ padding: 1 })),
  bad('a random source look-alike', () => ({ random: { int: () => 0, uniform: () => 0 } })),
];

/** Every runtime export of `@softlabels/distillation`. */
export const distillationCatalogue: Catalogue = {
  distillationLoss: fn(
    [
      arg('studentLogits', 'tensor', studentRows, { bad: BAD_LOGITS }),
      arg('teacherLogits', 'tensor', teacherRows, {
        bad: [...BAD_LOGITS, bad('another shape', () => [[1, 2, 3]])],
      }),
      options(distillationLossOptions, {
        bad: [
          bad('a temperature of 0', () => ({ temperature: 0 })),
          bad('a temperature of 1e5', () => ({ temperature: 1e5 })),
          bad('a negative studentTemperature', () => ({ studentTemperature: -1 })),
          bad('a hardLabelWeight above 1', () => ({ hardLabelWeight: 1.5, labels: [1, 2] })),
          bad('a hardLabelWeight without labels', () => ({ hardLabelWeight: 0.5 })),
          bad('an out-of-range label', () => ({ hardLabelWeight: 0.5, labels: [1, 3] })),
          bad('a fractional label', () => ({ hardLabelWeight: 0.5, labels: [1, 0.5] })),
          bad('too many labels', () => ({ hardLabelWeight: 0.5, labels: [1, 2, 0] })),
          bad('a labels matrix', () => ({ hardLabelWeight: 0.5, labels: [[1, 2]] })),
          bad('an unknown form', () => ({ form: 'js' })),
          bad("the 'mean' reduction", () => ({ reduction: 'mean' })),
          bad('a string checks flag', () => ({ checks: 'yes' })),
        ],
      }),
    ],
    {
      probes: [
        ...hardLabelLossProbes(
          (loss) => [studentRows(), teacherRows(), { ...distillationLossOptions(), hardLabelLoss: loss }],
          'options.hardLabelLoss',
        ),
        refused(
          'one class, hard labels of class 1',
          () => [[[1], [2]], [[0], [1]], { hardLabelWeight: 0.5, labels: [0, 1] }],
          'options.labels',
        ),
        refused(
          'one class, a hardLabelLoss of the wrong shape',
          () => [[[1], [2]], [[0], [1]], { hardLabelWeight: 1, labels: [0, 0], hardLabelLoss: () => tf.zeros([2]) }],
          'options.hardLabelLoss',
        ),
      ],
    },
  ),
  teacherSmoothness: fn(
    [
      arg('teacherLogits', 'tensor', teacherRows, { bad: BAD_LOGITS }),
      arg('labels', 'tensor', () => [0, 2], {
        bad: [bad('an out-of-range label', () => [0, 3]), bad('too many labels', () => [0, 1, 2])],
      }),
      options(() => ({ temperature: 2 }), {
        bad: [
          bad('a temperature of 0', () => ({ temperature: 0 })),
          bad('an Infinity temperature', () => ({ temperature: Number.POSITIVE_INFINITY })),
        ],
      }),
    ],
    {
      probes: [
        refused(
          'one class',
          () => [
            [[1], [2]],
            [0, 0],
          ],
          'teacherLogits',
        ),
      ],
    },
  ),
  logitMutualInformation: fn(
    [
      arg(
        'samples',
        'tensor',
        () => [
          [0.1, 0.5, 0.3],
          [1.2, 0.9, 1.1],
          [2, 2.5, 2.2],
        ],
        {
          bad: [
            bad('one example', () => [[0.1, 0.5, 0.3]]),
            bad('two columns', () => [
              [0.1, 0.5],
              [1.2, 0.9],
            ]),
            bad('a vector', () => [0.1, 0.5, 0.3]),
            bad('draws holding NaN', () => [
              [0.1, Number.NaN, 0.3],
              [1.2, 0.9, 1.1],
            ]),
            bad('constant draws', () => [
              [1, 1, 1],
              [2, 2, 2],
            ]),
            bad('split draws of different lengths', () => ({
              meanDraws: [
                [0.1, 0.5],
                [1.2, 0.9],
              ],
              evalDraws: [0.3],
            })),
            bad('split draws with one draw per example', () => ({ meanDraws: [[0.1], [1.2]], evalDraws: [0.3, 1.1] })),
            bad('split draws without evalDraws', () => ({
              meanDraws: [
                [0.1, 0.5],
                [1.2, 0.9],
              ],
            })),
          ],
        },
      ),
      options(() => ({ units: 'bits' }), { bad: [bad('unknown units', () => ({ units: 'bytes' }))] }),
    ],
    {
      probes: [
        refused(
          'split draws with a NaN evalDraw',
          () => [
            {
              meanDraws: [
                [0.1, 0.5],
                [1.2, 0.9],
              ],
              evalDraws: [0.3, Number.NaN],
            },
          ],
          'samples.evalDraws',
        ),
        refused(
          'split draws with an unknown key',
          () => [
            {
              meanDraws: [
                [0.1, 0.5],
                [1.2, 0.9],
              ],
              evalDraws: [0.3, 1.1],
              hostileKey: 1,
            },
          ],
          'samples.hostileKey',
        ),
      ],
    },
  ),
  estimateLogitMutualInformation: fn(
    [
      arg('model', 'model', teacher, {
        bad: [
          bad('a model whose predict returns a number', () => modelWith(() => 1)),
          bad('a model with two outputs', () => modelWith((inputs) => [tf.zerosLike(inputs), tf.zerosLike(inputs)])),
        ],
      }),
      arg('examples', 'tensor', () => featureRows().slice(0, 4), {
        bad: [bad('one example', () => [featureRows()[0]]), bad('a scalar', () => 1)],
      }),
      options(estimateOptions, {
        optional: false,
        bad: [
          bad('no classes', () => ({ augment: noise })),
          bad('no augment', () => ({ classes: [0, 1] })),
          bad('the same class twice', () => ({ ...estimateOptions(), classes: [1, 1] })),
          bad('a class beyond the outputs', () => ({ ...estimateOptions(), classes: [0, 3] })),
          bad('a fractional class', () => ({ ...estimateOptions(), classes: [0, 1.5] })),
          bad('three classes', () => ({ ...estimateOptions(), classes: [0, 1, 2] })),
          bad('one draw', () => ({ ...estimateOptions(), draws: 1 })),
          bad('a batch size of 0', () => ({ ...estimateOptions(), batchSize: 0 })),
          bad('a seed of 2³¹', () => ({ ...estimateOptions(), seed: 2 ** 31 })),
          bad('an identity augment (no variance)', () => ({
            ...estimateOptions(),
            augment: (x: tf.Tensor) => tf.clone(x),
          })),
          bad('an augment returning another batch size', () => ({
            ...estimateOptions(),
            augment: (x: tf.Tensor) => tf.slice(x, 0, 1),
          })),
          bad('an augment returning a number', () => ({ ...estimateOptions(), augment: () => 1 })),
        ],
      }),
    ],
    {
      probes: [
        userError('an augment that throws', () => [
          teacher(),
          featureRows().slice(0, 4),
          { ...estimateOptions(), augment: throwing },
        ]),
        userError('a model whose predict throws', () => [
          modelWith(throwing),
          featureRows().slice(0, 4),
          estimateOptions(),
        ]),
        refused(
          'a model whose output holds NaN',
          () => [
            modelWith((inputs) => tf.fill([inputs.shape[0] as number, 3], Number.NaN)),
            featureRows().slice(0, 4),
            estimateOptions(),
          ],
          'model output',
        ),
      ],
    },
  ),
  randomCrop: fn([
    arg('images', 'tensor', images, { bad: BAD_IMAGES }),
    options(() => ({ padding: 1, random: new RandomSource(3) }), {
      optional: false,
      bad: [
        ...BAD_RANDOM,
        bad('a negative padding', () => ({ padding: -1, random: new RandomSource(3) })),
        bad('a fractional padding', () => ({ padding: 1.5, random: new RandomSource(3) })),
      ],
    }),
  ]),
  randomHorizontalFlip: fn([
    arg('images', 'tensor', images, { bad: BAD_IMAGES }),
    options(() => ({ probability: 0.5, random: new RandomSource(3) }), {
      optional: false,
      bad: [
        ...BAD_RANDOM,
        bad('a probability above 1', () => ({ probability: 1.5, random: new RandomSource(3) })),
        bad('a negative probability', () => ({ probability: -0.5, random: new RandomSource(3) })),
      ],
    }),
  ]),
  cropAndFlip: fn(
    [
      options(() => ({ padding: 1, flipProbability: 0.5 }), {
        bad: [
          bad('a negative padding', () => ({ padding: -1 })),
          bad('a fractional padding', () => ({ padding: 0.5 })),
          bad('a flipProbability above 1', () => ({ flipProbability: 2 })),
        ],
      }),
    ],
    {
      // The returned augmentation, applied to a batch of images with a seeded source.
      use: (augment) => {
        const batch = tf.tensor4d(images().flat(3), [2, 3, 3, 1]);
        try {
          return (augment as (inputs: tf.Tensor, random: RandomSource) => tf.Tensor)(batch, new RandomSource(4));
        } finally {
          batch.dispose();
        }
      },
    },
  ),
  distil: fn(
    [
      arg('arguments', 'record', distilArguments, {
        // The fields are probed below, under the names distil's errors give them.
        mutateLeaves: false,
        // An empty record lacks `teacher`, which distil's error names: the field probes below check it.
        alsoValid: ['arguments ← an empty object', 'arguments ← an object without prototype'],
      }),
    ],
    {
      use: (result) => result,
      probes: [
        ...distilFieldProbes(),
        refused('no teacher', () => [distilArgumentsWith(['teacher'], undefined)], 'teacher'),
        refused('an empty record', () => [{}], 'teacher'),
        refused(
          'a teacher whose predict returns a number',
          () => [
            distilArgumentsWith(
              ['teacher'],
              modelWith(() => 1),
            ),
          ],
          'teacher',
        ),
        userError('a teacher whose predict throws', () => [distilArgumentsWith(['teacher'], modelWith(throwing))]),
        refused('a softmax teacher', () => [distilArgumentsWith(['teacher'], built().softmaxTeacher)], 'teacher'),
        refused(
          'a student that is only a predict function',
          () => [
            distilArgumentsWith(
              ['student'],
              modelWith(() => 1),
            ),
          ],
          'student',
        ),
        refused('no data', () => [distilArgumentsWith(['data'], undefined)], 'data'),
        refused(
          'inputs without rows',
          () => [distilArgumentsWith(['data'], { inputs: tf.zeros([0, 4]) })],
          'data.inputs',
        ),
        refused(
          'inputs of another width',
          () => [distilArgumentsWith(['data'], { inputs: tf.zeros([8, 5]), labels: featureLabels() })],
          'data.inputs',
        ),
        refused(
          'too few labels',
          () => [distilArgumentsWith(['data'], { inputs: tf.tensor2d(featureRows()), labels: [0, 1] })],
          'data.labels',
        ),
        refused(
          'an out-of-range label',
          () => [
            distilArgumentsWith(['data'], {
              inputs: tf.tensor2d(featureRows()),
              labels: [...featureLabels().slice(1), 3],
            }),
          ],
          'data.labels',
        ),
        refused(
          'no labels with a hard-label weight',
          () => [distilArgumentsWith(['data'], { inputs: tf.tensor2d(featureRows()) })],
          'data.labels',
        ),
        distilRefused('0 epochs', { epochs: 0 }, 'options.epochs'),
        distilRefused('a fractional batch size', { batchSize: 2.5 }, 'options.batchSize'),
        distilRefused('a learning rate of 0', { learningRate: 0 }, 'options.learningRate'),
        distilRefused('a temperature of 0', { temperature: 0 }, 'options.temperature'),
        distilRefused('a hardLabelWeight above 1', { hardLabelWeight: 2 }, 'options.hardLabelWeight'),
        distilRefused('an unknown form', { form: 'js' }, 'options.form'),
        distilRefused('a seed of 2³¹', { seed: 2 ** 31 }, 'options.seed'),
        distilRefused('an optimizer look-alike', { optimizer: {} }, 'options.optimizer'),
        distilRefused(
          'validation data without inputs',
          { validationData: { labels: [0, 1] } },
          'options.validationData.inputs',
        ),
        refused(
          'validation labels out of range',
          () => distilWith({ validationData: { inputs: tf.tensor2d(featureRows().slice(0, 2)), labels: [0, 5] } }),
          'options.validationData.labels',
        ),
        refused(
          'validation inputs of another width',
          () => distilWith({ validationData: { inputs: tf.zeros([2, 5]), labels: [0, 1] } }),
          'options.validationData.inputs',
        ),
        ...hardLabelLossProbes((loss) => distilWith({ hardLabelLoss: loss }), 'options.hardLabelLoss'),
        userError('an onBatchEnd that throws', () => distilWith({ onBatchEnd: throwing })),
        userError('an onBatchEnd that rejects', () =>
          distilWith({ onBatchEnd: () => Promise.reject(new Error('rejected')) }),
        ),
        userError('an onEpochEnd that throws', () => distilWith({ onEpochEnd: throwing })),
        userError('an augment that throws', () => distilWith({ augment: throwing })),
        distilRefused('an augment returning a number', { augment: () => 1 }, 'options.augment'),
        distilRefused(
          'an augment returning another batch size',
          { augment: (x: tf.Tensor) => tf.slice(x, 0, 1) },
          'options.augment',
        ),
      ],
    },
  ),
};
