import { describe, expect, it } from 'vitest';

import { formatTable } from './report';
import type { Entry, ScenarioResult } from './scenario';

const timed = (name: string, medianMs: number, details?: Record<string, number>): Entry => ({
  name,
  label: name,
  measurement: { medianMs, minMs: medianMs, repeats: 1 },
  ...(details === undefined ? {} : { details }),
});

const lsce: ScenarioResult = {
  id: 'lsce-4096x1000',
  title: 'LS-CE fwd+bwd',
  size: '4096×1000',
  entries: [timed('ours', 20), timed('ours-api', 25), timed('tfjs', 250), timed('torch', 40)],
  targets: [{ peer: 'torch', maxRatio: 0.5 }],
};

const cliStreaming: ScenarioResult = {
  id: 'cli-streaming-1000000x1000',
  title: 'CLI streaming (predictions/s, peak RSS)',
  size: '1000000×1000 Parquet',
  entries: [
    timed('ours', 50_000, { peakRssMB: 263.4 }),
    timed('duckdb', 200_000, { peakRssMB: 16_561 }),
    { name: 'numpy', label: 'NumPy', measurement: undefined, note: 'no /usr/bin/python3 with numpy' },
  ],
  targets: [{ peer: 'duckdb', maxRatio: 2 }],
};

describe('formatTable', () => {
  it('prints the tfjs and PyTorch columns alone when no scenario has other peers or peak RSS', () => {
    const [header, rule, row, ...rest] = formatTable([lsce]).split('\n');
    expect(header?.trimEnd().split(/\s{2,}/)).toEqual([
      'scenario',
      'size',
      'ours ms',
      'API ms',
      'tfjs ms',
      'torch ms',
      'ours/tfjs',
      'ours/torch',
      'targets',
    ]);
    expect(rule).toMatch(/^[- ]+$/);
    expect(row?.trimEnd().split(/\s{2,}/)).toEqual([
      'LS-CE fwd+bwd',
      '4096×1000',
      '20.00',
      '25.00',
      '250',
      '40.00',
      '0.080',
      '0.500',
      '≤ 0.5× torch: met',
    ]);
    expect(rest).toEqual([]);
  });

  it('adds a column with every other peer: its median, ours/peer and peak RSS, or why it did not run', () => {
    const lines = formatTable([lsce, cliStreaming]).split('\n');
    expect(lines).toHaveLength(4);
    const cellsOf = (line: string | undefined) => line?.trimEnd().split(/\s{2,}/) ?? [];
    expect(cellsOf(lines[0]).slice(-2)).toEqual(['targets', 'other peers']);
    expect(cellsOf(lines[2]).slice(-2)).toEqual(['≤ 0.5× torch: met', '—']);
    expect(cellsOf(lines[3]).slice(-2)).toEqual([
      '≤ 2× duckdb: met',
      'ours, peak RSS 263 MB; duckdb 200000 ms, ours/duckdb 0.250, peak RSS 16561 MB; ' +
        'numpy: not run (no /usr/bin/python3 with numpy)',
    ]);
  });
});
