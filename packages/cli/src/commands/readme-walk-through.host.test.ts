// Runs the README's walk-through as a user would: its TypeScript logging step, then each of its `softlabels` commands
// in a child process, in one folder; checks the printed lines against the README and the result against the library.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { CalibrationAccumulator, fitCalibrator } from '@softlabels/calibration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageRoot = resolve(__dirname, '../..');
const cli = resolve(__dirname, '../cli.ts');
const tsx = createRequire(__filename).resolve('tsx/cli');
const fixtures = resolve(packageRoot, '../calibration/src/__fixtures__');

/** The walk-through section of the README and its ```ts, ```sh and ```text blocks. */
async function walkThrough(): Promise<{ logging: string; commands: string[]; output: string }> {
  const readme = await readFile(join(packageRoot, 'README.md'), 'utf8');
  const start = readme.indexOf("## From an ONNX model's logs to a calibrated model");
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const block = (language: string): string => {
    const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
    if (start < 0 || match?.[1] === undefined) throw new Error(`README walk-through has no ${language} block`);
    return match[1];
  };
  return {
    logging: block('ts'),
    commands: block('sh').trim().split('\n'),
    output: block('text'),
  };
}

/** A command line split into words as a POSIX shell splits these ones (plain words and single-quoted words). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? (match[2] as string));
}

/** Rows of a JSON Lines log as `[rows, classes]` logits and labels. */
async function readLog(file: string): Promise<{ logits: { data: Float64Array; dims: number[] }; labels: number[] }> {
  const rows = (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { logits: number[]; label: number });
  const classes = rows[0]?.logits.length ?? 0;
  return {
    logits: { data: Float64Array.from(rows.flatMap((row) => row.logits)), dims: [rows.length, classes] },
    labels: rows.map((row) => row.label),
  };
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-walk-through-'));
  for (const name of ['classifier.onnx', 'held-out.json']) await copyFile(join(fixtures, name), join(folder, name));
  // The logging step imports onnxruntime-node, as a project that installed it would.
  await symlink(join(packageRoot, 'node_modules'), join(folder, 'node_modules'), 'dir');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('README walk-through', () => {
  it('runs the logging step and the four commands, printing what the README shows', async () => {
    const { logging, commands, output } = await walkThrough();
    await writeFile(join(folder, 'log.mts'), logging);
    await run(process.execPath, [tsx, 'log.mts'], { cwd: folder });
    expect(commands).toHaveLength(4);
    let printed = '';
    for (const line of commands) {
      const [program, ...argv] = words(line);
      expect(program).toBe('softlabels');
      const { stdout } = await run(process.execPath, [tsx, '--conditions=@softlabels/source', cli, ...argv], {
        cwd: folder,
      });
      printed += stdout;
    }
    expect(printed).toBe(output);

    // The calibrated test log's metrics are those of fitCalibrator + apply on the same logs, in memory.
    const validation = await readLog(join(folder, 'validation.jsonl'));
    const test = await readLog(join(folder, 'test.jsonl'));
    const calibrator = fitCalibrator('temperature', { logits: validation.logits }, validation.labels);
    const calibrated = calibrator.apply({ logits: test.logits });
    const expected = new CalibrationAccumulator({ bins: 15 })
      .update({ probabilities: calibrated }, test.labels)
      .compute();
    const after = JSON.parse(await readFile(join(folder, 'after', 'metrics.json'), 'utf8')) as Record<string, number>;
    expect(Math.abs((after.ece as number) - expected.expectedCalibrationError)).toBeLessThan(1e-6);
    expect(Math.abs((after.nll as number) - expected.negativeLogLikelihood)).toBeLessThan(1e-6);
    expect(await readFile(join(folder, 'after', 'report.html'), 'utf8')).toContain('<svg');
  }, 240_000);
});
