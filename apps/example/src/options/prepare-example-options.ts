import { resolve } from 'node:path';

import { checkChoice, InvalidArgumentError } from '@softlabels/core';

/** Everything one run of the example needs, normalised and validated. */
export interface ExampleOptions {
  /** `fashion-mnist`, `mnist` or a folder with the four IDX files (or a train and a test CSV). */
  dataset: string;
  /** The compute backend requested. */
  backend: 'auto' | 'wasm' | 'cpu' | 'cuda';
  /** Seeds (0 … seeds−1); every number in the report is given over these. */
  seeds: number;
  /** Training epochs of the ε-sweep networks (the teachers). */
  epochs: number;
  /** Training images (drawn once from the official training split). */
  trainSize: number;
  /** Held-out images (also from the official training split, disjoint) used to fit temperatures. */
  heldOutSize: number;
  /** Test images (the start of the official test split). */
  testSize: number;
  /** Label-smoothing ε values of the sweep; the first must be 0 (the baseline). */
  epsilons: number[];
  /** Hidden layer widths of the ε-sweep networks. */
  hidden: number[];
  /** Mini-batch size of every training run. */
  batchSize: number;
  /** Adam learning rate of every training run. */
  learningRate: number;
  /** Whether this is the `--quick` configuration. */
  quick: boolean;
  /** Output folder (absolute). */
  out: string;
  /** Whether stage 3 (distillation) runs. */
  distillation: boolean;
  /** Stage 2: the three classes projected, and examples per class and split. */
  projectionClasses: [number, number, number];
  projectionExamples: number;
  /** Stage 3: student hidden widths, transfer-set size, student epochs, hard-label teacher temperatures. */
  studentHidden: number[];
  transferSize: number;
  studentEpochs: number;
  teacherTemperatures: number[];
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
  seeds?: unknown;
  epochs?: unknown;
  trainSize?: unknown;
  epsilons?: unknown;
  quick?: unknown;
  out?: unknown;
  distillation?: unknown;
}

const FUNCTION = 'pnpm example';

/** The default output folder, `apps/example/out/`. */
export const DEFAULT_OUT = resolve(import.meta.dirname, '../../out');

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
 * Turns the parsed command line into a validated {@link ExampleOptions}: the default run (no flags), `--quick` (the
 * < 90-second configuration the tests use) and the individual flags on top of either. Bad values throw an
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
  const quick = raw.quick === true;
  const base: ExampleOptions = quick
    ? {
        dataset: 'fashion-mnist',
        backend: 'wasm',
        seeds: 2,
        epochs: 6,
        trainSize: 2000,
        heldOutSize: 1000,
        testSize: 2000,
        epsilons: [0, 0.1],
        hidden: [64, 64],
        batchSize: 128,
        learningRate: 1e-3,
        quick,
        out: DEFAULT_OUT,
        distillation: true,
        projectionClasses: [0, 1, 2],
        projectionExamples: 40,
        studentHidden: [32],
        transferSize: 500,
        studentEpochs: 6,
        teacherTemperatures: [1, 2],
        miClasses: [0, 1],
        miExamplesPerClass: 50,
        miDraws: 5,
        miEvery: 3,
      }
    : {
        dataset: 'fashion-mnist',
        backend: 'wasm',
        seeds: 3,
        epochs: 20,
        trainSize: 10000,
        heldOutSize: 5000,
        testSize: 10000,
        epsilons: [0, 0.02, 0.05, 0.1],
        hidden: [128, 128],
        batchSize: 128,
        learningRate: 1e-3,
        quick,
        out: DEFAULT_OUT,
        distillation: true,
        projectionClasses: [0, 1, 2],
        projectionExamples: 100,
        studentHidden: [128],
        transferSize: 2000,
        studentEpochs: 60,
        teacherTemperatures: [1, 2, 4],
        miClasses: [0, 1],
        miExamplesPerClass: 100,
        miDraws: 5,
        miEvery: 5,
      };
  const options = { ...base };
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
  if (raw.seeds !== undefined) options.seeds = integer(raw.seeds, '--seeds', 1, 20);
  if (raw.epochs !== undefined) options.epochs = integer(raw.epochs, '--epochs', 1, 1000);
  if (raw.trainSize !== undefined) options.trainSize = integer(raw.trainSize, '--train-size', 200, 55000);
  if (raw.epsilons !== undefined) options.epsilons = epsilonList(raw.epsilons);
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
  options.transferSize = Math.min(options.transferSize, options.trainSize);
  return options;
}
