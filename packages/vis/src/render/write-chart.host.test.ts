import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { InvalidArgumentError } from '@softlabels/core';
import { afterAll, describe, expect, it } from 'vitest';

import { sampleCharts } from '../test-support/sample-charts';
import { parseXml, pngSize } from '../test-support/well-formed-xml';
import { writeChart } from './write-chart';

const folder = mkdtempSync(join(tmpdir(), 'softlabels-vis-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const [, diagram] = sampleCharts();
const spec = diagram!.spec;

describe('writeChart', () => {
  it('writes SVG and PNG by extension, leaving no temporary files', async () => {
    const svgPath = await writeChart(spec, join(folder, 'diagram.svg'));
    const pngPath = await writeChart(spec, join(folder, 'diagram.PNG'), { scale: 1.5 });
    const { rootAttributes } = parseXml(readFileSync(svgPath, 'utf8'));
    expect(pngSize(readFileSync(pngPath))).toEqual({
      width: Math.round(Number(rootAttributes.width) * 1.5),
      height: Math.round(Number(rootAttributes.height) * 1.5),
    });
    expect(readdirSync(folder).sort()).toEqual(['diagram.PNG', 'diagram.svg']);
  });

  it('follows an explicit format whatever the extension, and replaces an existing file', async () => {
    const path = join(folder, 'chart.out');
    await writeChart(spec, path, { format: 'svg' });
    const first = readFileSync(path, 'utf8');
    expect(first.startsWith('<svg')).toBe(true);
    await writeChart(spec, path, { format: 'png', scale: 1 });
    expect(pngSize(readFileSync(path)).width).toBe(Math.round(Number(parseXml(first).rootAttributes.width)));
  });

  it('gives a typed error naming the path when the folder is missing or a folder is in the way, leaving nothing', async () => {
    await expect(writeChart(spec, join(folder, 'missing', 'chart.svg'))).rejects.toThrow(InvalidArgumentError);
    await expect(writeChart(spec, join(folder, 'missing', 'chart.svg'))).rejects.toThrow(
      /'path' passed to 'writeChart' must be a file path whose folder exists and can be written, but got .*missing.*chart\.svg \(ENOENT\)/,
    );
    const inTheWay = join(folder, 'in-the-way.svg');
    mkdirSync(inTheWay);
    await expect(writeChart(spec, inTheWay)).rejects.toThrow(/'writeChart'.*in-the-way\.svg \(EISDIR\)/);
    rmSync(inTheWay, { recursive: true });
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('names the target, never its temporary file, when the folder is missing, and creates nothing', async () => {
    const target = join(folder, 'no-such-folder', 'chart.png');
    const error = (await writeChart(spec, target).catch((caught: unknown) => caught)) as InvalidArgumentError;
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ functionName: 'writeChart', parameter: 'path', value: target });
    expect(error.message).toContain(`${target} (ENOENT)`);
    expect(error.message).not.toMatch(/\.tmp|\.chart-/);
    expect(existsSync(join(folder, 'no-such-folder'))).toBe(false);
  });

  it('writes a file whose name is 240 bytes long', async () => {
    const name = `${'a'.repeat(236)}.svg`;
    const path = await writeChart(spec, join(folder, name));
    expect(readFileSync(path, 'utf8').startsWith('<svg')).toBe(true);
    rmSync(path);
  });

  it.each([
    ['', {}, "'path'"],
    [join(folder, 'chart'), {}, "'path'"],
    [join(folder, 'chart.svg'), { format: 'pdf' }, "'options.format'"],
    [join(folder, 'chart.png'), { scale: -1 }, "'options.scale'"],
  ])('rejects path %s with options %o', async (path, options, message) => {
    await expect(writeChart(spec, path, options as never)).rejects.toThrow(InvalidArgumentError);
    await expect(writeChart(spec, path, options as never)).rejects.toThrow(message);
  });
});
