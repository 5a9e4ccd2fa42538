import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { InvalidArgumentError } from '@softlabels/core';
import { loader } from 'vega';
import { afterAll, describe, expect, it } from 'vitest';

import type { ChartSpec } from '../internal/chart-spec';
import { renderPng } from './render-png';
import { renderSvg } from './render-svg';
import { writeChart } from './write-chart';

const folder = mkdtempSync(join(tmpdir(), 'softlabels-vis-loader-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const dataPath = join(folder, 'labels.csv');
writeFileSync(dataPath, 'name,value\nsecret-host-name,1\n');

function textSpec(url: string): ChartSpec {
  return {
    data: { url, format: { type: 'csv' } },
    mark: 'text',
    encoding: { text: { field: 'name', type: 'nominal' } },
  } as ChartSpec;
}

describe('renderers and a spec that names data by URL', () => {
  it.each([
    ['renderSvg', () => renderSvg(textSpec(dataPath))],
    ['renderPng', () => renderPng(textSpec(dataPath), { scale: 1 })],
    ['writeChart', () => writeChart(textSpec(dataPath), join(folder, 'chart.svg'))],
  ] as const)('%s reads no file without a loader', async (name, render) => {
    const attempt = render();
    await expect(attempt).rejects.toThrow(InvalidArgumentError);
    await expect(attempt).rejects.toThrow(
      `Argument 'spec' passed to '${name}' must hold its data inline: files and URLs are loaded only through ` +
        `options.loader (e.g. vega.loader()), but got a spec that loads ${JSON.stringify(dataPath)}.`,
    );
    expect(readdirSync(folder)).toEqual(['labels.csv']);
  });

  it('refuses a host file such as /etc/hostname', async () => {
    await expect(renderSvg(textSpec('/etc/hostname'))).rejects.toThrow('a spec that loads "/etc/hostname"');
  });

  it('reads the data through a loader the caller gives', async () => {
    const svg = await renderSvg(textSpec(dataPath), { loader: loader({ mode: 'file' }) });
    expect(svg).toContain('secret-host-name');
  });

  it('makes a missing file an error rather than an empty chart', async () => {
    const missing = join(folder, 'missing.csv');
    await expect(renderSvg(textSpec(missing), { loader: loader({ mode: 'file' }) })).rejects.toThrow(
      `Argument 'spec' passed to 'renderSvg' must name files or URLs that options.loader can load, but got ${JSON.stringify(missing)}, which failed to load (`,
    );
  });

  it('rejects a loader option that is not a vega loader', async () => {
    await expect(renderSvg(textSpec(dataPath), { loader: 'file' as never })).rejects.toThrow(
      "Argument 'options.loader' passed to 'renderSvg' must be a vega loader",
    );
    await expect(renderSvg(textSpec(dataPath), { mode: 'file' } as never)).rejects.toThrow("'options.mode'");
  });
});
