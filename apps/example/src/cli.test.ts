import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { prepareExampleOptions } from './options/prepare-example-options';
import { inspectReport } from './report/inspect-report';
import type { Results } from './report/results';
import { validateResults } from './report/results-schema';
import { POST_HOC_METHODS } from './stages/post-hoc-calibrators';

const appRoot = resolve(import.meta.dirname, '..');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `pnpm example` does; `onStderr` may send signals to the child. */
function runCli(
  args: string[],
  onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void,
): Promise<Outcome> {
  return new Promise((done, failed) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@softlabels/source', '--import', 'tsx', 'src/cli.ts', ...args],
      {
        cwd: appRoot,
        env: { ...process.env, FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.on('error', failed);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

// Each case is its own short CLI process: they run concurrently.
describe.concurrent('pnpm example: argument errors', () => {
  it.for([
    [['--seeds', '0'], /Argument '--seeds' passed to 'pnpm example' must be an integer in \[1, 20\]/],
    [['--epochs', 'many'], /'--epochs'.*must be an integer/],
    [['--train-size', '10'], /'--train-size'.*\[200, 55000\]/],
    [['--epsilons', '0.1,0.2'], /'--epsilons'.*starting with 0/],
    [['--backend', 'tpu'], /'--backend'.*one of 'auto', 'wasm', 'cpu', 'cuda'/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--dataset', '/no/such/folder'], /'--dataset'.*a missing folder \(\/no\/such\/folder\)/],
    [['--out', '/proc/forbidden'], /'--out'.*\/proc\/forbidden/],
    [['--out', resolve(import.meta.dirname, 'cli.ts')], /'--out'.*is a file, not a folder/],
  ] as Array<[string[], RegExp]>)(
    '%j exits with code 2 and a one-line error with the fix',
    async ([args, message], { expect }) => {
      const { code, stdout, stderr } = await runCli(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      const lines = stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(/^error: /);
      expect(lines.at(-1)).toMatch(message);
      expect(lines.at(-1)).toMatch(/pnpm example --help/);
    },
  );

  it('fails on --backend cuda with the core message saying what to install', async ({ expect }) => {
    const { code, stderr } = await runCli(['--backend', 'cuda', '--quick']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: .*cuda.*npm install @tensorflow\/tfjs-node-gpu@4\.22\.0.*--backend wasm/);
  });

  it('prints the flags with --help and exits 0', async ({ expect }) => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--dataset',
      '--backend',
      '--seeds',
      '--epochs',
      '--train-size',
      '--epsilons',
      '--quick',
      '--preset',
      '--model',
      '--student',
      '--out',
      '--alternatives',
      '--no-augment',
      '--no-distillation',
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});

describe('pnpm example --quick', () => {
  let out: string;
  let first: Outcome;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'softlabels-example-'));
    first = await runCli(['--quick', '--out', out]);
  }, 300_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('finishes and prints the summary table and the report path', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Training-time alternatives\n +focal loss FLSD-53/);
    expect(first.stdout).toMatch(/ECE 95 % \(seed 0\)/);
    expect(first.stdout).toMatch(/Post-hoc calibrators of the baseline.*\n +temperature scaling/);
    expect(first.stdout).toContain(join(out, 'report.html'));
  });

  it('writes results.json that satisfies its schema', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(validateResults(results)).toEqual([]);
    expect(results.settings.preset).toBe('quick');
    expect(results.calibration.perEpsilon.map((entry) => entry.epsilon)).toEqual(results.settings.epsilons);
    const alternatives = results.calibration.trainingAlternatives;
    expect(alternatives.map((entry) => entry.id)).toEqual(['focal:flsd-53', 'penalty:0.1']);
    expect(results.settings.alternatives).toEqual(['focal:flsd-53', 'penalty:0.1']);
    for (const entry of alternatives) {
      expect(entry.ece.values).toHaveLength(prepareExampleOptions({ quick: true }).seeds);
      expect(entry.accuracy.mean).toBeGreaterThan(0.5);
      expect(entry.reliability.bins).toHaveLength(results.settings.eceBins);
    }
    const rows = [
      ...results.calibration.perEpsilon,
      results.calibration.temperatureScaling,
      ...alternatives,
      ...results.calibration.postHoc,
    ];
    for (const row of rows) {
      expect(row.eceBootstrap).toHaveLength(results.settings.seeds.length);
      row.eceBootstrap.forEach((interval, seed) => {
        expect(interval).toMatchObject({ level: 0.95, resamples: 1000, seed: 0 });
        expect(interval.estimate).toBeCloseTo(row.ece.values[seed] as number, 6);
        expect(interval.low).toBeLessThanOrEqual(interval.high);
      });
    }
    expect(results.calibration.postHoc.map((entry) => entry.method)).toEqual([...POST_HOC_METHODS]);
    for (const entry of results.calibration.postHoc) {
      expect(entry.converged, entry.method).toEqual(entry.converged.map(() => true));
      expect(entry.ece.mean, entry.method).toBeLessThan(results.calibration.perEpsilon[0]?.ece.mean ?? 0);
    }
    expect(results.findings.map((finding) => finding.id)).toEqual(['calibration', 'representations', 'distillation']);
    const options = prepareExampleOptions({ quick: true });
    const distillation = results.distillation as NonNullable<Results['distillation']>;
    expect(distillation.grid.map((cell) => [cell.kind, cell.epsilon, cell.temperature])).toEqual([
      ...options.hardTemperatures.map((temperature) => ['hard-label', 0, temperature]),
      ...options.smoothedTemperatures.map((temperature) => ['label-smoothed', 0.1, temperature]),
    ]);
    for (const cell of distillation.grid) {
      expect(cell.student.accuracy.values).toHaveLength(options.seeds);
      expect(cell.gamma.values).toHaveLength(options.seeds);
      expect(cell.student.interval?.low).toBeLessThanOrEqual(cell.student.accuracy.mean);
    }
    expect(distillation.verdict.difference.values).toHaveLength(options.seeds);
    expect(distillation.mutualInformation.curves.map((curve) => curve.epsilon)).toEqual([0, 0.1]);
    expect(results.representations.triples.map((triple) => triple.name)).toEqual(['dissimilar', 'similar']);
    expect(results.timing.stages.map((stage) => stage.name)).toEqual([
      'backend and data',
      'calibration (teachers)',
      'mutual information (during training)',
      'calibration (training-time alternatives)',
      'representations',
      'distillation grid',
      'charts and report',
    ]);
    for (const figure of results.figures) {
      expect(statSync(join(out, figure.svg)).size).toBeGreaterThan(1000);
      expect(readFileSync(join(out, figure.png)).subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('writes a report that loads in headless Chromium with every chart visible', async () => {
    const { title, charts, errors } = await inspectReport(join(out, 'report.html'));
    expect(title).toMatch(/label smoothing/);
    expect(errors).toEqual([]);
    expect(charts.map((chart) => chart.id)).toEqual([
      'ece-vs-epsilon',
      'ece-by-method',
      'reliability-baseline',
      'reliability-smoothing',
      'reliability-temperature',
      'reliability-focal-flsd-53',
      'reliability-penalty-0-1',
      'projections-dissimilar',
      'projections-similar',
      'distillation',
      'mutual-information',
    ]);
    for (const chart of charts) {
      expect(chart.visible, chart.id).toBe(true);
      expect(chart.marks, chart.id).toBeGreaterThan(10);
    }
  }, 120_000);

  it('leaves the previous report intact when interrupted with Ctrl-C', async () => {
    const before = readFileSync(join(out, 'report.html'), 'utf8');
    let sent = false;
    const second = await runCli(['--quick', '--out', out], (text, kill) => {
      if (!sent && text.includes('1/3 calibration')) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(second.code).toBe(130);
    expect(second.stderr).toMatch(/Interrupted: nothing was written; the previous report \(if any\) is intact/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(before);
  }, 120_000);
});
