import { resolve } from 'node:path';

import { checkChoice, InvalidArgumentError } from '@softlabels/core';

import { ALL_ALTERNATIVES, parseAlternatives, type TrainingAlternative } from '../stages/training-alternative';
import type { NetworkSpec } from '../training/network-spec';

/**
 * A named configuration: `quick` (the tests' < 90 s run), `default` (≈ 6 min; < 5 min without the training-time
 * alternatives) and `paper` (≈ 35 min; < 30 min without them).
 */
export type Preset = 'quick' | 'default' | 'paper';

/** The teacher kinds `--model` picks. */
export type ModelKind = NetworkSpec['kind'];

/** Everything one run of the example needs, normalised and validated. */
export interface ExampleOptions {
  /** `fashion-mnist`, `mnist` or a folder (four IDX files, a train and a test CSV, or the CIFAR binary layout). */
  dataset: string;
  /** The compute backend requested. */
  backend: 'auto' | 'wasm' | 'cpu' | 'cuda';
  /** The configuration the sizes below come from (before individual flags). */
  preset: Preset;
  /** Seeds (0 … seeds−1); every number in the report is given over these. */
  seeds: number;
  /** The network of the ε sweep (the teachers of stage 3). */
  teacher: NetworkSpec;
  /** Training epochs of the ε-sweep networks. */
  epochs: number;
  /** Training images (drawn once from the official training split). */
  trainSize: number;
  /** Held-out images (also from the official training split, disjoint): temperatures and every model choice. */
  heldOutSize: number;
  /** Test images (the start of the official test split). */
  testSize: number;
  /** Label-smoothing ε values of the sweep (the α of the paper); the first must be 0 (the baseline). */
  epsilons: number[];
  /**
   * Training-time alternatives to label smoothing (focal loss, confidence penalty), each trained like the ε-sweep
   * networks (same seeds, network, epochs and augmentation) and measured the same way.
   */
  alternatives: TrainingAlternative[];
  /** Whether every training run crops (2-pixel padding) and flips its images, as the paper. */
  augment: boolean;
  /** Mini-batch size of every training run. */
  batchSize: number;
  /** Adam learning rate of every training run. */
  learningRate: number;
  /** Output folder (absolute). */
  out: string;
  /** Whether stage 3 (distillation) runs. */
  distillation: boolean;
  /** Stage 2: examples per class and split of each projected triple. */
  projectionExamples: number;
  /** Stage 3: the student network, transfer-set size and student epochs. */
  student: NetworkSpec;
  transferSize: number;
  studentEpochs: number;
  /** Stage 3: temperatures of the hard-label teacher, and of every label-smoothed teacher (T = 1 included). */
  hardTemperatures: number[];
  smoothedTemperatures: number[];
  /** Stage 3: ε of the reference student trained alone with label smoothing. */
  studentEpsilon: number;
  /** Stage 3: the class pair, examples per class and Monte-Carlo draws of the mutual-information estimate. */
  miClasses: [number, number];
  miExamplesPerClass: number;
  miDraws: number;
  /** Epochs between two mutual-information estimates during teacher training. */
  miEvery: number;
}

/** What commander hands over: strings as typed, booleans for switches. */
export interface RawExampleOptions {
  dataset?: unknown;
  backend?: unknown;
  preset?: unknown;
  model?: unknown;
  student?: unknown;
  seeds?: unknown;
  epochs?: unknown;
  trainSize?: unknown;
  epsilons?: unknown;
  alternatives?: unknown;
  quick?: unknown;
  out?: unknown;
  distillation?: unknown;
  augment?: unknown;
}

const FUNCTION = 'pnpm example';

/** The default output folder, `apps/example/out/`. */
export const DEFAULT_OUT = resolve(import.meta.dirname, '../../out');

/** The teacher of each `--model`: the AlexNet-like CNN of the presets is sized by the preset. */
const TEACHERS: Record<ModelKind, NetworkSpec> = {
  mlp: { kind: 'mlp', hidden: [128, 128] },
  cnn: { kind: 'cnn', filters: [16, 32], dense: [64] },
  resnet: { kind: 'resnet', widths: [16, 32, 64] },
};

/** The student of each `--student`. */
const STUDENTS: Record<'mlp' | 'cnn', NetworkSpec> = {
  mlp: { kind: 'mlp', hidden: [64] },
  cnn: { kind: 'cnn', filters: [8, 16], dense: [] },
};

const PAPER_EPSILONS = [0, 0.1, 0.2, 0.3, 0.45, 0.6];
const PAPER_TEMPERATURES = [1, 2, 3, 4, 8, 16];

type PresetOptions = Omit<ExampleOptions, 'out'>;

const SHARED: Omit<PresetOptions, 'preset' | 'seeds' | 'teacher' | 'student' | 'epochs' | 'trainSize'> = {
  dataset: 'fashion-mnist',
  backend: 'wasm',
  heldOutSize: 2000,
  testSize: 10000,
  epsilons: [0, 0.05, 0.1, 0.3],
  alternatives: [...ALL_ALTERNATIVES],
  augment: true,
  batchSize: 128,
  learningRate: 1e-3,
  distillation: true,
  projectionExamples: 100,
  transferSize: 2000,
  studentEpochs: 10,
  hardTemperatures: PAPER_TEMPERATURES,
  smoothedTemperatures: [1, 2, 4],
  studentEpsilon: 0.1,
  miClasses: [0, 1],
  miExamplesPerClass: 300,
  miDraws: 5,
  miEvery: 2,
};

/**
 * The three configurations. `default` fits in 5 minutes on 2 cores without the training-time alternatives (all five
 * are on, about 2½ minutes more; `quick` trains two of them, so that the tests cover both losses): a small CNN teacher (translation-equivariant, so
 * the mutual-information estimate over crops means what the paper means), four ε from a mild one up, the full
 * temperature grid of the hard-label teacher and MLP students, which cost little beside the teachers. `paper` is the
 * setting of the PyTorch reference at the largest size that fits in 30 minutes without the alternatives: the conv 32–64 + dense 128 teacher,
 * the six ε of the paper's grid, conv students, three seeds.
 */
const PRESETS: Record<Preset, PresetOptions> = {
  quick: {
    ...SHARED,
    preset: 'quick',
    seeds: 2,
    teacher: { kind: 'cnn', filters: [8, 16], dense: [32] },
    epochs: 6,
    trainSize: 2000,
    heldOutSize: 1000,
    testSize: 2000,
    epsilons: [0, 0.1],
    alternatives: [
      { loss: 'focal', gamma: 'flsd-53' },
      { loss: 'confidence-penalty', beta: 0.1 },
    ],
    projectionExamples: 40,
    student: { kind: 'mlp', hidden: [32] },
    transferSize: 1000,
    studentEpochs: 8,
    hardTemperatures: [1, 4],
    smoothedTemperatures: [1, 2],
    miExamplesPerClass: 50,
  },
  default: {
    ...SHARED,
    preset: 'default',
    seeds: 3,
    teacher: TEACHERS.cnn,
    epochs: 10,
    trainSize: 4000,
    epsilons: [0, 0.05, 0.1, 0.3],
    student: STUDENTS.mlp,
  },
  paper: {
    ...SHARED,
    preset: 'paper',
    seeds: 3,
    teacher: { kind: 'cnn', filters: [32, 64], dense: [128] },
    epochs: 12,
    trainSize: 5000,
    epsilons: PAPER_EPSILONS,
    student: STUDENTS.cnn,
    transferSize: 3000,
    studentEpochs: 10,
    smoothedTemperatures: [1, 2, 4, 8],
  },
};

function readPreset(raw: RawExampleOptions): Preset {
  const named =
    raw.preset === undefined
      ? undefined
      : checkChoice(raw.preset, ['quick', 'default', 'paper'] as const, '--preset', FUNCTION);
  if (raw.quick === true && named !== undefined && named !== 'quick') {
    throw new InvalidArgumentError({
      functionName: FUNCTION,
      parameter: '--quick',
      value: `--quick --preset ${named}`,
      expected: `not be combined with --preset ${named} (use one of them)`,
    });
  }
  return raw.quick === true ? 'quick' : (named ?? 'default');
}

function integer(value: unknown, flag: string, min: number, max: number): number {
  const text = String(value);
  const parsed = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) {
    throw new InvalidArgumentError({
      functionName: FUNCTION,
      parameter: flag,
      value,
      expected: `be an integer in [${min}, ${max}] (e.g. ${flag} ${min === max ? min : Math.min(max, Math.max(min, 3))})`,
    });
  }
  return parsed;
}

function epsilonList(value: unknown): number[] {
  const text = String(value);
  const items = text.split(',').map((item) => item.trim());
  const numbers = items.map((item) => (/^(\d+(\.\d*)?|\.\d+)$/.test(item) ? Number(item) : Number.NaN));
  const ok =
    numbers.length >= 2 &&
    numbers.every((epsilon) => epsilon >= 0 && epsilon < 1) &&
    numbers[0] === 0 &&
    numbers.every((epsilon, index) => index === 0 || epsilon > (numbers[index - 1] as number));
  if (!ok) {
    throw new InvalidArgumentError({
      functionName: FUNCTION,
      parameter: '--epsilons',
      value,
      expected:
        'be a comma-separated increasing list in [0, 1) starting with 0 and holding at least one ε > 0 (e.g. --epsilons 0,0.05,0.1)',
    });
  }
  return numbers;
}

/**
 * Turns the parsed command line into a validated {@link ExampleOptions}: a preset — the default run (no flags),
 * `--quick` (the < 90-second configuration the tests use) or `--preset paper` — with the individual flags on top
 * (`--model` swaps the teacher for the MLP, the CNN or the ResNet; `--student` the student). Bad values throw an
 * `InvalidArgumentError` that names the flag and shows a valid example.
 *
 * @example
 * ```ts
 * import { prepareExampleOptions } from './prepare-example-options';
 * const options = prepareExampleOptions({ quick: true, seeds: '2' });
 * console.log(options.epochs, options.seeds); // the quick epochs, 2
 * ```
 */
export function prepareExampleOptions(raw: RawExampleOptions): ExampleOptions {
  const preset = readPreset(raw);
  const options: ExampleOptions = { ...PRESETS[preset], out: DEFAULT_OUT };
  if (raw.dataset !== undefined) {
    const dataset = String(raw.dataset).trim();
    if (dataset === '') {
      throw new InvalidArgumentError({
        functionName: FUNCTION,
        parameter: '--dataset',
        value: raw.dataset,
        expected: 'be fashion-mnist, mnist or a folder with the four IDX files (e.g. --dataset mnist)',
      });
    }
    options.dataset = dataset;
  }
  if (raw.backend !== undefined)
    options.backend = checkChoice(raw.backend, ['auto', 'wasm', 'cpu', 'cuda'] as const, '--backend', FUNCTION);
  if (raw.model !== undefined) {
    const kind = checkChoice(raw.model, ['mlp', 'cnn', 'resnet'] as const, '--model', FUNCTION);
    if (kind !== options.teacher.kind) options.teacher = TEACHERS[kind];
  }
  if (raw.student !== undefined) {
    const kind = checkChoice(raw.student, ['mlp', 'cnn'] as const, '--student', FUNCTION);
    if (kind !== options.student.kind) options.student = STUDENTS[kind];
  }
  if (raw.seeds !== undefined) options.seeds = integer(raw.seeds, '--seeds', 1, 20);
  if (raw.epochs !== undefined) options.epochs = integer(raw.epochs, '--epochs', 1, 1000);
  if (raw.trainSize !== undefined) options.trainSize = integer(raw.trainSize, '--train-size', 200, 55000);
  if (raw.epsilons !== undefined) options.epsilons = epsilonList(raw.epsilons);
  if (raw.alternatives !== undefined) options.alternatives = parseAlternatives(raw.alternatives, FUNCTION);
  if (raw.out !== undefined) {
    const out = String(raw.out).trim();
    if (out === '') {
      throw new InvalidArgumentError({
        functionName: FUNCTION,
        parameter: '--out',
        value: raw.out,
        expected: 'be a folder path (e.g. --out /tmp/report)',
      });
    }
    options.out = resolve(out);
  }
  if (raw.distillation === false) options.distillation = false;
  if (raw.augment === false) options.augment = false;
  options.transferSize = Math.min(options.transferSize, options.trainSize);
  return options;
}
