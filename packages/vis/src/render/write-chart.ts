import type writeFileAtomicModule from 'write-file-atomic';

import type { ChartSpec } from '../internal/chart-spec';
import { specToSvg } from '../internal/compile-view';
import { prepareWriteChartOptions } from '../internal/prepare-write-chart-options';
import { svgToPng } from '../internal/svg-to-png';
import type { WriteChartOptions } from './write-chart-options';

/** Held in a constant so that browser bundlers leave this Node-only import unresolved. */
const WRITE_FILE_ATOMIC = 'write-file-atomic';

/**
 * Renders a vega-lite spec and writes it to `path` as SVG or PNG (Node only). The file appears atomically
 * (`write-file-atomic`): the bytes go to a temporary file beside `path`, which is then renamed over it, so readers
 * never see a half-written chart, and the temporary file is removed when writing fails. PNG options (`scale`, fonts,
 * background) are those of {@link renderPng}. Resolves to the path written.
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
  const svg = await specToSvg(spec, 'writeChart', prepared.png.loader);
  const bytes = prepared.format === 'svg' ? svg : Buffer.from(await svgToPng(svg, prepared.png, 'writeChart'));
  const { default: writeFileAtomic } = (await import(/* @vite-ignore */ WRITE_FILE_ATOMIC)) as {
    default: typeof writeFileAtomicModule;
  };
  await writeFileAtomic(path, bytes);
  return path;
}
