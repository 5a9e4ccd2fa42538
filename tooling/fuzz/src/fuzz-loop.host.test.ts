import fc from 'fast-check';
import type { PropertySuite } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { runFuzzLoop } from './fuzz-loop';

/** A clock that advances `step` ms per reading. */
function steppingClock(step: number): () => number {
  let time = 0;
  return () => (time += step);
}

const passing: PropertySuite = {
  name: 'arithmetic',
  properties: [
    {
      name: 'addition commutes',
      arbitrary: fc.tuple(fc.integer(), fc.integer()),
      check: ([a, b]: [number, number]) => {
        if (a + b !== b + a) throw new Error('not commutative');
      },
      runs: 20,
    },
  ],
};

const failing: PropertySuite = {
  name: 'bounds',
  properties: [
    {
      name: 'values stay below 1000',
      arbitrary: fc.integer({ min: 0, max: 10_000 }),
      check: (value: number) => {
        if (value >= 1000) throw new Error(`${value} is too large`);
      },
      runs: 50,
    },
  ],
};

describe('runFuzzLoop', () => {
  it('runs every property until time is up and counts the cases', async () => {
    const lines: string[] = [];
    const outcome = await runFuzzLoop([passing], {
      durationMs: 50,
      seed: 3,
      log: (line) => lines.push(line),
      progressEveryMs: 10,
      now: steppingClock(1),
    });
    expect(outcome.failures).toEqual([]);
    expect(outcome.cases).toBeGreaterThanOrEqual(20);
    expect(lines.some((line) => /\d+ cases, 0 failures/.test(line))).toBe(true);
  });

  it('reports a failure once, with its seed, path and shrunk counter-example, and goes on with the others', async () => {
    const lines: string[] = [];
    const outcome = await runFuzzLoop([failing, passing], {
      durationMs: 200,
      seed: 11,
      log: (line) => lines.push(line),
      now: steppingClock(1),
    });
    expect(outcome.failures).toHaveLength(1);
    const [failure] = outcome.failures;
    expect(failure).toMatchObject({
      suite: 'bounds',
      property: 'values stay below 1000',
      counterexample: '1000',
      error: '1000 is too large',
    });
    // The reported seed and path replay the same shrunk case.
    const replay = fc.check(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (value) => value < 1000),
      {
        seed: failure?.seed,
        path: failure?.path,
        numRuns: 50,
      },
    );
    expect(replay.counterexample).toEqual([1000]);
    expect(lines.filter((line) => line.startsWith('FAILED'))).toHaveLength(1);
    expect(outcome.cases).toBeGreaterThan(50);
  });

  it('draws different cases from different seeds and the same from the same seed', async () => {
    const seen = (seed: number) => {
      const values: number[] = [];
      const suite: PropertySuite = {
        name: 'record',
        properties: [
          { name: 'records', arbitrary: fc.integer(), check: (value: number) => void values.push(value), runs: 5 },
        ],
      };
      // Time stands still for the first check (no interruption), then runs out.
      let reads = 0;
      const now = () => (reads++ < 4 ? 0 : 1e9);
      return runFuzzLoop([suite], { durationMs: 60_000, seed, log: () => undefined, now }).then(() => values);
    };
    const first = await seen(1);
    expect(first).toHaveLength(5);
    expect(await seen(1)).toEqual(first);
    expect(await seen(2)).not.toEqual(first);
  });
});
