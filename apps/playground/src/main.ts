// The page: loads the data with a progress bar, hands it to the training worker, and draws what the worker reports
// (loss curves, the calibration table and reliability diagrams, the projection, the distillation runs) with
// @softlabels/vis's charts. `window.playground` is the hook browser tests use to read the trained weights.
import {
  applyTemperature,
  expectedCalibrationError,
  fitTemperature,
  reliabilityDiagram,
} from '@softlabels/calibration';
import { initBackend } from '@softlabels/core';
import {
  distillationPlotSpec,
  projectionScatterSpec,
  reliabilityDiagramSpec,
  renderSvg,
  trainingCurvesSpec,
} from '@softlabels/vis';
import * as tf from '@tensorflow/tfjs-core';

import type { NetworkKind } from './create-network';
import { CLASS_NAMES, loadDataset } from './dataset';
import { PredictionFileError } from './prediction-file-error';
import type { CalibrationReport, DistillationRun, WorkerMessage, WorkerRequest } from './protocol';
import { readPredictionFiles } from './read-prediction-files';
import { scoped } from './scoped';
import { ECE_BINS } from './training';

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const model = element<HTMLSelectElement>('model');
const alpha = element<HTMLInputElement>('alpha');
const epochs = element<HTMLInputElement>('epochs');
const classes = element<HTMLSelectElement>('classes');
const train = element<HTMLButtonElement>('train');
const reset = element<HTMLButtonElement>('reset');
const status = element<HTMLElement>('status');
const teacher = element<HTMLSelectElement>('teacher');
const distilTemperature = element<HTMLInputElement>('distil-temperature');
const distilEpochs = element<HTMLInputElement>('distil-epochs');
const distilButton = element<HTMLButtonElement>('distil');
const distilStatus = element<HTMLElement>('distil-status');

const worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module' });
const send = (request: WorkerRequest, transfer: Transferable[] = []): void => worker.postMessage(request, transfer);

let state: 'idle' | 'running' | 'paused' | 'done' = 'idle';
/** A distillation run is in the worker (training controls wait for it). */
let distilling = false;
/** Epochs evaluated since the last reset: a teacher needs at least one. */
let epochsSeen = 0;
const distillationRuns: DistillationRun[] = [];
/** Per network (α = 0, chosen α), per epoch: mean training loss and test accuracy. */
const emptyHistories = (): Array<{ loss: number[]; val_acc: number[] }> => [
  { loss: [], val_acc: [] },
  { loss: [], val_acc: [] },
];
let histories = emptyHistories();
let exported: ((message: Extract<WorkerMessage, { type: 'exported' }>) => void) | undefined;
const loadedAt = performance.now();
let firstChartSeconds: number | undefined;
let stepsPerSecond = 0;

async function draw(target: HTMLElement, specs: Parameters<typeof renderSvg>[0][]): Promise<void> {
  const svgs = await Promise.all(specs.map((spec) => renderSvg(spec)));
  target.innerHTML = svgs.join('');
  firstChartSeconds ??= (performance.now() - loadedAt) / 1000;
}

const fixed = (value: number, digits = 3): string => value.toFixed(digits);

function showCalibration(reports: [CalibrationReport, CalibrationReport]): Promise<void> {
  reports.forEach((report, index) => {
    element(`accuracy-${index}`).textContent = fixed(report.accuracy);
    element(`ece-${index}`).textContent = fixed(report.ece, 4);
    element(`ece-${index}`).dataset.value = String(report.ece);
    element(`temperature-${index}`).textContent = fixed(report.temperature);
    element(`temperature-${index}`).dataset.value = String(report.temperature);
    element(`ece-t-${index}`).textContent = fixed(report.eceAfterTemperature, 4);
  });
  element('alpha-label').textContent = `α = ${reports[1].alpha}`;
  const options = { width: 220, height: 180 };
  return draw(
    element('reliability'),
    reports.flatMap((report) => [
      reliabilityDiagramSpec(report.reliability, { ...options, title: `α = ${report.alpha}` }),
      reliabilityDiagramSpec(report.reliabilityAfterTemperature, {
        ...options,
        title: `α = ${report.alpha}, T = ${fixed(report.temperature, 2)}`,
      }),
    ]),
  );
}

function setState(next: typeof state): void {
  state = next;
  train.textContent = next === 'running' ? 'Pause' : next === 'paused' ? 'Resume' : 'Start';
  train.disabled = next === 'done' || distilling;
  for (const control of [model, alpha, epochs, classes]) control.disabled = next !== 'idle';
  reset.disabled = next === 'idle' || distilling;
  const teachersReady = (next === 'paused' || next === 'done') && epochsSeen > 0;
  distilButton.disabled = !teachersReady || distilling;
  if (!distilling) {
    distilStatus.textContent = teachersReady
      ? 'Ready to distil.'
      : next === 'running'
        ? 'Pause or finish training to distil.'
        : 'Train the networks first.';
  }
}

function showDistillation(latest: DistillationRun): Promise<void> {
  const row = document.createElement('tr');
  const cells = [
    `α = ${latest.teacherAlpha} ${latest.model.toUpperCase()}`,
    String(latest.temperature),
    fixed(latest.gamma),
    fixed(latest.mutualInformation),
    fixed(latest.studentAccuracy),
    fixed(latest.studentAloneAccuracy),
  ];
  row.append(...cells.map((text) => Object.assign(document.createElement('td'), { textContent: text })));
  element('distil-runs').prepend(row);
  const readout = (testid: string, value: number): string =>
    `<span data-testid="${testid}" data-value="${value}">${fixed(value)}</span>`;
  distilStatus.innerHTML =
    `Student accuracy ${readout('student-accuracy', latest.studentAccuracy)} (alone ` +
    `${fixed(latest.studentAloneAccuracy)}) from the α = ${latest.teacherAlpha} teacher at T = ` +
    `${latest.temperature}: γ ${readout('gamma', latest.gamma)}, Î ${readout('mutual-information', latest.mutualInformation)} ` +
    `nats (${latest.seconds.toFixed(1)} s).`;
  return draw(element('distillation'), [
    distillationPlotSpec(
      {
        points: distillationRuns.map((run) => ({
          teacher: `α = ${run.teacherAlpha} ${run.model.toUpperCase()} teacher`,
          gamma: run.gamma,
          temperature: run.temperature,
          accuracy: run.studentAccuracy,
        })),
        baseline: {
          label: `student alone, ${latest.epochs} epoch${latest.epochs === 1 ? '' : 's'}`,
          values: [latest.studentAloneAccuracy],
        },
      },
      { title: 'student accuracy vs teacher smoothness γ', width: 360, height: 240 },
    ),
  ]);
}

worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'ready':
      element('backend').innerHTML =
        `backend ${message.backend.name}, SIMD ${message.backend.simd ? 'on' : 'off'}, ` +
        `<span data-testid="backend-threads" data-value="${message.backend.threads}" ` +
        `data-build="${message.threadedBuild ? 'threaded' : 'single'}">` +
        `${message.threadedBuild ? 'threaded build' : 'single-threaded build'}, ` +
        `${message.backend.threads} thread${message.backend.threads === 1 ? '' : 's'}</span>` +
        (crossOriginIsolated ? ' (cross-origin isolated)' : ' (not cross-origin isolated)');
      status.textContent = 'Ready.';
      setState('idle');
      return;
    case 'progress':
      stepsPerSecond = message.stepsPerSecond;
      status.textContent =
        `epoch ${message.epoch}, step ${message.step}/${message.steps}, loss ${fixed(message.loss[0])} (α = 0) / ` +
        `${fixed(message.loss[1])} (α = ${alpha.value}), ${stepsPerSecond.toFixed(1)} steps/s`;
      return;
    case 'epoch':
      epochsSeen += 1;
      message.calibration.forEach((report, index) => {
        histories[index]?.loss.push(message.trainingLoss[index] as number);
        histories[index]?.val_acc.push(report.accuracy);
      });
      void draw(element('curves'), [
        trainingCurvesSpec(
          histories.map((history, index) => ({ name: `α = ${index === 0 ? 0 : alpha.value}`, history })),
          { title: 'training loss and test accuracy', width: 200, height: 160 },
        ),
      ]);
      void showCalibration(message.calibration);
      void draw(element('projection'), [
        projectionScatterSpec(
          [
            {
              title: `α = ${alpha.value}, epoch ${message.epoch}`,
              points: message.projection.points,
              vertices: message.projection.vertices,
            },
          ],
          { classNames: [...CLASS_NAMES], width: 360, height: 300 },
        ),
      ]);
      return;
    case 'done':
      status.textContent = `Done: ${message.steps} steps in ${message.seconds.toFixed(1)} s.`;
      status.dataset.done = 'true';
      setState('done');
      return;
    case 'exported':
      exported?.(message);
      return;
    case 'distil-progress':
      distilStatus.textContent = `Training the ${message.stage}: ${Math.round(100 * message.fraction)} %`;
      return;
    case 'distilled':
      distilling = false;
      distillationRuns.push(message.run);
      setState(state);
      void showDistillation(message.run);
      return;
    case 'error':
      status.textContent = `Error: ${message.message}`;
      distilling = false;
      setState(state);
      console.error(message.message);
      return;
  }
});

alpha.addEventListener('input', () => {
  element('alpha-value').textContent = Number(alpha.value).toFixed(2);
});

train.addEventListener('click', () => {
  if (state === 'running') {
    send({ type: 'pause' });
    setState('paused');
    return;
  }
  if (state === 'idle') {
    element('teacher-alpha').textContent = `α = ${Number(alpha.value)}`;
  }
  send({
    type: 'start',
    model: model.value as NetworkKind,
    alpha: Number(alpha.value),
    epochs: Number(epochs.value),
    classes: classes.value.split(',').map(Number) as [number, number, number],
  });
  setState('running');
});

reset.addEventListener('click', () => {
  send({ type: 'reset' });
  histories = emptyHistories();
  epochsSeen = 0;
  delete status.dataset.done;
  status.textContent = 'Ready.';
  setState('idle');
});

distilButton.addEventListener('click', () => {
  const temperature = Number(distilTemperature.value);
  const studentEpochs = Number(distilEpochs.value);
  if (!(temperature > 0) || !Number.isInteger(studentEpochs) || studentEpochs < 1) {
    distilStatus.textContent = 'T must be a positive number and the student epochs a whole number of at least 1.';
    return;
  }
  distilling = true;
  setState(state);
  distilStatus.textContent = 'Distilling…';
  const [first, second] = classes.value.split(',').map(Number) as [number, number, number];
  send({
    type: 'distil',
    teacher: Number(teacher.value) as 0 | 1,
    temperature,
    epochs: studentEpochs,
    classes: [first, second],
  });
});

// Calibration of uploaded predictions runs on this page's own backend (the worker keeps its own).
const pageBackend = initBackend({ backend: 'cpu' });
const uploadSummary = element('upload-summary');
const uploadError = element('upload-error');
const uploadChart = element('upload-reliability');

element<HTMLInputElement>('upload').addEventListener('change', (event) => {
  const files = Array.from((event.target as HTMLInputElement).files ?? []);
  if (files.length === 0) return;
  void (async () => {
    try {
      await pageBackend;
      const { predictions, name } = readPredictionFiles(
        await Promise.all(
          files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
        ),
      );
      const rows = predictions.labels.length;
      const result = scoped(() => {
        const scores = tf.tensor2d(predictions.values, [rows, predictions.classes]);
        const input = predictions.kind === 'logits' ? { logits: scores } : { probabilities: scores };
        const logits = predictions.kind === 'logits' ? scores : tf.log(tf.maximum(scores, 1e-12));
        const { temperature } = fitTemperature(logits, predictions.labels);
        return {
          ece: expectedCalibrationError(input, predictions.labels, { bins: ECE_BINS }),
          temperature,
          eceAfter: expectedCalibrationError({ logits: applyTemperature(logits, temperature) }, predictions.labels, {
            bins: ECE_BINS,
          }),
          diagram: reliabilityDiagram(input, predictions.labels, { bins: ECE_BINS }),
        };
      });
      uploadError.hidden = true;
      uploadSummary.textContent =
        `${name}: ${rows} rows of ${predictions.classes} ${predictions.kind}, ECE ${fixed(result.ece, 4)}, ` +
        `fitted T ${fixed(result.temperature)}, ECE after T ${fixed(result.eceAfter, 4)}`;
      await draw(uploadChart, [reliabilityDiagramSpec(result.diagram, { title: name, width: 300, height: 200 })]);
    } catch (error) {
      uploadSummary.textContent = '';
      uploadChart.innerHTML = '';
      uploadError.hidden = false;
      uploadError.textContent =
        error instanceof PredictionFileError
          ? error.message
          : `${files.map((file) => file.name).join(' + ')}: ${(error as Error).message}`;
    }
  })();
});

/** The hook for browser tests: the chosen α network's weights, and the two timings the README quotes. */
const hook = {
  exportWeights: (): Promise<Extract<WorkerMessage, { type: 'exported' }>> =>
    new Promise((resolve) => {
      exported = resolve;
      send({ type: 'export' });
    }),
  timings: () => ({ firstChartSeconds, stepsPerSecond }),
};
(globalThis as { playground?: typeof hook }).playground = hook;

const progress = element<HTMLProgressElement>('data-progress');
loadDataset(`${import.meta.env.BASE_URL}fashion-mnist-subset.bin`, (fraction) => {
  progress.value = fraction;
})
  .then((dataset) => {
    status.textContent = 'Starting the WASM backend…';
    send({ type: 'init', dataset }, [
      dataset.train.images.buffer,
      dataset.train.labels.buffer,
      dataset.test.images.buffer,
      dataset.test.labels.buffer,
    ]);
  })
  .catch((error: unknown) => {
    status.textContent = `Error: ${(error as Error).message}`;
    console.error(error);
  });
