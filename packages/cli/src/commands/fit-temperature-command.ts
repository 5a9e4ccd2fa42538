import { InvalidArgumentError } from '@softlabels/core';
import type { Command } from 'commander';

import type { CommandIo } from '../command-io';
import { withOutputFiles } from '../output/output-files';
import { openDuckDbQueryRunner } from '../sql/duckdb-query-runner';
import { fitTemperatureSql } from '../sql/fit-temperature-sql';
import { SQL_DIALECTS, type SqlDialectName } from '../sql/sql-dialect';
import { temperatureStepQuery } from '../sql/temperature-step-query';

interface FitTemperatureCommandOptions {
  sql?: boolean;
  duckdb?: string;
  dialect?: SqlDialectName;
  table?: string;
  labels: string;
  logits: string;
  temperature: string;
  out?: string;
}

const NAME = 'softlabels fit-temperature';

function refuse(parameter: string, value: unknown, expected: string): never {
  throw new InvalidArgumentError({ functionName: NAME, parameter, value, expected });
}

/**
 * Registers `softlabels fit-temperature`, temperature scaling where the data lives. `--sql --dialect D --table T
 * --logits COL --labels COL [--temperature 1]` prints the one aggregate query of a Newton step at that temperature
 * (see `temperatureStepQuery`); `--duckdb FILE.parquet|FILE.db [--table T] --logits COL --labels COL [--out FILE]`
 * runs the whole fit in embedded DuckDB (see `fitTemperatureSql`) and writes the calibrator JSON
 * (`fitCalibrator('temperature', …).toJSON()`'s format), or prints it without `--out`.
 */
export function registerFitTemperatureCommand(program: Command, io: CommandIo): void {
  program
    .command('fit-temperature')
    .description('temperature scaling in SQL: print a Newton step query (--sql) or run the fit in DuckDB (--duckdb)')
    .option('--sql', 'print the aggregate query of one Newton step')
    .option('--duckdb <file>', 'run the fit in embedded DuckDB over a .parquet file or a DuckDB database')
    .option('--dialect <dialect>', `with --sql, the engine: ${SQL_DIALECTS.join(', ')}`)
    .option('--table <table>', 'the table of predictions (with --duckdb: in the database; a .parquet file is its own)')
    .requiredOption('--labels <column>', 'the integer label column')
    .requiredOption('--logits <column>', 'the list (array) column of logits, one per class')
    .option('--temperature <t>', 'with --sql, the temperature the step is evaluated at', '1')
    .option('--out <file>', 'with --duckdb, write the calibrator JSON here (default: print it)')
    .action(async (options: FitTemperatureCommandOptions) => {
      if ((options.sql === true) === (options.duckdb !== undefined)) {
        refuse('--sql / --duckdb', options.duckdb, 'be given one of the two');
      }
      if (options.sql === true) {
        if (options.dialect === undefined) refuse('--dialect', undefined, 'be given with --sql');
        if (options.table === undefined) refuse('--table', undefined, 'be given with --sql');
        io.stdout.write(
          temperatureStepQuery({
            dialect: options.dialect,
            table: options.table,
            labels: options.labels,
            logits: options.logits,
            temperature: Number(options.temperature),
          }),
        );
        return;
      }
      const file = options.duckdb as string;
      const runner = await openDuckDbQueryRunner(file, options.table);
      let text: string;
      try {
        const calibrator = await fitTemperatureSql(
          { dialect: 'duckdb', table: runner.table, labels: options.labels, logits: options.logits },
          runner.runQuery,
        );
        text = `${JSON.stringify(calibrator, null, 2)}\n`;
        io.stderr.write(
          `temperature ${(calibrator.parameters as { temperature: number }).temperature} after ` +
            `${calibrator.diagnostics.iterations} queries (converged: ${calibrator.diagnostics.converged})\n`,
        );
      } finally {
        runner.close();
      }
      const out = options.out;
      if (out === undefined) io.stdout.write(text);
      else await withOutputFiles((output) => output.write(out, text));
    });
}
