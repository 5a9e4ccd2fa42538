import { extname, resolve } from 'node:path';

import { DuckDBInstance } from '@duckdb/node-api';

import { InputFileError } from '../errors/input-file-error';
import type { RunQuery } from './fit-temperature-sql';

/** An embedded DuckDB session over a prediction file: the table to query, `runQuery`, and `close`. */
export interface DuckDbQueryRunner {
  /** The table the queries should read: the Parquet file's view, or the given table of a database file. */
  table: string;
  runQuery: RunQuery;
  close: () => void;
}

/**
 * Opens `file` in embedded DuckDB (`@duckdb/node-api`): a `.parquet` file as the view `predictions` over
 * `read_parquet` (`table` is then ignored), any other file as a DuckDB database opened read-only, whose `table` the
 * queries read. Result rows come back with DuckDB's values (BIGINT and HUGEINT as `bigint`). DuckDB's errors (a
 * missing file or column, a column of the wrong type) become an {@link InputFileError} naming `file`.
 */
export async function openDuckDbQueryRunner(file: string, table: string | undefined): Promise<DuckDbQueryRunner> {
  const inDuckDb = async <T>(body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (cause) {
      if (!(cause instanceof Error) || cause.constructor.name !== 'Error') throw cause;
      const problem = `DuckDB cannot run the query: ${cause.message.split('\n')[0] ?? ''}`;
      throw new InputFileError({ file, problem, functionName: 'openDuckDbQueryRunner', cause });
    }
  };
  const parquet = extname(file).toLowerCase() === '.parquet';
  const instance = await inDuckDb(() =>
    parquet ? DuckDBInstance.create(':memory:') : DuckDBInstance.create(resolve(file), { access_mode: 'READ_ONLY' }),
  );
  const connection = await instance.connect();
  if (parquet) {
    const path = resolve(file).split("'").join("''");
    await inDuckDb(() => connection.run(`CREATE VIEW predictions AS SELECT * FROM read_parquet('${path}')`));
  }
  return {
    table: parquet ? 'predictions' : (table ?? 'predictions'),
    runQuery: (sql) => inDuckDb(async () => (await connection.runAndReadAll(sql)).getRowObjects()),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
