import { join } from 'node:path';

import * as tfl from '@tensorflow/tfjs-layers';

import { arg, bad, fn, options, refused, userError } from '../entry-builders';
import type { ArgumentSpec, Catalogue, ExtraProbe } from '../export-entry';
import { WORK_FOLDER } from '../work-folder';

/** The tiny classifier every model argument uses, and a model without a Dense layer; built once, on first use. */
let models: { classifier: tfl.LayersModel; withoutDense: tfl.LayersModel } | undefined;

function builtModels(): NonNullable<typeof models> {
  models ??= {
    classifier: tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 5, activation: 'relu' }), tfl.layers.dense({ units: 3 })],
    }),
    withoutDense: tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [2, 2] })] }),
  };
  return models;
}

const classifier = (): tfl.LayersModel => builtModels().classifier;

const model = (): ArgumentSpec =>
  arg('model', 'model', classifier, {
    bad: [bad('a model without a Dense layer', () => builtModels().withoutDense)],
  });

/** Chart-builder layout options: out-of-range sizes and a non-string title. */
const LAYOUT_BAD = [
  bad('a width of 0', () => ({ width: 0 })),
  bad('a fractional height', () => ({ height: 100.5 })),
  bad('a width of 10⁶', () => ({ width: 1e6 })),
  bad('a numeric title', () => ({ title: 1 })),
];

/** A small inline chart, quick to render. */
const chart = (): Record<string, unknown> => ({
  width: 60,
  height: 40,
  data: {
    values: [
      { a: 1, b: 2 },
      { a: 2, b: 3 },
    ],
  },
  mark: 'point',
  encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
});

/** A chart whose data comes from a file: it may be read only through a loader the caller gives. */
const fileChart = (): Record<string, unknown> => ({ ...chart(), data: { url: '/etc/hostname' } });

/** A chart that is 4000 × 4000 units: at scale 16 a 64 000² image, far beyond the pixel budget. */
const hugeChart = (): Record<string, unknown> => ({ ...chart(), width: 4000, height: 4000 });

function throwingLoader(): Record<string, () => never> {
  const fail = (): never => {
    throw new Error('hostile loader');
  };
  return { load: fail, sanitize: fail, http: fail, file: fail };
}

const spec = (): ArgumentSpec => arg('spec', 'spec', chart);

/** The loader probes every renderer shares, for arguments `[spec, ...before, options]`. */
function loaderProbes(before: readonly unknown[], validOptions: Record<string, unknown> = {}): ExtraProbe[] {
  return [
    refused('a spec that reads /etc/hostname, without a loader', () => [fileChart(), ...before, validOptions], 'spec'),
    refused(
      'a loader without its functions',
      () => [chart(), ...before, { ...validOptions, loader: { load: () => '' } }],
      'options.loader',
    ),
    userError('a loader that throws', () => [fileChart(), ...before, { ...validOptions, loader: throwingLoader() }]),
  ];
}

/** The path writeChart writes validly: inside the suite's watched folder. */
const chartPath = (): string => join(WORK_FOLDER, 'chart.svg');

/**
 * The element renderChart draws into: a real one where there is a DOM, otherwise (Node) the closest stand-in, an
 * object shaped like a `<div>`, which renderChart must refuse as not an element.
 */
function element(): unknown {
  const document = (globalThis as { document?: { createElement(tag: string): unknown } }).document;
  return document?.createElement('div') ?? { nodeType: 1, nodeName: 'DIV', tagName: 'DIV', children: [] };
}

const points = (): Array<{ x: number; y: number; label: number }> => [
  { x: 0, y: 1, label: 0 },
  { x: 0, y: -1, label: 0 },
  { x: 4, y: 1, label: 1 },
  { x: 4, y: -1, label: 1 },
];

const diagram = (): Record<string, unknown> => ({
  bins: [
    { lower: 0, upper: 0.5, count: 4, confidence: 0.4, accuracy: 0.25, gap: 0.15 },
    { lower: 0.5, upper: 1, count: 6, confidence: 0.9, accuracy: 0.5, gap: 0.4 },
  ],
  ece: 0.3,
  mce: 0.4,
  accuracy: 0.4,
  averageConfidence: 0.7,
  counts: [4, 6],
  classIndex: 1,
});

/** Every runtime export of `@softlabels/vis`. */
export const visCatalogue: Catalogue = {
  penultimateActivations: fn([
    model(),
    arg(
      'inputs',
      'tensor',
      () => [
        [0.1, 0.2, 0.3, 0.4],
        [1, -1, 0.5, 2],
        [0, 0, 0, 1],
      ],
      {
        bad: [
          bad('three features instead of four', () => [[1, 2, 3]]),
          bad('no examples', () => []),
          bad('a vector', () => [1, 2, 3, 4]),
        ],
      },
    ),
    options(() => ({ batchSize: 2 }), {
      bad: [
        bad('a batch size of 0', () => ({ batchSize: 0 })),
        bad('a fractional batch size', () => ({ batchSize: 1.5 })),
      ],
    }),
  ]),
  classTemplates: fn([model()]),
  projectOntoClassPlane: fn([
    arg(
      'activations',
      'tensor',
      () => [
        [1, 1],
        [0.5, 0.2],
        [1.5, 0.3],
      ],
      { bad: [bad('three columns instead of two', () => [[1, 2, 3]]), bad('no rows', () => [])] },
    ),
    arg(
      'templates',
      'tensor',
      () => [
        [0, 0, 1],
        [2, 0, 1],
        [0, 2, 1],
        [1, 1, 0],
      ],
      {
        bad: [
          bad('two classes', () => [
            [0, 0, 1],
            [2, 0, 1],
          ]),
          bad('collinear templates', () => [
            [0, 0, 1],
            [1, 0, 1],
            [2, 0, 1],
            [1, 1, 0],
          ]),
        ],
      },
    ),
    arg('classes', 'array', () => [0, 1, 2], {
      bad: [
        bad('a repeated class', () => [0, 0, 1]),
        bad('a class out of range', () => [0, 1, 9]),
        bad('two classes', () => [0, 1]),
      ],
    }),
    options(() => ({ labels: [2, 0, 3], select: 'chosen-classes' }), {
      bad: [
        bad("'chosen-classes' without labels", () => ({ select: 'chosen-classes' })),
        bad('a label per class instead of per row', () => ({ labels: [0, 1, 2, 3] })),
        bad('a label out of range', () => ({ labels: [0, 1, 4] })),
        bad('an unknown selection', () => ({ select: 'some' })),
      ],
    }),
  ]),
  clusterStatistics: fn([
    arg('points', 'array', points, {
      bad: [
        bad('one class', () => points().filter((point) => point.label === 0)),
        bad('coinciding centroids', () => [
          { x: 0, y: 1, label: 0 },
          { x: 0, y: -1, label: 0 },
          { x: 0, y: 1, label: 1 },
          { x: 0, y: -1, label: 1 },
        ]),
        bad('a fractional label', () => [...points(), { x: 0, y: 0, label: 0.5 }]),
      ],
    }),
  ]),
  projectionScatterSpec: fn([
    arg(
      'panels',
      'array',
      () => [
        {
          title: 'baseline, training',
          points: [
            { x: 0.2, y: 0.1, label: 0 },
            { x: 1.7, y: 0.2, label: 1 },
          ],
          vertices: [
            { x: 0, y: 0, label: 0 },
            { x: 2, y: 0, label: 1 },
            { x: 0, y: 2, label: 2 },
          ],
        },
      ],
      {
        bad: [
          bad('no panels', () => []),
          bad('a panel without points', () => [{ title: 'empty', points: [] }]),
          bad('a panel without a title', () => [{ title: '', points: [{ x: 0, y: 0, label: 0 }] }]),
        ],
      },
    ),
    options(() => ({ classNames: ['T-shirt', 'trouser', 'sandal'], columns: 1, title: 'hostile' }), {
      bad: [
        ...LAYOUT_BAD,
        bad('class names that are numbers', () => ({ classNames: [1, 2, 3] })),
        bad('0 columns', () => ({ columns: 0 })),
      ],
    }),
  ]),
  reliabilityDiagramSpec: fn([
    arg('diagram', 'record', diagram, {
      bad: [
        bad('no bins', () => ({ ...diagram(), bins: [] })),
        bad('an ECE above 1', () => ({ ...diagram(), ece: 1.5 })),
        bad('a bin whose upper edge is below its lower edge', () => ({
          ...diagram(),
          bins: [{ lower: 0.5, upper: 0.2, count: 1, confidence: 0.4, accuracy: 0, gap: 0.4 }],
        })),
        bad('a negative class index', () => ({ ...diagram(), classIndex: -1 })),
      ],
    }),
    options(() => ({ histogramHeight: 60 }), {
      bad: [...LAYOUT_BAD, bad('a histogram height of 0', () => ({ histogramHeight: 0 }))],
    }),
  ]),
  trainingCurvesSpec: fn([
    arg(
      'runs',
      'array',
      () => [
        { name: 'baseline', history: { loss: [1.2, 0.8], val_loss: [1.1, 0.9] } },
        { name: 'label smoothing', history: { loss: [1.4, 1], val_loss: [1.2, 0.95] } },
      ],
      {
        bad: [
          bad('two runs of one name', () => [
            { name: 'a', history: { loss: [1] } },
            { name: 'a', history: { loss: [2] } },
          ]),
          bad('no finite value', () => [{ name: 'a', history: { loss: [Number.NaN] } }]),
        ],
        // A diverged epoch's loss is NaN in tfjs histories: non-finite values are documented as skipped.
        alsoValid: ['[0]', '[1]'].flatMap((run) =>
          ['loss', 'val_loss'].flatMap((key) =>
            ['[0]', '[1]'].map((epoch) => `runs${run}.history.${key}${epoch} ← NaN`),
          ),
        ),
      },
    ),
    options(() => ({ metrics: ['loss'] }), {
      bad: [...LAYOUT_BAD, bad('an unknown metric', () => ({ metrics: ['accuracy'] }))],
    }),
  ]),
  distillationPlotSpec: fn([
    arg(
      'data',
      'record',
      () => ({
        points: [
          { teacher: 'hard-label teacher', gamma: 0.02, temperature: 1, accuracy: 0.825, seed: 0 },
          { teacher: 'hard-label teacher', gamma: 0.2, temperature: 4, accuracy: 0.833, seed: 0 },
          { teacher: 'label-smoothed teacher', gamma: 0.1, label: 'ε=0.1', accuracy: 0.828, seed: 1 },
        ],
        baseline: { label: 'student alone', values: [0.82, 0.818] },
      }),
      {
        bad: [
          bad('no students', () => ({ points: [] })),
          bad('an accuracy above 1', () => ({ points: [{ teacher: 't', gamma: 0.1, accuracy: 2 }] })),
          bad('a temperature of 0', () => ({ points: [{ teacher: 't', gamma: 0.1, accuracy: 0.5, temperature: 0 }] })),
          bad('a baseline without values', () => ({
            points: [{ teacher: 't', gamma: 0.1, accuracy: 0.5 }],
            baseline: { label: 'alone', values: [] },
          })),
        ],
      },
    ),
    options(() => ({ spread: 'standard-deviation' }), {
      bad: [...LAYOUT_BAD, bad('an unknown spread', () => ({ spread: 'range' }))],
    }),
  ]),
  eceByEpsilonSpec: fn([
    arg(
      'data',
      'record',
      () => ({
        measurements: [
          { epsilon: 0, ece: 0.064, seed: 0 },
          { epsilon: 0, ece: 0.058, seed: 1 },
          { epsilon: 0.1, ece: 0.042, seed: 0 },
        ],
        reference: { label: 'temperature scaling', values: [0.019, 0.021] },
      }),
      {
        bad: [
          bad('no measurements', () => ({ measurements: [] })),
          bad('an ε above 1', () => ({ measurements: [{ epsilon: 1.5, ece: 0.1 }] })),
          bad('a negative ECE', () => ({ measurements: [{ epsilon: 0.1, ece: -0.1 }] })),
        ],
      },
    ),
    options(() => ({ spread: 'min-max', metric: 'ECE (10 bins)' }), {
      bad: [...LAYOUT_BAD, bad('an empty metric name', () => ({ metric: '' }))],
    }),
  ]),
  summarise: fn([
    arg('values', 'array', () => [0.81, 0.83, 0.8], {
      bad: [bad('no values', () => [])],
      // A NaN among the values is documented to make the summary NaN (a diverged run shows as such).
      alsoValid: ['values[0] ← NaN', 'values[2] ← NaN'],
    }),
    arg('spread', 'string', () => 'min-max', { optional: true, bad: [bad('an unknown spread', () => 'range')] }),
  ]),
  renderSvg: fn([spec(), options()], { probes: loaderProbes([]) }),
  renderPng: fn(
    [
      spec(),
      options(() => ({ scale: 1, loadSystemFonts: false }), {
        bad: [
          bad('a scale of 0', () => ({ scale: 0 })),
          bad('a scale of 17', () => ({ scale: 17 })),
          bad('font files that are not paths', () => ({ fontFiles: [1] })),
        ],
      }),
    ],
    {
      probes: [
        ...loaderProbes([], { scale: 1, loadSystemFonts: false }),
        refused('a 4000 × 4000 chart at scale 16', () => [hugeChart(), { scale: 16 }], 'options.scale'),
        refused(
          'a background that is no colour',
          () => [chart(), { background: 'not-a-colour' }],
          'options.background',
        ),
      ],
    },
  ),
  writeChart: fn(
    [
      spec(),
      arg('path', 'string', chartPath, { bad: [bad('an empty string', () => '')] }),
      options(() => undefined, { bad: [bad('an unknown format', () => ({ format: 'pdf' }))] }),
    ],
    {
      probes: [
        ...loaderProbes([chartPath()]),
        refused('a path that is a folder', () => [chart(), WORK_FOLDER, { format: 'svg' }], 'path'),
        refused('a path in a missing folder', () => [chart(), join(WORK_FOLDER, 'missing', 'chart.svg')], 'path'),
        refused('a path with a NUL byte', () => [chart(), join(WORK_FOLDER, 'chart\0.svg')], 'path'),
        refused(
          'a 4000 × 4000 PNG at scale 16',
          () => [hugeChart(), join(WORK_FOLDER, 'chart.png'), { scale: 16 }],
          'options.scale',
        ),
        refused(
          'a background that is no colour',
          () => [chart(), join(WORK_FOLDER, 'chart.png'), { background: 'not-a-colour' }],
          'options.background',
        ),
      ],
    },
  ),
  renderChart: fn(
    [
      arg('element', 'element', element),
      spec(),
      options(() => undefined, { bad: [bad('an unknown renderer', () => ({ renderer: 'webgl' }))] }),
    ],
    {
      probes: loaderProbes([]).map((probe) => ({ ...probe, args: () => [element(), ...probe.args()] })),
      refusedHere: typeof Element === 'undefined' ? { argument: 'element' } : undefined,
    },
  ),
};
