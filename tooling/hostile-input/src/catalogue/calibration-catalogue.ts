import type { Calibrator } from '@softlabels/calibration';
import {
  CalibrationAccumulator,
  fitCalibrator,
  type CalibrationAccumulatorJson,
  type CalibratorJson,
} from '@softlabels/calibration';
import * as tf from '@tensorflow/tfjs-core';

import { arg, bad, fn, options, refused } from '../entry-builders';
import type { ArgumentSpec, Catalogue, ClassEntry, ExtraProbe, FunctionEntry, LabelledValue } from '../export-entry';

/** Four rows of three-class logits and their labels: every metric's valid input. */
const logitRows = (): number[][] => [
  [2, 0.5, -1],
  [0.1, 1.5, 0.3],
  [-0.5, 0.2, 1.8],
  [1, 1.2, 0.9],
];
const labelRows = (): number[] => [0, 1, 2, 0];
const probabilityRows = (): number[][] => [
  [0.7, 0.2, 0.1],
  [0.1, 0.8, 0.1],
  [0.3, 0.3, 0.4],
  [0.5, 0.25, 0.25],
];

/** Bad values of a `{ logits }` or `{ probabilities }` input. */
const BAD_INPUTS: readonly LabelledValue[] = [
  bad('both logits and probabilities', () => ({ logits: logitRows(), probabilities: probabilityRows() })),
  bad('neither logits nor probabilities', () => ({ scores: logitRows() })),
  bad('a bare logits array', () => logitRows()),
  bad('a bare logits tensor', () => tf.tensor2d(logitRows())),
  bad('logits holding NaN', () => ({ logits: [[1, Number.NaN, 0], ...logitRows().slice(1)] })),
  bad('logits holding Infinity', () => ({ logits: [[1, Number.POSITIVE_INFINITY, 0], ...logitRows().slice(1)] })),
  bad('a logits tensor holding NaN', () => ({ logits: tf.tensor2d([[1, Number.NaN, 0], ...logitRows().slice(1)]) })),
  bad('one class', () => ({ logits: [[1], [2], [3], [4]] })),
  bad('no rows', () => ({ logits: [] })),
  bad('a ragged logits array', () => ({
    logits: [
      [1, 2, 3],
      [1, 2],
      [1, 2, 3],
      [1, 2, 3],
    ],
  })),
  bad('a string logits tensor', () => ({ logits: tf.tensor(['a', 'b', 'c']) })),
  bad('a disposed logits tensor', () => {
    const logits = tf.tensor2d(logitRows());
    logits.dispose();
    return { logits };
  }),
  bad('probabilities above 1', () => ({ probabilities: [[1.5, -0.25, -0.25], ...probabilityRows().slice(1)] })),
  bad('probabilities below 0', () => ({ probabilities: [[-0.2, 0.6, 0.6], ...probabilityRows().slice(1)] })),
  bad('probability rows summing to 0.9', () => ({ probabilities: [[0.6, 0.2, 0.1], ...probabilityRows().slice(1)] })),
  bad('a probabilities tensor summing to 2', () => ({ probabilities: tf.fill([4, 3], 2 / 3) })),
];

/** Bad values of the logits argument of `fitTemperature`. */
const BAD_FIT_LOGITS: readonly LabelledValue[] = [
  bad('logits holding NaN', () => [[1, Number.NaN, 0], ...logitRows().slice(1)]),
  bad('logits holding −Infinity', () => [[1, Number.NEGATIVE_INFINITY, 0], ...logitRows().slice(1)]),
  bad('one class', () => [[1], [2], [3], [4]]),
  bad('no rows', () => []),
  bad('a flat array of another length than the labels allow', () => [1, 2, 3, 4, 5]),
  bad('probabilities', () => ({ probabilities: probabilityRows() })),
  bad('a record without logits', () => ({ scores: logitRows() })),
  bad('a record of logits holding NaN', () => ({ logits: [[1, Number.NaN, 0], ...logitRows().slice(1)] })),
];

/** Bad values of the labels of {@link logitRows}. */
const BAD_LABELS: readonly LabelledValue[] = [
  bad('an out-of-range label', () => [0, 1, 3, 0]),
  bad('a negative label', () => [0, -1, 2, 0]),
  bad('a fractional label', () => [0, 1.5, 2, 0]),
  bad('a label of 2³¹', () => [0, 1, 2 ** 31, 0]),
  bad('too few labels', () => [0, 1, 2]),
  bad('too many labels', () => [0, 1, 2, 0, 1]),
  bad('no labels', () => []),
  bad('a float label tensor out of range', () => tf.tensor1d([0, 1, 7, 0])),
  bad('a NaN label', () => [0, Number.NaN, 2, 0]),
  bad('a BigInt64Array label out of range', () => BigInt64Array.from([0n, 1n, 3n, 0n])),
  bad('a BigInt64Array label of 2⁶⁰', () => BigInt64Array.from([0n, 1n, 2n ** 60n, 0n])),
  bad('a BigUint64Array label of 2⁶⁴ − 1', () => BigUint64Array.from([0n, 1n, 2n ** 64n - 1n, 0n])),
];

/** Bad values of `ignoreIndex`, an option of every function that takes labels. */
const BAD_IGNORE_INDEX: readonly LabelledValue[] = [
  bad('a fractional ignoreIndex', () => ({ ignoreIndex: -0.5 })),
  bad('an ignoreIndex of Infinity', () => ({ ignoreIndex: Number.POSITIVE_INFINITY })),
];

/** Probes of every function that takes labels and `ignoreIndex`, given its valid options. */
function ignoredProbes(validOptions: () => unknown, scores: () => unknown): ExtraProbe[] {
  return [
    refused(
      'every label the ignoreIndex',
      () => [scores(), [-100, -100, -100, -100], { ...(validOptions() as object), ignoreIndex: -100 }],
      'labels',
    ),
  ];
}

/** Bad values of the options every metric shares. */
const BAD_INPUT_OPTIONS: readonly LabelledValue[] = [
  bad('a negative distributionTolerance', () => ({ distributionTolerance: -1e-3 })),
  bad('an Infinity distributionTolerance', () => ({ distributionTolerance: Number.POSITIVE_INFINITY })),
  bad('an unknown precision', () => ({ precision: 'float16' })),
];

/** Bad `bins` values. */
const BAD_BINS: readonly LabelledValue[] = [
  bad('0 bins', () => ({ bins: 0 })),
  bad('a fractional bin count', () => ({ bins: 2.5 })),
  bad('10⁶ + 1 bins', () => ({ bins: 1e6 + 1 })),
  bad('a negative bin count', () => ({ bins: -3 })),
];

const BAD_NORM = bad('an unknown norm', () => ({ norm: 'l3' }));

/** Bad `bootstrap` values, an option of every metric that returns a number. */
const BAD_BOOTSTRAP: readonly LabelledValue[] = [
  bad('bootstrap null', () => ({ bootstrap: null })),
  bad('bootstrap an array', () => ({ bootstrap: [1000] })),
  bad('an unknown bootstrap key', () => ({ bootstrap: { samples: 10 } })),
  bad('0 resamples', () => ({ bootstrap: { resamples: 0 } })),
  bad('a fractional resample count', () => ({ bootstrap: { resamples: 10.5 } })),
  bad('10⁶ + 1 resamples', () => ({ bootstrap: { resamples: 1e6 + 1 } })),
  bad('level 0', () => ({ bootstrap: { level: 0 } })),
  bad('level 1', () => ({ bootstrap: { level: 1 } })),
  bad('level NaN', () => ({ bootstrap: { level: Number.NaN } })),
  bad('a fractional seed', () => ({ bootstrap: { seed: 0.5 } })),
  bad('a seed of 2³¹', () => ({ bootstrap: { seed: 2 ** 31 } })),
];
const BAD_BINNING = bad('an unknown binning', () => ({ binning: 'median' }));

const input = (valid: () => unknown = () => ({ logits: logitRows() })): ArgumentSpec =>
  arg('input', 'record', valid, { bad: BAD_INPUTS });
const labels = (): ArgumentSpec => arg('labels', 'tensor', labelRows, { bad: BAD_LABELS });

/**
 * A metric of `(input, labels, options)` whose options take the shared keys and the given bad values, with the probes
 * every such metric shares and the given ones.
 */
function metric(
  validOptions: () => unknown,
  badOptions: readonly LabelledValue[] = [],
  probes: readonly ExtraProbe[] = [],
): FunctionEntry {
  return fn(
    [input(), labels(), options(validOptions, { bad: [...BAD_INPUT_OPTIONS, ...BAD_IGNORE_INDEX, ...badOptions] })],
    {
      probes: [
        refused(
          'two-class probabilities under labels up to class 2',
          () => [
            {
              probabilities: [
                [0.5, 0.5],
                [0.5, 0.5],
                [0.5, 0.5],
                [0.5, 0.5],
              ],
            },
            labelRows(),
            validOptions(),
          ],
          'labels',
        ),
        refused(
          'flat logits of a length the labels do not divide',
          () => [{ logits: logitRows().flat().slice(1) }, labelRows(), validOptions()],
          'input.logits',
        ),
        refused(
          'one positive-class probability per label under labels up to class 2',
          () => [{ probabilities: [0.5, 0.5, 0.5, 0.5] }, labelRows(), validOptions()],
          'labels',
        ),
        refused(
          'one positive-class probability per label above 1',
          () => [{ probabilities: [0.5, 1.5, 0.5, 0.5] }, [0, 1, 1, 0], validOptions()],
          'input.probabilities',
        ),
        ...ignoredProbes(validOptions, () => ({ logits: logitRows() })),
        ...probes,
      ],
    },
  );
}

/** A fresh accumulator with 5 bins that has seen {@link logitRows}. */
function filledAccumulator(bins = 5, distributionTolerance?: number): CalibrationAccumulator {
  const options = distributionTolerance === undefined ? { bins } : { bins, distributionTolerance };
  return new CalibrationAccumulator(options).update({ logits: logitRows() }, labelRows());
}

/** The parsed JSON state of {@link filledAccumulator}, with some fields replaced. */
function editedJson(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...stateJson(), ...fields };
}

/** The parsed JSON state of {@link filledAccumulator}. */
function stateJson(): CalibrationAccumulatorJson {
  return JSON.parse(JSON.stringify(filledAccumulator().toJSON())) as CalibrationAccumulatorJson;
}

/** The JSON state with one element of one of its arrays replaced. */
function editedElement(key: keyof CalibrationAccumulatorJson, index: number, value: unknown): Record<string, unknown> {
  const json = stateJson();
  const values = [...(json[key] as unknown[])];
  values[index] = value;
  return { ...json, [key]: values };
}

/** The index of the first non-empty bin of {@link filledAccumulator}. */
function firstFilledBin(): number {
  return filledAccumulator()
    .toJSON()
    .binCount.findIndex((count) => count > 0);
}

const BAD_JSON: readonly LabelledValue[] = [
  bad('count −5', () => editedJson({ count: -5 })),
  bad('count 1.5', () => editedJson({ count: 1.5 })),
  bad('count 2⁵³', () => editedJson({ count: 2 ** 53 })),
  bad('count one more than the bins hold', () => editedJson({ count: 5 })),
  bad('correct above count', () => editedJson({ correct: 5 })),
  bad('correct unlike the bins', () => editedJson({ correct: 0 })),
  bad('nllSum −100', () => editedJson({ nllSum: -100 })),
  bad("nllSum '-Infinity'", () => editedJson({ nllSum: '-Infinity' })),
  bad('brierSum −1', () => editedJson({ brierSum: -1 })),
  bad('brierSum above 2 per row', () => editedJson({ brierSum: 100 })),
  bad('confidenceSum unlike the bins', () => editedJson({ confidenceSum: stateJson().confidenceSum - 0.5 })),
  bad('binConfidence outside its bin edges', () => {
    const json = stateJson();
    const bin = json.binCount.findIndex((count, index) => count > 0 && index < json.bins - 1);
    const binConfidence = [...json.binConfidence];
    const shift = (json.binCount[bin] as number) * 0.99 - (binConfidence[bin] as number);
    binConfidence[bin] = (binConfidence[bin] as number) + shift;
    return { ...json, binConfidence, confidenceSum: json.confidenceSum + shift };
  }),
  bad('confidenceSum above count', () => editedJson({ confidenceSum: 10 })),
  bad('confidenceSum −1', () => editedJson({ confidenceSum: -1 })),
  bad('classes 2³¹', () => editedJson({ classes: 2 ** 31 })),
  bad('classes 1', () => editedJson({ classes: 1 })),
  bad('classes 2.5', () => editedJson({ classes: 2.5 })),
  bad('classes null with rows counted', () => editedJson({ classes: null })),
  bad('version 2', () => editedJson({ version: 2 })),
  bad('bins 0', () => editedJson({ bins: 0 })),
  bad('bins 10⁶ + 1', () => editedJson({ bins: 1e6 + 1 })),
  bad('bins unlike the arrays', () => editedJson({ bins: 6 })),
  bad('distributionTolerance −1', () => editedJson({ distributionTolerance: -1 })),
  bad('a missing field', () => {
    const json: Partial<CalibrationAccumulatorJson> = stateJson();
    delete json.brierSum;
    return json;
  }),
  bad('binCount one element short', () => editedJson({ binCount: stateJson().binCount.slice(1) })),
  bad('binCount −1 in a bin', () => editedElement('binCount', 0, -1)),
  bad('binCorrect above its bin', () => editedElement('binCorrect', 0, 4)),
  bad('binConfidence above its bin', () => editedElement('binConfidence', firstFilledBin(), 100)),
  bad('classCount not covering every row', () => editedElement('classCount', 0, 0)),
  bad('classPositive above its slot', () => editedElement('classPositive', 0, 5)),
  bad('classProbability −1', () => editedElement('classProbability', 0, -1)),
  bad('binCount a string', () => editedJson({ binCount: 'hostile' })),
];

const accumulator: ClassEntry = {
  kind: 'class',
  constructorEntry: fn(
    [
      options(() => ({ bins: 5 }), {
        bad: [...BAD_INPUT_OPTIONS, ...BAD_BINS],
      }),
    ],
    { use: (made) => (made as CalibrationAccumulator).toJSON() },
  ),
  instance: () => filledAccumulator(),
  methods: {
    update: fn([input(), labels(), options(() => ({ ignoreIndex: -100 }), { bad: BAD_IGNORE_INDEX })], {
      use: (updated) => (updated as CalibrationAccumulator).toJSON(),
      probes: [
        refused(
          'a batch of another class count than the earlier ones',
          () => [
            {
              logits: [
                [1, 2],
                [2, 1],
                [0, 1],
                [1, 0],
              ],
            },
            labelRows().map((label) => label % 2),
          ],
          'input.logits',
        ),
      ],
    }),
    merge: fn(
      [
        arg('other', 'record', () => filledAccumulator(), {
          bad: [
            bad('an accumulator with other bins', () => filledAccumulator(7)),
            bad('an accumulator with another distributionTolerance', () => filledAccumulator(5, 0.01)),
            bad('an accumulator with another class count', () =>
              new CalibrationAccumulator({ bins: 5 }).update(
                {
                  logits: [
                    [1, 2],
                    [2, 1],
                  ],
                },
                [1, 0],
              ),
            ),
            bad('its JSON state', () => editedJson()),
            bad('a look-alike with the same fields', () => Object.assign({}, filledAccumulator())),
          ],
        }),
      ],
      { use: (merged) => (merged as CalibrationAccumulator).toJSON() },
    ),
    compute: fn([]),
    reset: fn([]),
    toJSON: fn([]),
  },
  statics: {
    fromJSON: fn([arg('json', 'record', () => editedJson(), { bad: BAD_JSON })], {
      use: (made) => (made as CalibrationAccumulator).toJSON(),
    }),
  },
};

/** A temperature calibrator fitted on {@link logitRows}. */
const fittedCalibrator = (): Calibrator => fitCalibrator('temperature', { logits: logitRows() }, labelRows());

/** Its JSON, parsed, with `edits` applied. */
function calibratorJson(edits: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(JSON.parse(JSON.stringify(fittedCalibrator())) as CalibratorJson), ...edits };
}

/** Bad values of a calibrator's JSON. */
const BAD_CALIBRATOR_JSON: readonly LabelledValue[] = [
  bad('text that is not JSON', () => '{"format": "softlabels-calibrator", '),
  bad('JSON text of a number', () => '3'),
  bad('another format', () => calibratorJson({ format: 'softlabels-accumulator' })),
  bad('version 2', () => calibratorJson({ version: 2 })),
  bad('an unknown method', () => calibratorJson({ method: 'magic' })),
  bad('classes 1', () => calibratorJson({ classes: 1 })),
  bad('classes 2.5', () => calibratorJson({ classes: 2.5 })),
  bad('an input kind the method does not map', () => calibratorJson({ input: 'probabilities' })),
  bad('the binary flag on three classes', () => calibratorJson({ binary: true })),
  bad('a negative temperature', () => calibratorJson({ parameters: { temperature: -2 } })),
  bad('parameters of another method', () => calibratorJson({ parameters: { a: [1, 1, 1], b: [0, 0, 0] } })),
  bad('a negative nllAfter', () =>
    calibratorJson({ diagnostics: { ...fittedCalibrator().diagnostics, nllAfter: -1 } }),
  ),
];

/** Probes of the options each `fitCalibrator` method reads itself, and of the input kinds some refuse. */
function methodOptionProbes(): ExtraProbe[] {
  const fit =
    (method: string, option: unknown, input: unknown = { logits: logitRows() }) =>
    () => [method, input, labelRows(), option];
  return [
    refused(
      'vector scaling of probabilities',
      fit('vector', {}, { probabilities: probabilityRows() }),
      'input.probabilities',
    ),
    refused(
      'matrix scaling of probabilities',
      fit('matrix', {}, { probabilities: probabilityRows() }),
      'input.probabilities',
    ),
    refused('histogram binning with 0 bins', fit('histogram', { bins: 0 }), 'options.bins'),
    refused('histogram binning with 2.5 bins', fit('histogram', { bins: 2.5 }), 'options.bins'),
    refused('histogram binning by an unknown binning', fit('histogram', { binning: 'median' }), 'options.binning'),
    refused(
      'an iteration budget for isotonic regression',
      fit('isotonic', { maxIterations: 5 }),
      'options.maxIterations',
    ),
    refused('regularisation of vector scaling', fit('vector', { regularization: {} }), 'options.regularization'),
    refused(
      'a negative offDiagonal weight',
      fit('matrix', { regularization: { offDiagonal: -1 } }),
      'options.regularization.offDiagonal',
    ),
    refused(
      'an Infinity intercept weight',
      fit('dirichlet', { regularization: { intercept: Number.POSITIVE_INFINITY } }),
      'options.regularization.intercept',
    ),
    refused('an unknown regularisation key', fit('matrix', { regularization: { l2: 1 } }), 'options.regularization.l2'),
    refused('regularisation that is a number', fit('dirichlet', { regularization: 3 }), 'options.regularization'),
  ];
}

const calibrator: ClassEntry = {
  kind: 'class',
  constructorEntry: fn([arg('json', 'record', () => calibratorJson(), { bad: BAD_CALIBRATOR_JSON })], {
    use: (made) => (made as Calibrator).toJSON(),
  }),
  instance: fittedCalibrator,
  methods: {
    apply: fn(
      [
        input(),
        options(() => ({ distributionTolerance: 1e-4 }), {
          bad: [bad('a negative distributionTolerance', () => ({ distributionTolerance: -1 }))],
        }),
      ],
      {
        probes: [
          refused('two-class logits', () => [{ logits: [[1, 2]] }], 'input.logits'),
          refused('probabilities', () => [{ probabilities: probabilityRows() }], 'input.probabilities'),
          refused('flat logits of a length 3 does not divide', () => [{ logits: [1, 2, 3, 4] }], 'input.logits'),
        ],
      },
    ),
    toJSON: fn([]),
  },
  statics: {
    fromJSON: fn([arg('json', 'record', () => calibratorJson(), { bad: BAD_CALIBRATOR_JSON })], {
      use: (made) => (made as Calibrator).toJSON(),
    }),
  },
};

/** Every runtime export of `@softlabels/calibration`. */
export const calibrationCatalogue: Catalogue = {
  expectedCalibrationError: metric(
    () => ({ bins: 5, norm: 'l2', binning: 'quantile' }),
    [...BAD_BINS, BAD_NORM, BAD_BINNING, ...BAD_BOOTSTRAP],
  ),
  adaptiveCalibrationError: metric(() => ({ bins: 3, norm: 'max' }), [...BAD_BINS, BAD_NORM, ...BAD_BOOTSTRAP]),
  classwiseCalibrationError: metric(
    () => ({ bins: 4, norm: 'l1' }),
    [...BAD_BINS, BAD_NORM, ...BAD_BOOTSTRAP],
    [
      refused(
        'classes × bins above 2²⁴ (17 classes, 10⁶ bins)',
        () => [{ logits: [Array.from({ length: 17 }, (_, k) => k)] }, [3], { bins: 1e6 }],
        'input.logits',
      ),
    ],
  ),
  debiasedCalibrationError: metric(
    () => ({ bins: 2, binning: 'uniform', bootstrap: { resamples: 20, seed: 5 } }),
    [...BAD_BINS, BAD_BINNING, ...BAD_BOOTSTRAP],
  ),
  brierScore: metric(() => ({ precision: 'float64', ignoreIndex: -100 }), BAD_BOOTSTRAP),
  negativeLogLikelihood: metric(() => ({ precision: 'float32', bootstrap: { resamples: 10 } }), BAD_BOOTSTRAP),
  accuracy: metric(() => ({ distributionTolerance: 1e-4 }), BAD_BOOTSTRAP),
  smoothCalibrationError: metric(
    () => ({ gridSize: 101, classwise: true, bootstrap: { resamples: 5, level: 0.9 } }),
    [
      ...BAD_BOOTSTRAP,
      bad('bandwidth 0', () => ({ bandwidth: 0 })),
      bad('a bandwidth below one grid step', () => ({ gridSize: 101, bandwidth: 0.001 })),
      bad('bandwidth above 1', () => ({ bandwidth: 1.5 })),
      bad('an unknown bandwidth rule', () => ({ bandwidth: 'silverman' })),
      bad('gridSize 2', () => ({ gridSize: 2 })),
      bad('a fractional gridSize', () => ({ gridSize: 100.5 })),
      bad('gridSize 10⁵ + 1', () => ({ gridSize: 1e5 + 1 })),
      bad('classwise a string', () => ({ classwise: 'yes' })),
    ],
  ),
  ksCalibrationError: metric(
    () => ({ classwise: false, precision: 'float32', bootstrap: { resamples: 10, seed: -3 } }),
    [...BAD_BOOTSTRAP, bad('classwise 1', () => ({ classwise: 1 }))],
  ),
  confidenceHistogram: fn(
    [
      input(() => ({ probabilities: probabilityRows() })),
      options(() => ({ bins: 4, binning: 'quantile' }), { bad: [...BAD_INPUT_OPTIONS, ...BAD_BINS, BAD_BINNING] }),
    ],
    {
      probes: [refused('flat logits (no rows without labels)', () => [{ logits: logitRows().flat() }], 'input.logits')],
    },
  ),
  reliabilityDiagram: metric(
    () => ({ bins: 5, classIndex: 1 }),
    [
      ...BAD_BINS,
      BAD_BINNING,
      bad('classIndex 3 of three classes', () => ({ classIndex: 3 })),
      bad('classIndex −1', () => ({ classIndex: -1 })),
      bad('a fractional classIndex', () => ({ classIndex: 0.5 })),
      bad('classIndex with equal-mass bins', () => ({ classIndex: 0, binning: 'quantile' })),
      bad('intervals null', () => ({ intervals: null })),
      bad('an unknown intervals key', () => ({ intervals: { confidence: 0.9 } })),
      bad('intervals level 1', () => ({ intervals: { level: 1 } })),
      bad('intervals level −0.5', () => ({ intervals: { level: -0.5 } })),
      bad('bootstrap, which the diagram does not take', () => ({ bootstrap: {} })),
    ],
  ),
  fitTemperature: fn(
    [
      arg('logits', 'tensor', logitRows, { bad: BAD_FIT_LOGITS }),
      labels(),
      options(() => ({ initialTemperature: 1.5, maxIterations: 20, ignoreIndex: -100 }), {
        bad: [
          ...BAD_IGNORE_INDEX,
          bad('minTemperature 0', () => ({ minTemperature: 0 })),
          bad('minTemperature below 1e-4', () => ({ minTemperature: 1e-5 })),
          bad('maxTemperature above 1e4', () => ({ maxTemperature: 1e5 })),
          bad('maxTemperature below minTemperature', () => ({ minTemperature: 2, maxTemperature: 1 })),
          bad('initialTemperature outside the range', () => ({ initialTemperature: 1000 })),
          bad('initialTemperature 0', () => ({ initialTemperature: 0 })),
          bad('maxIterations 0', () => ({ maxIterations: 0 })),
          bad('a fractional maxIterations', () => ({ maxIterations: 2.5 })),
          bad('tolerance 0', () => ({ tolerance: 0 })),
          bad('a negative tolerance', () => ({ tolerance: -1e-9 })),
          bad('an unknown precision', () => ({ precision: 'float16' })),
        ],
      }),
    ],
    { probes: ignoredProbes(() => ({ maxIterations: 20 }), logitRows) },
  ),
  applyTemperature: fn(
    [
      arg('logits', 'tensor', logitRows),
      arg('temperature', 'number', () => 2, {
        bad: [bad('0', () => 0), bad('−1', () => -1), bad('below 1e-4', () => 1e-5), bad('above 1e4', () => 1e5)],
      }),
    ],
    {
      probes: [
        refused('{ probabilities }', () => [{ probabilities: [[0.5, 0.5]] }, 2], 'logits.probabilities'),
        refused('{ logits } holding NaN', () => [{ logits: [[1, Number.NaN]] }, 2], 'logits.logits'),
        refused('{ logits } that is ragged', () => [{ logits: [[1, 2], [3]] }, 2], 'logits.logits'),
      ],
    },
  ),
  CalibrationAccumulator: accumulator,
  fitCalibrator: fn(
    [
      arg('method', 'string', () => 'temperature', { bad: [bad('an unknown method', () => 'magic')] }),
      input(),
      labels(),
      options(() => ({ maxIterations: 30, tolerance: 1e-8, ignoreIndex: -100 }), {
        bad: [
          ...BAD_IGNORE_INDEX,
          bad('a negative distributionTolerance', () => ({ distributionTolerance: -1e-3 })),
          bad('maxIterations 0', () => ({ maxIterations: 0 })),
          bad('tolerance 0', () => ({ tolerance: 0 })),
          bad('an option of another method', () => ({ bins: 10 })),
        ],
      }),
    ],
    {
      probes: [
        refused(
          'probabilities for temperature scaling',
          () => ['temperature', { probabilities: probabilityRows() }, labelRows()],
          'input.probabilities',
        ),
        refused(
          'every label the ignoreIndex',
          () => ['temperature', { logits: logitRows() }, [-100, -100, -100, -100], { ignoreIndex: -100 }],
          'labels',
        ),
        ...methodOptionProbes(),
      ],
    },
  ),
  Calibrator: calibrator,
};
