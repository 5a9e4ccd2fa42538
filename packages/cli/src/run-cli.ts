import { SoftlabelsError } from '@softlabels/core';
import { CommanderError } from 'commander';

import type { CommandIo } from './command-io';
import { createProgram } from './create-program';

/** Exit code of a run refused for bad input or bad flags (the message is one line on stderr). */
export const EXIT_BAD_INPUT = 2;

/**
 * Runs `softlabels` with `argv` (the arguments after the executable, as `process.argv.slice(2)`) and resolves to the
 * exit code: 0 on success (and for `--help`), {@link EXIT_BAD_INPUT} with a one-line `softlabels: error: …` on
 * stderr for bad flags or bad input (every softlabels error). Other errors are rethrown.
 *
 * @example
 * ```ts
 * import { runCli } from '@softlabels/cli';
 *
 * const code = await runCli(['--help']);
 * console.log(code); // 0
 * ```
 */
export async function runCli(
  argv: readonly string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      io.stderr.write(`softlabels: ${oneLine(error.message.replace(/^error: /, 'error: '))}\n`);
      return EXIT_BAD_INPUT;
    }
    if (SoftlabelsError.isInstance(error)) {
      io.stderr.write(`softlabels: error: ${oneLine(error.message)}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
