import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { SoftlabelsError } from '@softlabels/core';
import * as tf from '@tensorflow/tfjs-core';

import { exactSnapshot, tensorsIn } from './exact-snapshot';
import type { Probe } from './generate-probes';

/** A probe that takes longer than this has hung or exploded (a hang detector, not a speed requirement). */
export const PROBE_TIME_BOUND_MS = 20_000;

/** How far a probe may raise the process's peak resident memory. */
export const PROBE_MEMORY_BOUND_BYTES = 512 * 2 ** 20;

/** How an export is called: the call itself, and (for methods) the state of the object it was called on. */
export interface CallTarget {
  /** The function name its errors must carry. */
  readonly functionName: string;
  /**
   * Calls the export. A method's target also snapshots its instance before the call (`stateBefore`) and gives a way
   * to snapshot it after (`stateAfter`); a method that throws comes back as a rejected `value`.
   */
  readonly call: (args: unknown[]) => {
    readonly value: unknown;
    readonly stateBefore?: string;
    readonly stateAfter?: () => string;
  };
  /** Turns a returned value into the data compared between calls. */
  readonly use?: (result: unknown) => unknown;
}

type Outcome = { readonly returned: unknown } | { readonly threw: unknown };

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 300)}`;
  try {
    return `a thrown ${typeof error} ${String(error)}`;
  } catch {
    return `a thrown ${typeof error}`;
  }
}

async function settle(value: unknown): Promise<Outcome> {
  if (typeof (value as { then?: unknown } | null)?.then !== 'function') return { returned: value };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ threw: new Error('hostile-input: the call did not settle') }),
      PROBE_TIME_BOUND_MS,
    );
  });
  try {
    return await Promise.race([
      (value as Promise<unknown>).then(
        (returned) => ({ returned }),
        (threw: unknown) => ({ threw }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The names and contents of every file under a folder, as one text. */
export function folderSnapshot(folder: string): string {
  const entries = readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
  return JSON.stringify(
    entries.map((name) => {
      const path = join(folder, name);
      return statSync(path).isFile() ? [name, readFileSync(path).toString('base64')] : [name];
    }),
  );
}

/** The process's operating-system threads (Linux), or undefined where that cannot be read. */
function threadCount(): number | undefined {
  try {
    const match = /^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

function peakMemoryBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Calls the target and reduces what came out to comparable data, disposing every tensor involved. */
async function callAndSnapshot(
  target: CallTarget,
  args: unknown[],
): Promise<{ outcome: Outcome; snapshot?: string; stateBefore?: string; stateAfter?: string }> {
  let outcome: Outcome;
  let stateBefore: string | undefined;
  let state: (() => string) | undefined;
  try {
    const called = target.call(args);
    state = called.stateAfter;
    stateBefore = called.stateBefore;
    outcome = await settle(called.value);
  } catch (error) {
    outcome = { threw: error };
  }
  let snapshot: string | undefined;
  if ('returned' in outcome) {
    const { returned } = outcome;
    try {
      const used = target.use === undefined ? returned : await target.use(returned);
      snapshot = exactSnapshot(used);
      for (const tensor of tensorsIn(used)) tensor.dispose();
    } catch (error) {
      outcome = { threw: error };
    }
    for (const tensor of tensorsIn(returned)) tensor.dispose();
  }
  for (const tensor of tensorsIn(args)) tensor.dispose();
  return { outcome, snapshot, stateBefore, stateAfter: state?.() };
}

/** The reference of a call that is refused in this environment. */
const REFUSED = 'refused here';

/**
 * Runs the valid call and returns its exact result, or throws with what went wrong. Where the call is refused in
 * this environment (`refusal`), the result is that refusal's description, which every later valid call must match.
 */
export async function referenceResult(
  target: CallTarget,
  validArgs: () => unknown[],
  refusal?: { readonly argument: string },
): Promise<string> {
  const { outcome, snapshot } = await callAndSnapshot(target, validArgs());
  if (refusal !== undefined) {
    const problem = judge({ label: 'valid', args: validArgs, expect: refusal }, target, outcome, snapshot, '');
    if (problem !== undefined) throw new Error(`the valid call of ${target.functionName} ${problem}`);
    return REFUSED;
  }
  if ('threw' in outcome)
    throw new Error(`the valid call of ${target.functionName} failed: ${describeError(outcome.threw)}`);
  return snapshot as string;
}

function judge(
  probe: Probe,
  target: CallTarget,
  outcome: Outcome,
  snapshot: string | undefined,
  reference: string,
): string | undefined {
  const expect = probe.expect;
  if (expect === 'same' || (typeof expect === 'object' && 'result' in expect)) {
    if ('threw' in outcome) return `threw ${describeError(outcome.threw)}`;
    const wanted = expect === 'same' ? reference : exactSnapshot(expect.result);
    return snapshot === wanted
      ? undefined
      : `returned ${String(snapshot).slice(0, 200)} instead of ${wanted.slice(0, 200)}`;
  }
  if ('returned' in outcome) return `returned ${String(snapshot).slice(0, 200)} instead of throwing`;
  const error = outcome.threw;
  if (expect === 'user-error') return undefined;
  if (!SoftlabelsError.isInstance(error)) return `threw ${describeError(error)}`;
  const functionName = expect.functionName ?? target.functionName;
  if (error.functionName !== functionName) {
    return `threw an error of '${String(error.functionName)}' (${error.message})`;
  }
  const parameter = (error as { parameter?: unknown }).parameter;
  const named =
    typeof parameter === 'string'
      ? parameter === expect.argument ||
        (/^[.[]/.test(parameter.slice(expect.argument.length)) && parameter.startsWith(expect.argument))
      : error.message.includes(`'${expect.argument}`);
  return named
    ? undefined
    : `named ${typeof parameter === 'string' ? `'${parameter}'` : 'no argument'} (${error.message})`;
}

/**
 * Runs one probe and then the valid call, and returns what went wrong (nothing when all held): the probe's outcome
 * against its expectation, tensors, threads or files left behind, the time and memory it took, a method's instance
 * changed by a failed call, and the next valid call's result against the reference.
 */
export async function runProbe(
  probe: Probe,
  target: CallTarget,
  validArgs: () => unknown[],
  reference: string,
  folder: string,
): Promise<string[]> {
  const failures: string[] = [];
  const tensorsBefore = tf.memory().numTensors;
  const threadsBefore = threadCount();
  const filesBefore = folderSnapshot(folder);
  const memoryBefore = peakMemoryBytes();
  const started = performance.now();
  let args: unknown[];
  try {
    args = probe.args();
  } catch (error) {
    return [`its arguments could not be built: ${describeError(error)}`];
  }
  const { outcome, snapshot, stateBefore, stateAfter } = await callAndSnapshot(target, args);
  const elapsed = performance.now() - started;
  const verdict = judge(probe, target, outcome, snapshot, reference);
  if (verdict !== undefined) failures.push(verdict);
  if (stateBefore !== stateAfter && 'threw' in outcome) failures.push('the failed call changed the instance');
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) failures.push(`${leaked} tensor(s) left behind`);
  const threadsAfter = threadCount();
  if (threadsBefore !== undefined && threadsAfter !== undefined && threadsAfter > threadsBefore) {
    failures.push(`${threadsAfter - threadsBefore} thread(s) left behind`);
  }
  if (folderSnapshot(folder) !== filesBefore) failures.push('files changed in the work folder');
  if (elapsed > PROBE_TIME_BOUND_MS) failures.push(`took ${Math.round(elapsed)} ms`);
  const grown = peakMemoryBytes() - memoryBefore;
  if (grown > PROBE_MEMORY_BOUND_BYTES) failures.push(`raised peak memory by ${Math.round(grown / 2 ** 20)} MiB`);
  const next = await callAndSnapshot(target, validArgs());
  if (reference === REFUSED) {
    if (!('threw' in next.outcome)) failures.push('the next valid call was not refused');
  } else if ('threw' in next.outcome) failures.push(`the next valid call threw ${describeError(next.outcome.threw)}`);
  else if (next.snapshot !== reference) failures.push('the next valid call returned something else');
  return failures;
}
