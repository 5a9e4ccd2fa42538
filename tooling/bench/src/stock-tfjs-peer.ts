import { fileURLToPath } from 'node:url';

import { runJsonProcess } from './json-process';
import type { Measurement, Repeats } from './measure';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./stock-tfjs-process.ts', import.meta.url));

/** What the stock-tfjs process reports per conv-kernel case: a measurement, or why there is none. */
export interface StockTfjsResult {
  measurement?: Measurement;
  note?: string;
}

/**
 * Times the conv-kernel cases on tfjs's own `backend` kernels in a separate Node process (stock-tfjs-process.ts
 * through tsx: plain tfjs, no initBackend, so kernels that initBackend replaces in this process are still tfjs's
 * there), relaying its progress lines to `onLine`.
 */
export async function runStockTfjsPeer(
  backend: 'cpu' | 'wasm',
  batch: number,
  repeats: Repeats,
  onLine: (line: string) => void,
): Promise<{ version: string; results: Record<string, StockTfjsResult> }> {
  const stdout = await runJsonProcess(
    'stock tfjs process',
    process.execPath,
    ['--import', 'tsx', SCRIPT],
    { backend, batch, ...repeats },
    onLine,
    { cwd: PACKAGE_DIR },
  );
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as { version: string; results: Record<string, StockTfjsResult> };
}
