import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: PACKAGE_DIR,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '') onLine(line.trim());
  });
  child.stdin.end(JSON.stringify({ backend, batch, ...repeats }));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`stock tfjs process failed (exit ${code}): ${stderr.slice(-2000)}`);
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as { version: string; results: Record<string, StockTfjsResult> };
}
