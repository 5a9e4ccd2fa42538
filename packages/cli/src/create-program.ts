import { Command } from 'commander';

import type { CommandIo } from './command-io';
import * as commands from './commands';

/**
 * The `softlabels` commander program with every command of `./commands` registered on it, writing through `io`.
 * Parsing errors are thrown (`exitOverride`) instead of exiting, so {@link runCli} decides the exit code.
 */
export function createProgram(io: CommandIo): Command {
  const program = new Command()
    .name('softlabels')
    .description(
      'Calibration metrics, reports, mergeable states and fitted calibrators for prediction logs ' +
        '(Parquet, Arrow IPC, CSV, JSON Lines, NumPy .npy), streamed chunk by chunk.',
    )
    .helpOption('-h, --help', 'show this help')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: () => undefined,
    });
  for (const register of Object.values(commands)) register(program, io);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: () => undefined });
  }
  return program;
}
