// The training worker: holds the data and two networks (MLP or CNN; α = 0 and the chosen α, same initial weights),
// steps them in turn while running, posts the loss every few steps and, after each epoch, both networks' calibration
// and the chosen α network's template-plane projection. While training is paused or done it distils a student from
// either network.
import { initBackend } from '@softlabels/core';
import * as tf from '@tensorflow/tfjs-core';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import type { Dataset, Split } from './dataset';
import { distilStudent, measureTeacher } from './distil-student';
import type { WorkerMessage, WorkerRequest } from './protocol';
import { BATCH_SIZE, measureCalibration, predictLogits, projectClasses, splitHeldOut, Trainee } from './training';

/** Steps between two loss reports. */
const REPORT_EVERY = 10;
/** Test images per class in the projection. */
const PROJECTED_PER_CLASS = 100;

const post = (message: WorkerMessage, transfer: Transferable[] = []): void => postMessage(message, transfer);

interface Run {
  trainees: [Trainee, Trainee];
  epochs: number;
  classes: [number, number, number];
  step: number;
  order: Int32Array;
  /** Per network, the loss summed over the current epoch's rows so far. */
  lossSums: [number, number];
  activeSeconds: number;
}

let data: { fit: Split; heldOut: Split; test: Split; pixels: number } | undefined;
let run: Run | undefined;
let running = false;
/** Test accuracy of the student trained on the labels alone, per number of epochs (it needs no teacher). */
const studentAlone = new Map<number, number>();

const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();

function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

function shuffled(count: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, index) => index);
  let state = seed + 1;
  for (let index = count - 1; index > 0; index -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (index + 1);
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return order;
}

async function evaluate(current: Run, epoch: number, trainingLoss: [number, number]): Promise<void> {
  const { heldOut, test } = data as NonNullable<typeof data>;
  const reports = [];
  for (const trainee of current.trainees) {
    const testLogits = await predictLogits(trainee.model, test);
    const heldOutLogits = await predictLogits(trainee.model, heldOut);
    reports.push(measureCalibration(trainee.alpha, testLogits, test.labels, heldOutLogits, heldOut.labels));
  }
  const projection = projectClasses(current.trainees[1].model, test, current.classes, PROJECTED_PER_CLASS);
  post({
    type: 'epoch',
    epoch,
    trainingLoss,
    calibration: reports as [(typeof reports)[number], (typeof reports)[number]],
    projection: { ...projection, classes: current.classes },
  });
}

async function loop(): Promise<void> {
  const { fit, pixels } = data as NonNullable<typeof data>;
  const stepsPerEpoch = Math.ceil(fit.count / BATCH_SIZE);
  const images = new Float32Array(BATCH_SIZE * pixels);
  const labels = new Int32Array(BATCH_SIZE);
  let resumed = performance.now();
  while (running && run !== undefined) {
    const current = run;
    const total = current.epochs * stepsPerEpoch;
    if (current.step >= total) break;
    const epoch = Math.floor(current.step / stepsPerEpoch);
    const within = current.step % stepsPerEpoch;
    if (within === 0) current.order = shuffled(fit.count, epoch);
    const start = within * BATCH_SIZE;
    const rows = Math.min(BATCH_SIZE, fit.count - start);
    for (let row = 0; row < rows; row += 1) {
      const source = current.order[start + row] as number;
      images.set(fit.images.subarray(source * pixels, (source + 1) * pixels), row * pixels);
      labels[row] = fit.labels[source] as number;
    }
    const losses = current.trainees.map((trainee) =>
      trainee.step(images.subarray(0, rows * pixels), labels.subarray(0, rows), rows),
    );
    const values = await Promise.all(losses.map(async (loss) => (await loss.data())[0] as number));
    for (const loss of losses) loss.dispose();
    const [sum0, sum1] = within === 0 ? [0, 0] : current.lossSums;
    current.lossSums = [sum0 + (values[0] as number) * rows, sum1 + (values[1] as number) * rows];
    current.step += 1;
    if (current.step % REPORT_EVERY === 0 || within === stepsPerEpoch - 1) {
      const seconds = current.activeSeconds + (performance.now() - resumed) / 1000;
      post({
        type: 'progress',
        step: current.step,
        epoch: epoch + 1,
        steps: total,
        loss: values as [number, number],
        stepsPerSecond: current.step / seconds,
      });
    }
    if (within === stepsPerEpoch - 1) {
      await evaluate(current, epoch + 1, [current.lossSums[0] / fit.count, current.lossSums[1] / fit.count]);
    }
    // Lets pause and reset messages in between steps (a message, not setTimeout, which browsers clamp to 4 ms).
    await yieldToMessages();
  }
  if (run !== undefined) {
    run.activeSeconds += (performance.now() - resumed) / 1000;
    resumed = performance.now();
    if (run.step >= run.epochs * stepsPerEpoch) {
      running = false;
      post({ type: 'done', steps: run.step, seconds: run.activeSeconds });
    }
  }
}

function reset(): void {
  running = false;
  if (run !== undefined) for (const trainee of run.trainees) trainee.dispose();
  run = undefined;
}

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'init': {
      // tfjs-backend-wasm runs its threaded build where SharedArrayBuffer exists (the page is cross-origin
      // isolated), else its single-threaded SIMD build; the threaded build computes with half the logical cores
      // (at least one), its own default, which leaves the other half to the page and the browser.
      const backend = await initBackend({
        backend: 'wasm',
        wasmPaths: {
          'tfjs-backend-wasm.wasm': plainWasm,
          'tfjs-backend-wasm-simd.wasm': simdWasm,
          'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm,
        },
      });
      const dataset: Dataset = request.dataset;
      data = { ...splitHeldOut(dataset.train), test: dataset.test, pixels: dataset.pixels };
      post({ type: 'ready', backend, threadedBuild: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') });
      return;
    }
    case 'start': {
      if (running) return;
      if (run === undefined) {
        const { pixels } = data as NonNullable<typeof data>;
        run = {
          trainees: [new Trainee(request.model, pixels, 0, 0), new Trainee(request.model, pixels, request.alpha, 0)],
          epochs: request.epochs,
          classes: request.classes,
          step: 0,
          order: new Int32Array(0),
          lossSums: [0, 0],
          activeSeconds: 0,
        };
      }
      running = true;
      await loop();
      return;
    }
    case 'pause':
      running = false;
      return;
    case 'reset':
      reset();
      return;
    case 'export': {
      if (run === undefined) throw new Error('export: no network has been trained');
      const weights = run.trainees[1].model.getWeights().map((weight) => ({
        shape: weight.shape,
        values: weight.dataSync() as Float32Array,
      }));
      post({ type: 'exported', model: run.trainees[1].kind, alpha: run.trainees[1].alpha, weights });
      return;
    }
    case 'distil': {
      if (run === undefined || running) throw new Error('distil: train the networks first, then pause or finish');
      const { fit, test } = data as NonNullable<typeof data>;
      const teacher = run.trainees[request.teacher];
      const { temperature, epochs } = request;
      const started = performance.now();
      const progress = (stage: 'student alone' | 'student') => (fraction: number) =>
        post({ type: 'distil-progress', stage, fraction });
      const setting = { teacher: teacher.model, transfer: fit, test, temperature, epochs };
      const alone =
        studentAlone.get(epochs) ??
        (await distilStudent({ ...setting, hardLabelsOnly: true, onProgress: progress('student alone') }));
      studentAlone.set(epochs, alone);
      const studentAccuracy = await distilStudent({ ...setting, onProgress: progress('student') });
      post({
        type: 'distilled',
        run: {
          model: teacher.kind,
          teacherAlpha: teacher.alpha,
          temperature,
          epochs,
          ...measureTeacher(teacher.model, fit, temperature, request.classes),
          studentAccuracy,
          studentAloneAccuracy: alone,
          seconds: (performance.now() - started) / 1000,
        },
      });
      return;
    }
  }
}

addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  handle(event.data).catch((error: unknown) => {
    running = false;
    post({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  });
});
