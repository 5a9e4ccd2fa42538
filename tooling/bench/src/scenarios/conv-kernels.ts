import * as tf from '@tensorflow/tfjs-core';

import { convKernelCases, runCase } from '../conv-kernel-cases';
import { measure } from '../measure';
import type { Entry, ScenarioContext, ScenarioResult, Target } from '../scenario';
import { runStockTfjsPeer, type StockTfjsResult } from '../stock-tfjs-peer';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Each conv-net kernel alone at a shape of the CNN epoch (see {@link convKernelCases}), one result per case. **ours**
 * is the public tfjs op on the active backend, i.e. whatever kernel `initBackend` registered (results read back;
 * `notReadBackMs` leaves them in backend memory); **tfjs** is tfjs's own kernel of the same backend, timed in a
 * separate plain-tfjs process (no initBackend), where that backend has one. A case whose kernel is missing gives no
 * measurement and the error in the note. `targets` gives each case's targets by case id.
 */
export async function convKernelsScenario(
  batch: number,
  targets: (caseId: string) => Target[],
  context: ScenarioContext,
): Promise<ScenarioResult[]> {
  const backend = tf.getBackend() as 'cpu' | 'wasm';
  context.step(`tfjs's own ${backend} kernels (separate process)`);
  let stock: { version: string; results: Record<string, StockTfjsResult> } | undefined;
  let stockFailure = '';
  try {
    stock = await runStockTfjsPeer(backend, batch, context.repeats, context.step);
  } catch (error) {
    stockFailure = message(error);
  }
  const results: ScenarioResult[] = [];
  for (const kernelCase of convKernelCases(batch)) {
    context.step(kernelCase.title);
    const entries: Entry[] = [];
    const { run, dispose } = kernelCase.prepare();
    const label = `${kernelCase.call} after initBackend`;
    try {
      const measurement = await measure(() => runCase(run, true), context.repeats);
      const notReadBack = await measure(() => runCase(run, false), context.repeats);
      entries.push({ name: 'ours', label, measurement, details: { notReadBackMs: notReadBack.medianMs } });
    } catch (error) {
      entries.push({ name: 'ours', label, measurement: undefined, note: `failed: ${message(error)}` });
    } finally {
      dispose();
    }
    const own = stock?.results[kernelCase.id];
    entries.push({
      name: 'tfjs',
      label: `${stock?.version ?? `tfjs-backend-${backend}`}'s own kernel (plain tfjs in a separate process)`,
      measurement: own?.measurement,
      ...(own?.note !== undefined
        ? { note: own.note }
        : stock === undefined
          ? { note: stockFailure }
          : own === undefined
            ? { note: 'no result from the stock tfjs process' }
            : {}),
    });
    results.push({
      id: `conv-kernels-${batch}-${kernelCase.id}`,
      title: kernelCase.title,
      size: kernelCase.size,
      entries,
      targets: targets(kernelCase.id),
    });
  }
  return results;
}
