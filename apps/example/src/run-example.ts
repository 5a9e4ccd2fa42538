import { cpus, loadavg, platform } from 'node:os';
import { join } from 'node:path';

import { type BackendInfo, initBackend } from '@softlabels/core';
import { renderPng, renderSvg } from '@softlabels/vis';

import { loadDataset } from './data/load-dataset';
import { makeSplits } from './data/make-splits';
import type { ExampleOptions } from './options/prepare-example-options';
import { prepareOutputFolder } from './options/prepare-output-folder';
import { buildFigures } from './report/build-figures';
import { decideFindings } from './report/findings';
import type { Progress } from './report/progress';
import { renderReport } from './report/render-report';
import type { Results } from './report/results';
import { RESULTS_SCHEMA, RESULTS_SCHEMA_VERSION } from './report/results-schema';
import { writeRunFiles } from './report/write-run-files';
import { runAlternativesStage } from './stages/alternatives-stage';
import { runCalibrationStage } from './stages/calibration-stage';
import { runDistillationStage } from './stages/distillation-stage';
import { ECE_BINS } from './stages/measure-network';
import { createMutualInformationTracker } from './stages/mutual-information-tracker';
import { runRepresentationStage } from './stages/representation-stage';
import type { RunContext } from './stages/run-context';
import { describeNetwork } from './training/network-spec';

/** What a finished run produced. */
export interface ExampleRun {
  results: Results;
  /** Absolute paths of `report.html` and `results.json`. */
  reportPath: string;
  resultsPath: string;
}

/**
 * Runs the whole reproduction: activates the backend, loads the data, runs the three stages, decides the findings,
 * renders the charts and writes `figures/*.svg|png`, `results.json`, `results.schema.json` and `report.html` into
 * `options.out` — all at the end and each atomically, so an aborted run (the `signal`, e.g. Ctrl-C) leaves the
 * previous report untouched.
 *
 * @example
 * ```ts
 * import { prepareExampleOptions } from './options/prepare-example-options';
 * import { Progress } from './report/progress';
 * import { runExample } from './run-example';
 * const run = await runExample(prepareExampleOptions({ quick: true, out: '/tmp/report' }), {
 *   progress: new Progress(process.stderr),
 *   signal: new AbortController().signal,
 * });
 * console.log(run.reportPath);
 * ```
 */
export async function runExample(
  options: ExampleOptions,
  io: { progress: Progress; signal: AbortSignal; onBackend?: (info: BackendInfo) => void },
): Promise<ExampleRun> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const loadAverageStart = loadavg();
  const stages: { name: string; seconds: number }[] = [];
  let stageStart = performance.now();
  /** Records the wall time since the previous stage ended under `name`, less `elsewhere` seconds counted apart. */
  const lap = (name: string, elsewhere = 0) => {
    const now = performance.now();
    stages.push({ name, seconds: (now - stageStart) / 1000 - elsewhere });
    stageStart = now;
  };
  prepareOutputFolder(options.out);
  const backend = await initBackend({ backend: options.backend });
  io.onBackend?.(backend);
  const dataset = loadDataset(options.dataset);
  const splits = makeSplits(dataset, options);
  const context: RunContext = { options, dataset, splits, progress: io.progress, signal: io.signal };
  lap('backend and data');

  const tracker = options.distillation ? createMutualInformationTracker(context) : undefined;
  const { section: sweep, models } = await runCalibrationStage(context, tracker?.onEpoch);
  const trackerSeconds = tracker?.seconds() ?? 0;
  lap('calibration (teachers)', trackerSeconds);
  stages.push({ name: 'mutual information (during training)', seconds: trackerSeconds });
  try {
    const calibration = { ...sweep, trainingAlternatives: await runAlternativesStage(context) };
    lap('calibration (training-time alternatives)');
    const representations = runRepresentationStage(context, models);
    lap('representations');
    const distillation = tracker === undefined ? null : await runDistillationStage(context, models, tracker.result());
    lap('distillation grid');
    io.signal.throwIfAborted();

    const results: Results = {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      generatedAt: new Date().toISOString(),
      settings: {
        dataset: dataset.name,
        datasetSource: dataset.source,
        classNames: dataset.classNames,
        backend: options.backend,
        seeds: Array.from({ length: options.seeds }, (_, seed) => seed),
        epochs: options.epochs,
        trainSize: splits.train.count,
        heldOutSize: splits.heldOut.count,
        testSize: splits.test.count,
        epsilons: options.epsilons,
        alternatives: calibration.trainingAlternatives.map((entry) => entry.id),
        teacher: { kind: options.teacher.kind, layers: describeNetwork(options.teacher) },
        augment: options.augment,
        batchSize: options.batchSize,
        learningRate: options.learningRate,
        preset: options.preset,
        distillation: options.distillation,
        eceBins: ECE_BINS,
      },
      environment: {
        backend,
        node: process.versions.node,
        platform: `${platform()} ${process.arch}`,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        loadAverageStart,
        loadAverageEnd: loadavg(),
      },
      timing: {
        totalSeconds: 0,
        cpuSeconds: 0,
        stages,
        secondsPerEpoch: models.reduce((sum, trained) => sum + trained.secondsPerEpoch, 0) / models.length,
      },
      calibration,
      representations,
      distillation,
      findings: decideFindings(calibration, representations, distillation, dataset.classNames),
      figures: [],
    };
    const figures = buildFigures(results);
    const stage = io.progress.stage('charts and report', figures.length);
    const svgs: Record<string, string> = {};
    const pngs: Record<string, Uint8Array> = {};
    for (const figure of figures) {
      svgs[figure.id] = await renderSvg(figure.spec);
      pngs[figure.id] = await renderPng(figure.spec, { scale: 2 });
      results.figures.push({
        id: figure.id,
        title: figure.title,
        svg: `figures/${figure.id}.svg`,
        png: `figures/${figure.id}.png`,
      });
      stage.tick(figure.id);
    }
    lap('charts and report');
    results.timing.totalSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    results.timing.cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const html = renderReport(results, svgs);
    io.signal.throwIfAborted();
    // Everything is computed; from here on only atomic writes of finished files remain.
    const files: Record<string, string | Uint8Array> = {};
    for (const figure of figures) {
      files[`figures/${figure.id}.svg`] = svgs[figure.id] as string;
      files[`figures/${figure.id}.png`] = pngs[figure.id] as Uint8Array;
    }
    files['results.schema.json'] = `${JSON.stringify(RESULTS_SCHEMA, null, 2)}\n`;
    files['results.json'] = `${JSON.stringify(results, null, 2)}\n`;
    files['report.html'] = html;
    writeRunFiles(options.out, files);
    const resultsPath = join(options.out, 'results.json');
    const reportPath = join(options.out, 'report.html');
    stage.done();
    return { results, reportPath, resultsPath };
  } finally {
    tracker?.dispose();
    for (const trained of models) trained.model.dispose();
  }
}
