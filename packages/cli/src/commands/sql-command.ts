import { InvalidArgumentError } from '@softlabels/core';
import type { Command } from 'commander';

import type { CommandIo } from '../command-io';
import { SQL_DIALECTS, type SqlDialectName } from '../sql/sql-dialect';
import { stateQuery } from '../sql/state-query';

interface SqlCommandOptions {
  dialect: SqlDialectName;
  table: string;
  labels: string;
  logits: string;
  confidence?: string;
  prediction?: string;
  bins: string;
}

/** A command-line count: digits only, so `--bins 1.5` and `--bins 10x` are refused. */
function parseCount(text: string, parameter: string, functionName: string): number {
  if (!/^\d+$/.test(text)) {
    throw new InvalidArgumentError({ functionName, parameter, value: text, expected: 'be a positive integer' });
  }
  return Number(text);
}

/**
 * Registers `softlabels sql --dialect D --table T --labels COL --logits COL [--confidence COL] [--prediction COL]
 * [--bins 15]`: prints the query that computes the calibration state where the predictions live (see `stateQuery`);
 * its exported result becomes a state with `softlabels state --from-sql`.
 */
export function registerSqlCommand(program: Command, io: CommandIo): void {
  program
    .command('sql')
    .description(
      'print one SQL query computing the calibration state (GROUP BY) in DuckDB, Spark, BigQuery or Postgres',
    )
    .requiredOption('--dialect <dialect>', `the engine: ${SQL_DIALECTS.join(', ')}`)
    .requiredOption('--table <table>', 'the table or view of predictions (dotted parts quoted one by one)')
    .requiredOption('--labels <column>', 'the integer label column')
    .requiredOption('--logits <column>', 'the list (array) column of logits, one per class')
    .option('--confidence <column>', 'bin this column of top-label confidences instead of the softmax maximum')
    .option('--prediction <column>', 'score this column of predicted classes instead of the argmax')
    .option('--bins <count>', 'equal-width bins', '15')
    .action((options: SqlCommandOptions) => {
      const { bins, confidence, prediction, ...source } = options;
      const sql = stateQuery({
        ...source,
        bins: parseCount(bins, '--bins', 'softlabels sql'),
        ...(confidence === undefined ? {} : { confidence }),
        ...(prediction === undefined ? {} : { prediction }),
      });
      io.stdout.write(sql);
    });
}
