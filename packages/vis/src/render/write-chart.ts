import type { ChartSpec } from '../internal/chart-spec';

import { specToSvg } from '../internal/compile-view';
import { prepareWriteChartOptions } from '../internal/prepare-write-chart-options';
import { svgToPng } from '../internal/svg-to-png';
import type { RenderPngOptions } from './render-png';

/** Options of {@link writeChart}. */
export interface WriteChartOptions extends RenderPngOptions {
  /** `'svg'` or `'png'`; default from the file extension (`.svg`, `.png`). */
  format?: 'svg' | 'png';
}

/**
 * Renders a vega-lite spec and writes it to `path` as SVG or PNG (Node only). The file appears atomically: the bytes
 * go to a temporary file in the same folder, which is then renamed over `path`, so readers never see a half-written
 * chart. PNG options (`scale`, fonts, background) are those of {@link renderPng}. Resolves to the path written.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { trainingCurvesSpec, writeChart } from '@softlabels/vis';
 *
 * const folder = mkdtempSync(join(tmpdir(), 'charts-'));
 * const spec = trainingCurvesSpec([{ name: 'run', history: { loss: [1, 0.5, 0.4] } }]);
 * console.log(await writeChart(spec, join(folder, 'curves.png'), { scale: 2 })); // …/curves.png
 * ```
 */
export async function writeChart(spec: ChartSpec, path: string, options: WriteChartOptions = {}): Promise<string> {
  const prepared = prepareWriteChartOptions(path, options);
  const svg = await specToSvg(spec, 'writeChart');
  const bytes = prepared.format === 'svg' ? new TextEncoder().encode(svg) : await svgToPng(svg, prepared.png);
  const [{ writeFile, rename, rm }, { basename, dirname, join }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
  ]);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}
