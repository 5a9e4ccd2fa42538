import { SoftlabelsError } from '@softlabels/core';

const marker = Symbol.for('softlabels.error.InputFileError');

/** What {@link InputFileError} is built from. */
export interface InputFileErrorOptions {
  /** The file as given on the command line. */
  file: string;
  /** What is wrong, phrased as a sentence fragment (`'label 12 is outside [0, 10)'`). */
  problem: string;
  /** The 0-based data row (across the whole file) where it was found, when it is one row's problem. */
  row?: number;
  /** The column (or `.npy` array) where it was found, when it is one column's problem. */
  column?: string;
  /** The function that read the file. */
  functionName: string;
  /** The error of the library that read the file, when it wraps one. */
  cause?: unknown;
}

/**
 * A prediction file or state file cannot be used: a missing or mistyped column, a label outside the class range, a
 * NaN or infinite score, a ragged list, a truncated file. The message names the file, then the row and column where
 * they are known: `preds.parquet: row 41, column 'logit_3': NaN is not a finite score`.
 *
 * @example
 * ```ts
 * import { InputFileError } from '@softlabels/cli';
 *
 * const error = new InputFileError({
 *   file: 'preds.csv', row: 3, column: 'label', problem: "'cat' is not an integer label", functionName: 'readCsv',
 * });
 * console.log(error.message); // preds.csv: row 3, column 'label': 'cat' is not an integer label
 * ```
 */
export class InputFileError extends SoftlabelsError {
  private readonly [marker] = true;
  /** The file as given. */
  readonly file: string;
  /** The 0-based data row, when known. */
  readonly row: number | undefined;
  /** The column, when known. */
  readonly column: string | undefined;

  constructor(options: InputFileErrorOptions) {
    const where = [
      options.row === undefined ? undefined : `row ${options.row}`,
      options.column === undefined ? undefined : `column '${options.column}'`,
    ].filter((part) => part !== undefined);
    super({
      functionName: options.functionName,
      message: `${options.file}: ${where.length > 0 ? `${where.join(', ')}: ` : ''}${options.problem}`,
      cause: options.cause,
    });
    this.name = 'InputFileError';
    this.file = options.file;
    this.row = options.row;
    this.column = options.column;
  }

  /** True for an {@link InputFileError} from any copy of the package. */
  static override isInstance(error: unknown): error is InputFileError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
