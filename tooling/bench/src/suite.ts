import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CalibratorMethod } from '@softlabels/calibration';
import { createTemperatureNll } from '@softlabels/core/kernels';

import { convKernelCases } from './conv-kernel-cases';
import { type Dataset, syntheticLogits, type TrainingImages, trainingImages } from './datasets';
import type { Repeats } from './measure';
import type { ScenarioContext, ScenarioResult, Target } from './scenario';
import { calibrationLossScenario } from './scenarios/calibration-losses';
import { BENCHED_CALIBRATORS, calibratorScenario, peerBudgetSeconds } from './scenarios/calibrators';
import { cliStreamingScenario } from './scenarios/cli-streaming';
import { cnnScenario } from './scenarios/cnn';
import { convKernelsScenario } from './scenarios/conv-kernels';
import { eceScenario } from './scenarios/ece';
import { exampleScenario } from './scenarios/example';
import { lsceScenario } from './scenarios/lsce';
import { mlpScenario } from './scenarios/mlp';
import { resnetScenario } from './scenarios/resnet';
import { temperatureScenario } from './scenarios/temperature';
import { transferScenario } from './scenarios/transfer';
import { runTorchPeer, type TorchTask, torchUnavailable } from './torch-peer';

/** Problem sizes of one suite run. */
export interface SuiteSizes {
  lsce: Array<[rows: number, classes: number]>;
  /** Focal loss, binary focal loss and confidence penalty, each at this size. */
  calibrationLosses: [rows: number, classes: number];
  ece: Array<[rows: number, classes: number]>;
  temperature: [rows: number, classes: number];
  /** Every benchmarked `fitCalibrator` method at each of these sizes. */
  calibrators: Array<[rows: number, classes: number]>;
  mlpSamples: number;
  transfer: [rows: number, classes: number];
  /** Fashion-MNIST training images in the CNN epoch. */
  cnnSamples: number;
  /** Fashion-MNIST training images in the ResNet epoch. */
  resnetSamples: number;
  /** Batch size of the conv-kernels cases. */
  convKernelBatch: number;
  /** Runs of `pnpm example` to time (none in the CI smoke: the example's own end-to-end test runs it). */
  example: Array<'quick' | 'default'>;
  /** Rows × classes of the Parquet files streamed in the CLI streaming scenario. */
  cliStreaming: Array<[number, number]>;
}

/** The full-size scenarios' dimensions. */
export const FULL_SIZES: SuiteSizes = {
  lsce: [
    [4096, 1000],
    [512, 32000],
    [65536, 10],
  ],
  calibrationLosses: [4096, 1000],
  ece: [
    [50000, 1000],
    [100000, 10],
  ],
  temperature: [50000, 1000],
  calibrators: [
    [50000, 100],
    [50000, 1000],
  ],
  mlpSamples: 10000,
  transfer: [4096, 1000],
  cnnSamples: 10000,
  resnetSamples: 2048,
  convKernelBatch: 128,
  example: ['quick'],
  cliStreaming: [
    [10_000_000, 10],
    [1_000_000, 1000],
  ],
};

/** Tiny sizes for the CI smoke run (`--quick`). */
export const QUICK_SIZES: SuiteSizes = {
  lsce: [
    [64, 100],
    [8, 3200],
    [1024, 10],
  ],
  calibrationLosses: [64, 100],
  ece: [
    [500, 100],
    [1000, 10],
  ],
  temperature: [500, 100],
  calibrators: [[200, 5]],
  mlpSamples: 512,
  transfer: [64, 100],
  cnnSamples: 512,
  resnetSamples: 256,
  convKernelBatch: 16,
  example: [],
  cliStreaming: [[20_000, 10]],
};

/** Scenarios without a PyTorch or scikit-learn counterpart (by id prefix). */
/** The Python of the NumPy peer (Debian's, where numpy is installed). */
const NUMPY_PYTHON = '/usr/bin/python3';

const PEERLESS = ['transfer', 'example', 'cli-streaming', 'calibrator-histogram', 'calibrator-beta'];

/** The speed targets, by scenario. */
const TARGETS = {
  lsce: (rows: number, classes: number) =>
    rows === 4096 && classes === 1000
      ? [
          { peer: 'torch', maxRatio: 0.5 },
          { peer: 'tfjs', maxRatio: 0.1 },
        ]
      : classes === 10
        ? [{ peer: 'torch', maxRatio: 1 }]
        : [{ peer: 'torch', maxRatio: 0.5 }],
  calibrationLosses: [{ peer: 'torch', maxRatio: 1 }],
  ece: (classes: number) => (classes === 1000 ? [{ peer: 'torch', maxRatio: 0.5 }] : []),
  temperature: [{ peer: 'torch', maxRatio: 1 / 20 }],
  calibrators: (method: string): Target[] =>
    method === 'temperature' || method === 'vector'
      ? [{ peer: 'torch', maxRatio: 0.5 }]
      : method === 'matrix' || method === 'dirichlet' || method === 'isotonic'
        ? [{ peer: 'torch', maxRatio: 1 }]
        : [],
  mlp: [{ peer: 'torch', maxRatio: 1.5 }],
  cnn: [{ peer: 'torch', maxRatio: 1.5 }],
  resnet: [{ peer: 'torch', maxRatio: 2 }],
  convKernels: (caseId: string): Target[] =>
    caseId.startsWith('conv2d-filter-grad') ? [{ peer: 'torch', maxRatio: 1 }] : [],
};

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  sizes: SuiteSizes;
  repeats: Repeats;
  /** Run the PyTorch peer when it is available (default true). */
  torch: boolean;
  /** Progress: called when a scenario (or a contestant inside it) starts. */
  progress: (scenario: string, step: string) => void;
  /** Run only these kinds of scenario (default: all). */
  only?: ReadonlySet<ScenarioKind>;
  /** Fit only these calibrator methods (default: all of {@link BENCHED_CALIBRATORS}). */
  methods?: ReadonlySet<CalibratorMethod>;
}

/** The kinds of scenario, as `--only` names them. */
export const SCENARIO_KINDS = [
  'lsce',
  'calibration-losses',
  'ece',
  'temperature',
  'calibrators',
  'transfer',
  'mlp',
  'cnn',
  'resnet',
  'conv-kernels',
  'example',
  'cli-streaming',
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/** What a suite run produces. */
export interface SuiteRun {
  scenarios: ScenarioResult[];
  torch: string;
}

function writeDataset(directory: string, name: string, data: Dataset): { logitsPath: string; labelsPath: string } {
  const logitsPath = join(directory, `${name}-logits.f32`);
  const labelsPath = join(directory, `${name}-labels.i32`);
  writeFileSync(logitsPath, new Uint8Array(data.logits.buffer, data.logits.byteOffset, data.logits.byteLength));
  writeFileSync(labelsPath, new Uint8Array(data.labels.buffer, data.labels.byteOffset, data.labels.byteLength));
  return { logitsPath, labelsPath };
}

function writeImages(
  directory: string,
  name: string,
  images: TrainingImages,
): { imagesPath: string; labelsPath: string } {
  const imagesPath = join(directory, `${name}-images.f32`);
  const labelsPath = join(directory, `${name}-labels.i32`);
  const { features, labels } = images;
  writeFileSync(imagesPath, new Uint8Array(features.buffer, features.byteOffset, features.byteLength));
  writeFileSync(labelsPath, new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  return { imagesPath, labelsPath };
}

/** Runs every scenario (ours and tfjs in this process, PyTorch in one Python process) and merges the results. */
export async function runSuite(options: SuiteOptions): Promise<SuiteRun> {
  const { sizes, repeats } = options;
  const scenarios: ScenarioResult[] = [];
  const tasks: TorchTask[] = [];
  const directory = mkdtempSync(join(tmpdir(), 'softlabels-bench-'));
  const context = (name: string): ScenarioContext => {
    options.progress(name, 'start');
    return { repeats, step: (label) => options.progress(name, label) };
  };
  let temperatureData: Dataset | undefined;
  const runs = (kind: ScenarioKind): boolean => options.only === undefined || options.only.has(kind);
  try {
    for (const [rows, classes] of runs('lsce') ? sizes.lsce : []) {
      const result = await lsceScenario(
        rows,
        classes,
        TARGETS.lsce(rows, classes),
        context(`LS-CE ${rows}×${classes}`),
      );
      scenarios.push(result);
      tasks.push({ id: result.id, kind: 'lsce', rows, classes });
    }
    if (runs('calibration-losses')) {
      const [rows, classes] = sizes.calibrationLosses;
      for (const loss of ['focal', 'binary-focal', 'confidence-penalty'] as const) {
        const result = await calibrationLossScenario(
          loss,
          rows,
          classes,
          TARGETS.calibrationLosses,
          context(`${loss} ${rows}×${classes}`),
        );
        scenarios.push(result);
        tasks.push({ id: result.id, kind: loss, rows, classes });
      }
    }
    for (const [rows, classes] of runs('ece') ? sizes.ece : []) {
      const data = syntheticLogits(rows, classes, rows + classes);
      const result = await eceScenario(data, TARGETS.ece(classes), context(`ECE ${rows}×${classes}`));
      scenarios.push(result);
      tasks.push({ id: result.id, kind: 'ece', rows, classes, ...writeDataset(directory, result.id, data) });
    }
    if (runs('temperature')) {
      const [rows, classes] = sizes.temperature;
      temperatureData = syntheticLogits(rows, classes, rows + classes);
      const result = await temperatureScenario(
        temperatureData,
        TARGETS.temperature,
        context(`temperature ${rows}×${classes}`),
      );
      scenarios.push(result);
      tasks.push({
        id: result.id,
        kind: 'temperature',
        rows,
        classes,
        ...writeDataset(directory, result.id, temperatureData),
      });
    }
    for (const [rows, classes] of runs('calibrators') ? sizes.calibrators : []) {
      const data = syntheticLogits(rows, classes, rows + 3 * classes);
      const files = writeDataset(directory, `calibrators-${rows}x${classes}`, data);
      for (const method of BENCHED_CALIBRATORS.filter((entry) => options.methods?.has(entry) ?? true)) {
        const result = await calibratorScenario(
          method,
          data,
          TARGETS.calibrators(method),
          context(`fitCalibrator ${method} ${rows}×${classes}`),
        );
        scenarios.push(result);
        if (PEERLESS.some((prefix) => result.id.startsWith(prefix))) continue;
        const budget = peerBudgetSeconds(method, (result.entries[0]?.measurement?.medianMs ?? 0) / 1000);
        tasks.push({
          id: result.id,
          kind: 'calibrator',
          method,
          rows,
          classes,
          ...files,
          ...(budget === undefined ? {} : { budgetSeconds: budget }),
        });
      }
    }
    if (runs('transfer')) {
      const [rows, classes] = sizes.transfer;
      scenarios.push(await transferScenario(rows, classes, context(`transfer ${rows}×${classes}`)));
    }
    if (runs('mlp')) {
      const result = await mlpScenario(sizes.mlpSamples, TARGETS.mlp, context(`MLP epoch ${sizes.mlpSamples}`));
      scenarios.push(result);
      tasks.push({ id: result.id, kind: 'mlp', samples: sizes.mlpSamples });
    }
    const nets = [
      { kind: 'cnn', samples: sizes.cnnSamples, scenario: cnnScenario, targets: TARGETS.cnn, title: 'CNN epoch' },
      {
        kind: 'resnet',
        samples: sizes.resnetSamples,
        scenario: resnetScenario,
        targets: TARGETS.resnet,
        title: 'ResNet epoch',
      },
    ] as const;
    for (const net of nets.filter((entry) => runs(entry.kind))) {
      const images = trainingImages(net.samples);
      const result = await net.scenario(images, net.targets, context(`${net.title} ${net.samples}`));
      scenarios.push(result);
      tasks.push({ id: result.id, kind: net.kind, samples: net.samples, ...writeImages(directory, result.id, images) });
    }
    if (runs('conv-kernels')) {
      const batch = sizes.convKernelBatch;
      const results = await convKernelsScenario(batch, TARGETS.convKernels, context(`conv kernels batch ${batch}`));
      scenarios.push(...results);
      for (const [index, kernelCase] of convKernelCases(batch).entries()) {
        const id = results[index]?.id;
        if (id !== undefined) tasks.push({ id, kind: 'conv-kernel', ...kernelCase.torch });
      }
    }

    for (const mode of runs('example') ? sizes.example : []) {
      scenarios.push(await exampleScenario(mode, context(`example ${mode}`)));
    }

    const python = existsSync(NUMPY_PYTHON) ? NUMPY_PYTHON : undefined;
    for (const [rows, classes] of runs('cli-streaming') ? sizes.cliStreaming : []) {
      scenarios.push(await cliStreamingScenario(rows, classes, python, context(`CLI streaming ${rows}×${classes}`)));
    }

    let torch = 'not run (--no-torch)';
    const unavailable = options.torch ? torchUnavailable() : 'disabled with --no-torch';
    if (unavailable === undefined) {
      options.progress('PyTorch peer', 'start');
      const peer = await runTorchPeer(tasks, repeats, (line) => options.progress('PyTorch peer', line));
      torch = peer.version;
      for (const scenario of scenarios.filter((entry) => !PEERLESS.some((prefix) => entry.id.startsWith(prefix)))) {
        const result = peer.results[scenario.id];
        scenario.entries.push({
          name: 'torch',
          label: torch,
          measurement: result?.measurement,
          details: result?.details,
          ...(result === undefined ? { note: 'no result from the peer' } : {}),
        });
      }
      const temperature = scenarios.find((scenario) => scenario.id.startsWith('temperature'));
      const peerTemperature = temperature?.entries.find((entry) => entry.name === 'torch')?.details?.temperature;
      if (temperature !== undefined && temperatureData !== undefined && peerTemperature !== undefined) {
        // Compare NLLs with one evaluator: ours at our T and at the peer's T (raw T can go negative: guard it).
        const objective = createTemperatureNll(temperatureData);
        const ours = temperature.entries[0];
        if (ours?.details !== undefined) {
          ours.details.nllAtPeerTemperature =
            peerTemperature > 0 ? objective(Math.log(peerTemperature)).value / temperatureData.rows : Number.NaN;
        }
      }
    } else {
      torch = `skipped: ${unavailable}`;
      for (const scenario of scenarios.filter((entry) => !PEERLESS.some((prefix) => entry.id.startsWith(prefix)))) {
        scenario.entries.push({ name: 'torch', label: 'PyTorch CPU', measurement: undefined, note: torch });
      }
    }
    return { scenarios, torch };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
