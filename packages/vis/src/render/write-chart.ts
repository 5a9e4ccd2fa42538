import type * as FileSystem from 'node:fs/promises';
import type * as Path from 'node:path';

import { InvalidArgumentError } from '@softlabels/core';

import type { ChartSpec } from '../internal/chart-spec';
import { specToSvg } from '../internal/compile-view';
import { loadNodeOnly } from '../internal/load-node-only';
import { prepareWriteChartOptions } from '../internal/prepare-write-chart-options';
import { svgToPng } from '../internal/svg-to-png';
import type { WriteChartOptions } from './write-chart-options';

/** Held in constants so that browser bundlers leave these Node-only imports unresolved. */
const NODE_FS = 'node:fs/promises';
const NODE_PATH = 'node:path';

let temporaries = 0;

/**
 * Writes `bytes` to `path` through a flushed temporary file beside it with a short name of its own (so any valid file
 * name stays valid), renamed over `path`; the temporary file is removed when anything fails, and the failure is an
 * `InvalidArgumentError` naming `path` and the system's reason.
 */
async function writeAtomically(path: string, bytes: string | Uint8Array): Promise<void> {
  const fs = await loadNodeOnly<typeof FileSystem>(NODE_FS, 'writeChart');
  const { dirname, join } = await loadNodeOnly<typeof Path>(NODE_PATH, 'writeChart');
  temporaries += 1;
  const temporary = join(dirname(path), `.chart-${process.pid}-${temporaries}.tmp`);
  try {
    const handle = await fs.open(temporary, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new InvalidArgumentError({
      functionName: 'writeChart',
      parameter: 'path',
      value: path,
      expected: 'be a file path whose folder exists and can be written',
      got: `${path} (${code})`,
    });
  }
}

/**
 * Renders a vega-lite spec and writes it to `path` as SVG or PNG (Node only). The file appears atomically: the bytes
 * go to a flushed temporary file beside `path` (with a short name of its own, so any valid file name works), which is
 * then renamed over it, so readers never see a half-written chart; the temporary file is removed when writing fails,
 * and a filesystem failure (a missing folder, a folder at `path`, …) is an `InvalidArgumentError` naming `path` (the
 * target, never the temporary file). In a browser it rejects with a `SoftlabelsError` that points to `renderSvg` and
 * `renderChart`. PNG options (`scale`, fonts, background) are those of {@link renderPng}. Resolves to the path written.
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
  await writeAtomically(path, bytes);
  return path;
}
