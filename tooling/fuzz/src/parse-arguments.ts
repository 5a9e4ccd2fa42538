import { parseArgs } from 'node:util';

/** The backends the runner fuzzes on. */
export type FuzzBackend = 'wasm' | 'cpu';

/** What `pnpm fuzz` was asked to do. */
export interface FuzzArguments {
  /** How long to run, in minutes (per backend; backends run side by side). */
  minutes: number;
  /** The seed every case seed derives from. */
  seed: number;
  backends: FuzzBackend[];
  /** Only properties whose suite or property name contains this (case-insensitive). */
  filter: string | undefined;
}

/** The usage line printed with an argument error. */
export const USAGE =
  'usage: pnpm fuzz [--minutes N] [--seed S] [--backend wasm|cpu|both] [--filter TEXT]\n' +
  '  --minutes  how long to run (default 1)\n' +
  '  --seed     seed of the run (default: from the clock; printed, so that a run can be repeated)\n' +
  '  --backend  the tfjs backend(s) to run on (default both, side by side)\n' +
  '  --filter   only properties whose suite or name contains this text';

/**
 * Reads the runner's command line (`args` without node and the script). Throws an Error with {@link USAGE} for an
 * unknown option or a bad value.
 *
 * @example
 * ```ts
 * import { parseFuzzArguments } from './parse-arguments';
 *
 * console.log(parseFuzzArguments(['--minutes', '5', '--seed', '42', '--backend', 'wasm']));
 * // { minutes: 5, seed: 42, backends: ['wasm'], filter: undefined }
 * ```
 */
export function parseFuzzArguments(args: readonly string[], now = Date.now()): FuzzArguments {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        minutes: { type: 'string' },
        seed: { type: 'string' },
        backend: { type: 'string' },
        filter: { type: 'string' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  const minutes = Number(values.minutes ?? '1');
  if (!(Number.isFinite(minutes) && minutes > 0))
    throw new Error(`--minutes must be a positive number, got '${values.minutes}'\n${USAGE}`);
  const seed = values.seed === undefined ? now % 0x7fffffff : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0x7fffffff) {
    throw new Error(`--seed must be an integer in [0, 2^31 − 1], got '${values.seed}'\n${USAGE}`);
  }
  const backend = values.backend ?? 'both';
  if (backend !== 'wasm' && backend !== 'cpu' && backend !== 'both') {
    throw new Error(`--backend must be wasm, cpu or both, got '${backend}'\n${USAGE}`);
  }
  return { minutes, seed, backends: backend === 'both' ? ['wasm', 'cpu'] : [backend], filter: values.filter };
}
