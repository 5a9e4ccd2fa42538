import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runJsonProcess } from '../json-process';
import type { Entry, ScenarioContext, ScenarioResult } from '../scenario';

const BENCH = fileURLToPath(new URL('../../', import.meta.url));
const PROCESS = join(BENCH, 'src', 'cli-streaming-process.ts');
const NUMPY_PEER = join(BENCH, 'peers', 'numpy_calibration.py');

/** Where the generated Parquet files and their `.npy` copies are kept between runs (never in the repository). */
export const CLI_STREAMING_DATA = join(tmpdir(), 'softlabels-bench-cli-streaming');

interface ProcessResult {
  ms: number;
  count: number;
  ece: number;
  maxRssBytes: number;
}

async function contestant(args: string[], step: (line: string) => void): Promise<ProcessResult> {
  const out = await runJsonProcess(`cli-streaming ${args[3] ?? ''}`, process.execPath, args, {}, step, { cwd: BENCH });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ProcessResult;
}

const tsx = (command: string, ...args: string[]): string[] => [
  '--import',
  'tsx/esm',
  '--conditions=@softlabels/source',
  PROCESS,
  command,
  ...args,
];

function entry(name: string, label: string, result: ProcessResult | Error): Entry {
  if (result instanceof Error) return { name, label, measurement: undefined, note: result.message.slice(0, 300) };
  return {
    name,
    label,
    measurement: { medianMs: result.ms, minMs: result.ms, repeats: 1 },
    details: {
      predictionsPerSecond: (result.count / result.ms) * 1000,
      peakRssMB: result.maxRssBytes / 2 ** 20,
      ece: result.ece,
      count: result.count,
    },
  };
}

/**
 * Streams a generated `rows × classes` Parquet file (DuckDB-written, a FLOAT list column `logits` and an INTEGER
 * `label`, DuckDB's default row groups) through `accumulateFiles`, the path of `softlabels calibrate`, beside DuckDB
 * running `stateQuery`'s SQL over the same file and NumPy loading a `.npy` copy whole; each in a process of its own
 * (peak RSS from `process.resourceUsage` / `getrusage`), one timed run each (the files take minutes).
 */
export async function cliStreamingScenario(
  rows: number,
  classes: number,
  python: string | undefined,
  context: ScenarioContext,
): Promise<ScenarioResult> {
  mkdirSync(CLI_STREAMING_DATA, { recursive: true });
  const stem = join(CLI_STREAMING_DATA, `predictions-${rows}x${classes}`);
  const parquet = `${stem}.parquet`;
  if (!existsSync(parquet)) {
    context.step('generate Parquet with DuckDB');
    await contestant(tsx('generate', parquet, String(rows), String(classes)), context.step);
  }
  const attempt = async (args: string[]): Promise<ProcessResult | Error> =>
    contestant(args, context.step).catch((error: unknown) => error as Error);
  context.step('ours');
  const ours = await attempt(tsx('ours', parquet));
  context.step('duckdb');
  const duckdb = await attempt(tsx('duckdb', parquet));
  const entries = [
    entry('ours', 'accumulateFiles (softlabels calibrate), Parquet streamed', ours),
    entry('duckdb', 'DuckDB (@duckdb/node-api), stateQuery over read_parquet', duckdb),
  ];
  if (python === undefined) {
    entries.push({ name: 'numpy', label: 'NumPy', measurement: undefined, note: 'no /usr/bin/python3 with numpy' });
  } else {
    const npy = `${stem}.npy`;
    const labels = `${stem}.labels.npy`;
    if (!existsSync(npy) || !existsSync(labels)) {
      context.step('write the .npy copy');
      await contestant(tsx('npy', parquet, npy, labels), context.step);
    }
    context.step('numpy');
    const numpy = await runJsonProcess('numpy peer', python, [NUMPY_PEER, npy, labels], {}, context.step)
      .then((out) => JSON.parse(out.trim().split('\n').pop() ?? '{}') as ProcessResult)
      .catch((error: unknown) => error as Error);
    entries.push(entry('numpy', 'NumPy, .npy copy loaded whole (no python3-pyarrow on Debian)', numpy));
  }
  return {
    id: `cli-streaming-${rows}x${classes}`,
    title: 'CLI streaming (predictions/s, peak RSS)',
    size: `${rows}×${classes} Parquet`,
    entries,
    targets: [{ peer: 'duckdb', maxRatio: 2 }],
  };
}
