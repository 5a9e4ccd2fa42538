import type { Command } from 'commander';

import type { CommandIo } from '../command-io';
import { withOutputFiles } from '../output/output-files';
import { mergeStateFiles } from '../state/merge-state-files';

/**
 * Registers `softlabels merge STATE… [--out FILE]`: the exact merge of shard states (from `softlabels state`, another
 * `merge` or `state --from-sql`), written to `--out` or printed.
 */
export function registerMergeCommand(program: Command, io: CommandIo): void {
  program
    .command('merge')
    .description('merge calibration states of shards into one (counts add exactly)')
    .argument('<state...>', 'state JSON files (from `softlabels state`, `merge` or `state --from-sql`)')
    .option('--out <file>', 'write the merged state here (default: print it)')
    .action(async (files: string[], options: { out?: string }) => {
      const merged = await mergeStateFiles(files);
      const text = `${JSON.stringify(merged.toJSON())}\n`;
      if (options.out === undefined) {
        io.stdout.write(text);
        return;
      }
      const out = options.out;
      await withOutputFiles((output) => output.write(out, text));
      io.stderr.write(`wrote ${out} (${merged.count} rows from ${files.length} states)\n`);
    });
}
