import fc from 'fast-check';
import { type PropertyDefinition, type PropertySuite, toProperty } from '@softlabels/test-utils';

/** One property that failed: everything needed to replay and read it. */
export interface FuzzFailure {
  suite: string;
  property: string;
  seed: number;
  path: string;
  /** The shrunk counter-example, as fast-check prints it. */
  counterexample: string;
  /** The error the check threw on it. */
  error: string;
}

/** What a fuzz run did. */
export interface FuzzOutcome {
  cases: number;
  failures: FuzzFailure[];
}

/** Options of {@link runFuzzLoop}. */
export interface FuzzLoopOptions {
  /** How long to run, in milliseconds. */
  durationMs: number;
  /** The run's seed: each `fc.check` gets a fresh seed drawn from it. */
  seed: number;
  /** Receives progress lines and failure reports. */
  log: (line: string) => void;
  /** Milliseconds between progress lines (default 10 s). */
  progressEveryMs?: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/** A seed sequence (xorshift32) for the successive `fc.check` calls of a run. */
function nextSeed(state: { value: number }): number {
  let x = state.value || 0x9e3779b9;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  state.value = x >>> 0;
  return state.value & 0x7fffffff;
}

function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Runs the properties of `suites` for `durationMs`, round-robin, each time with `fc.check` on a fresh seed and as many
 * cases as `pnpm test` gives it (so that each check ramps up to the largest cases), until time is up (the check in
 * progress is interrupted then). A property that fails
 * is reported once — suite, property, seed, path, shrunk counter-example and error — and not run again. Logs a
 * progress line every `progressEveryMs`. Suites' `setup` runs before their first property, `teardown` at the end.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { runFuzzLoop } from './fuzz-loop';
 *
 * const outcome = await runFuzzLoop(
 *   [{ name: 'abs', properties: [{ name: 'non-negative', arbitrary: fc.double(), check: (x) => void Math.abs(x), runs: 10 }] }],
 *   { durationMs: 100, seed: 1, log: console.log },
 * );
 * console.log(outcome.failures.length); // 0
 * ```
 */
export async function runFuzzLoop(suites: readonly PropertySuite[], options: FuzzLoopOptions): Promise<FuzzOutcome> {
  const now = options.now ?? Date.now;
  const start = now();
  const end = start + options.durationMs;
  const progressEvery = options.progressEveryMs ?? 10_000;
  const seeds = { value: options.seed >>> 0 };
  const outcome: FuzzOutcome = { cases: 0, failures: [] };
  const entries = suites.flatMap((suite) => suite.properties.map((property) => ({ suite, property })));
  const failed = new Set<PropertyDefinition<unknown>>();
  const started = new Set<PropertySuite>();
  let lastProgress = start;
  try {
    while (now() < end && failed.size < entries.length) {
      for (const { suite, property } of entries) {
        if (now() >= end) break;
        if (failed.has(property)) continue;
        if (!started.has(suite)) {
          started.add(suite);
          await suite.setup?.();
        }
        const seed = nextSeed(seeds);
        const details = await fc.check(toProperty(property), {
          seed,
          numRuns: property.runs,
          interruptAfterTimeLimit: Math.max(1, end - now()),
          markInterruptAsFailure: false,
        });
        outcome.cases += details.numRuns;
        // A check interrupted before its first case reports `failed` without a counter-example: that is no failure.
        if (details.failed && details.counterexample !== null) {
          failed.add(property);
          const failure: FuzzFailure = {
            suite: suite.name,
            property: property.name,
            seed: details.seed,
            path: details.counterexamplePath ?? '',
            counterexample: fc.stringify(details.counterexample?.[0]),
            error:
              details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
          };
          outcome.failures.push(failure);
          options.log(
            `FAILED ${failure.suite} > ${failure.property}\n` +
              `  seed ${failure.seed}, path "${failure.path}" (replay: SOFTLABELS_PROPERTY_SEED=${failure.seed} ` +
              `SOFTLABELS_PROPERTY_PATH=${failure.path} with vitest)\n` +
              `  counter-example: ${failure.counterexample}\n` +
              `  error: ${failure.error}`,
          );
        }
        if (now() - lastProgress >= progressEvery) {
          lastProgress = now();
          options.log(
            `${formatDuration(now() - start)} of ${formatDuration(options.durationMs)}: ${outcome.cases} cases, ` +
              `${outcome.failures.length} failures`,
          );
        }
      }
    }
  } finally {
    for (const suite of started) await suite.teardown?.();
  }
  return outcome;
}
