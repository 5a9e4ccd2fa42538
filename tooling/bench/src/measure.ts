/** Timings of one contestant in one scenario (milliseconds). */
export interface Measurement {
  medianMs: number;
  minMs: number;
  repeats: number;
}

/** How many warm-up and timed runs a scenario gets. */
export interface Repeats {
  warmup: number;
  repeats: number;
}

/**
 * Runs `body` `warmup` times untimed, then `repeats` times timed, and reports the median. `body` must await its
 * results' data itself (so the timed region covers the computation, not just its scheduling).
 */
export async function measure(
  body: () => Promise<unknown> | unknown,
  { warmup, repeats }: Repeats,
): Promise<Measurement> {
  for (let index = 0; index < warmup; index += 1) await body();
  const times: number[] = [];
  for (let index = 0; index < repeats; index += 1) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: median(times), minMs: times[0] ?? Number.NaN, repeats };
}

export function median(sorted: number[]): number {
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
