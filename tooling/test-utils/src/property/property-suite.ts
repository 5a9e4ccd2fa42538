import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';

/** One property: cases drawn from `arbitrary`, each checked by `check`. */
export interface PropertyDefinition<T = unknown> {
  /** Names the property in test titles and fuzz reports. */
  name: string;
  /** Draws one case (keep cases small to print: shapes, options and seeds, not whole arrays). */
  arbitrary: fc.Arbitrary<T>;
  /** Throws (or rejects) when the property does not hold for `value`. */
  check(value: T): void | Promise<void>;
  /** Cases per `pnpm test` run, all from the property's fixed seed. */
  runs: number;
}

/** The properties of one public function or kernel, with what they need around them. */
export interface PropertySuite {
  /** Names the suite (the function under test). */
  name: string;
  /** Each with its own case type (`check` is a method, so a definition of any case type fits here). */
  properties: PropertyDefinition<unknown>[];
  /** Runs once before the first property (e.g. starting kernel threads). */
  setup?: () => void | Promise<void>;
  /** Runs once after the last property. */
  teardown?: () => void | Promise<void>;
}

/** How long one property may take in `pnpm test`, shrinking a failure included. */
const PROPERTY_TIMEOUT_MS = 300_000;

const collector = Symbol.for('softlabels.propertySuites');

type Collecting = typeof globalThis & { [collector]?: PropertySuite[] };

/** A property's cases for fast-check: the definition's arbitrary and check as one asynchronous property. */
export function toProperty<T>(definition: PropertyDefinition<T>): fc.IAsyncProperty<[T]> {
  return fc.asyncProperty(definition.arbitrary, async (value) => {
    await definition.check(value);
  });
}

/**
 * The fixed seed of a property in `pnpm test`: a hash of its suite and property names, so that every property draws
 * its own cases and adding one leaves the others' unchanged.
 */
export function propertySeed(suite: string, property: string): number {
  let hash = 0x811c9dc5;
  for (const character of `${suite} > ${property}`) {
    hash ^= character.codePointAt(0) as number;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}

/**
 * Declares the properties of a suite. Under vitest each property becomes one test that runs `runs` cases from
 * {@link propertySeed} (`SOFTLABELS_PROPERTY_SEED` and `SOFTLABELS_PROPERTY_PATH` replay a reported failure); a failure
 * prints fast-check's report: seed, path and the shrunk counter-example. Inside {@link collectPropertySuites} (the
 * fuzz runner) the suite is only collected.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { definePropertySuite } from '@softlabels/test-utils';
 *
 * definePropertySuite({
 *   name: 'Math.abs',
 *   properties: [
 *     {
 *       name: 'is never negative',
 *       arbitrary: fc.double({ noNaN: true }),
 *       check: (value) => {
 *         if (Math.abs(value) < 0) throw new Error(`Math.abs(${value}) < 0`);
 *       },
 *       runs: 100,
 *     },
 *   ],
 * });
 * ```
 */
export function definePropertySuite(suite: PropertySuite): void {
  const collecting = (globalThis as Collecting)[collector];
  if (collecting !== undefined) {
    collecting.push(suite);
    return;
  }
  const replaySeed = process.env.SOFTLABELS_PROPERTY_SEED;
  const replayPath = process.env.SOFTLABELS_PROPERTY_PATH;
  describe(suite.name, () => {
    if (suite.setup !== undefined) beforeAll(suite.setup);
    if (suite.teardown !== undefined) afterAll(suite.teardown);
    for (const definition of suite.properties) {
      it(
        definition.name,
        async () => {
          await fc.assert(toProperty(definition), {
            seed: replaySeed === undefined ? propertySeed(suite.name, definition.name) : Number(replaySeed),
            numRuns: definition.runs,
            ...(replayPath === undefined ? {} : { path: replayPath }),
          });
        },
        PROPERTY_TIMEOUT_MS,
      );
    }
  });
}

/**
 * Runs `load` (which imports modules that call {@link definePropertySuite}) and returns the suites they declared,
 * without registering any test: how the fuzz runner reads the same properties `pnpm test` runs.
 *
 * @example
 * ```ts
 * import { collectPropertySuites } from '@softlabels/test-utils';
 *
 * const suites = await collectPropertySuites(async () => {
 *   await import('./my-function.property.test.ts');
 * });
 * console.log(suites.map((suite) => suite.name));
 * ```
 */
export async function collectPropertySuites(load: () => Promise<void>): Promise<PropertySuite[]> {
  const scope = globalThis as Collecting;
  const previous = scope[collector];
  const suites: PropertySuite[] = [];
  scope[collector] = suites;
  try {
    await load();
  } finally {
    scope[collector] = previous;
  }
  return suites;
}
