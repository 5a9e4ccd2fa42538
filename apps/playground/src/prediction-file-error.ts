import { SoftlabelsError } from '@softlabels/core';

/** Options of {@link PredictionFileError}. */
export interface PredictionFileErrorOptions {
  /** The file's name as the user chose it. */
  fileName: string;
  /** What is wrong with it, worded to follow "the file …", e.g. `'must give one label per row (3 rows, 2 labels)'`. */
  problem: string;
}

/**
 * A file given to "Bring your own predictions" that the page cannot read: its message names the file and what is
 * wrong, and the page shows it beside the upload control.
 *
 * @example
 * ```ts
 * import { PredictionFileError } from './prediction-file-error';
 * const error = new PredictionFileError({ fileName: 'scores.npy', problem: "has dtype '>f4'" });
 * console.log(error.message); // scores.npy: has dtype '>f4'
 * ```
 */
export class PredictionFileError extends SoftlabelsError {
  readonly fileName: string;
  readonly problem: string;

  constructor(options: PredictionFileErrorOptions) {
    super({ message: `${options.fileName}: ${options.problem}` });
    this.name = 'PredictionFileError';
    this.fileName = options.fileName;
    this.problem = options.problem;
  }
}
