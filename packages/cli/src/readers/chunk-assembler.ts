import { InputFileError } from '../errors/input-file-error';
import type { PredictionChunk, ScoreKind } from './prediction-chunk';
import { CellProblem, type RawChunk, type RawScores } from './raw-chunk';

/** How a {@link ChunkAssembler} checks rows. */
export interface ChunkAssemblerOptions {
  /** The file, for errors. */
  file: string;
  kind: ScoreKind;
  /** Skip invalid rows (reporting each to `onSkip`) instead of throwing. */
  skipInvalid: boolean;
  onSkip?: (error: InputFileError) => void;
  /** How far probability rows may stray from a distribution (as the calibration metrics' option). */
  distributionTolerance: number;
}

/** A value that is not a number, explained; or the number. */
function numberOf(value: unknown): number | string {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return 'empty value';
    const parsed = Number(text);
    if (Number.isNaN(parsed) && !/^[+-]?nan$/i.test(text)) return `'${text.slice(0, 40)}' is not a number`;
    return Number.isNaN(parsed) ? Number.NaN : parsed;
  }
  if (value === null || value === undefined) return 'missing value';
  if (value instanceof CellProblem) return value.problem;
  return `a ${typeof value} is not a number`;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Copies `length` values into `out` and says whether all are finite (`out` then holds them). */
function copyFinite(values: ArrayLike<number>, length: number, out: Float64Array): boolean {
  if (values.length !== length) return false;
  out.set(values);
  for (let index = 0; index < length; index += 1) {
    if (!Number.isFinite(out[index])) return false;
  }
  return true;
}

class RowProblem {
  constructor(
    readonly column: string,
    readonly problem: string,
  ) {}
}

/**
 * Turns raw chunks of one file into {@link PredictionChunk}s: every score a finite number, every list as long as the
 * class count (fixed by the first row), every label an integer in `[0, classes)`, every probability row a
 * distribution. A bad row is an {@link InputFileError} naming the file, row and column, or with `skipInvalid` is left
 * out and counted in {@link ChunkAssembler.skipped}.
 */
export class ChunkAssembler {
  /** Rows left out so far. */
  skipped = 0;
  /** The class count, once the first row fixed it. */
  classes: number | undefined;
  private readonly options: ChunkAssemblerOptions;

  constructor(options: ChunkAssemblerOptions) {
    this.options = options;
  }

  /** Validates `raw` and packs its good rows. */
  assemble(raw: RawChunk): PredictionChunk {
    const classes = this.classCount(raw.scores);
    const scores = new Float64Array(raw.rows * classes);
    const labels = new Int32Array(raw.labels === undefined ? 0 : raw.rows);
    // A matrix is copied in one go when it is all finite; rows are then only moved up past skipped ones.
    const copied = raw.scores.kind === 'matrix' && copyFinite(raw.scores.values, raw.rows * classes, scores);
    let kept = 0;
    for (let row = 0; row < raw.rows; row += 1) {
      if (copied && kept !== row) scores.copyWithin(kept * classes, row * classes, (row + 1) * classes);
      const problem =
        (copied ? undefined : this.readScores(raw.scores, row, classes, scores, kept * classes)) ??
        (raw.labels === undefined ? undefined : this.readLabel(raw.labels, row, classes, labels, kept)) ??
        (this.options.kind === 'probabilities'
          ? this.checkDistribution(raw.scores, scores, kept * classes, classes)
          : undefined);
      if (problem === undefined) {
        kept += 1;
        continue;
      }
      const error = new InputFileError({
        file: this.options.file,
        row: raw.firstRow + row,
        column: problem.column,
        problem: problem.problem,
        functionName: 'readPredictions',
      });
      if (!this.options.skipInvalid) throw error;
      this.skipped += 1;
      this.options.onSkip?.(error);
    }
    return {
      rows: kept,
      classes,
      scores: kept === raw.rows ? scores : scores.slice(0, kept * classes),
      labels: raw.labels === undefined || kept === raw.rows ? labels : labels.slice(0, kept),
      firstRow: raw.firstRow,
    };
  }

  /** The class count of this file, fixed by the first chunk (a list column: its first list with a length). */
  private classCount(scores: RawScores): number {
    if (this.classes !== undefined) {
      const width =
        scores.kind === 'columns' ? scores.names.length : scores.kind === 'matrix' ? scores.classes : undefined;
      if (width !== undefined && width !== this.classes) {
        throw new InputFileError({
          file: this.options.file,
          functionName: 'readPredictions',
          problem: `a chunk has ${width} classes where the first had ${this.classes}`,
        });
      }
      return this.classes;
    }
    let classes: number | undefined;
    if (scores.kind === 'columns') classes = scores.names.length;
    else if (scores.kind === 'matrix') classes = scores.classes;
    else {
      for (let row = 0; row < scores.lists.length && classes === undefined; row += 1) {
        const list = scores.lists[row];
        if (isArrayLike(list)) classes = list.length;
      }
    }
    if (classes === undefined) return 0;
    if (classes < 2) {
      throw new InputFileError({
        file: this.options.file,
        column: scores.kind === 'columns' ? scores.names.join(',') : scores.name,
        functionName: 'readPredictions',
        problem: `rows hold ${classes} score; calibration needs at least two classes`,
      });
    }
    this.classes = classes;
    return classes;
  }

  private readScores(
    scores: RawScores,
    row: number,
    classes: number,
    out: Float64Array,
    offset: number,
  ): RowProblem | undefined {
    if (scores.kind === 'matrix') {
      for (let column = 0; column < classes; column += 1) {
        const value = scores.values[row * classes + column] as number;
        if (!Number.isFinite(value)) {
          const name = scores.list === true ? `${scores.name}[${column}]` : String(column);
          return new RowProblem(name, `${value} is not a finite score`);
        }
        out[offset + column] = value;
      }
      return undefined;
    }
    if (scores.kind === 'columns') {
      for (let column = 0; column < classes; column += 1) {
        const raw = (scores.columns[column] as ArrayLike<unknown>)[row];
        const value = typeof raw === 'number' ? raw : numberOf(raw);
        const problem = this.scoreProblem(value);
        if (problem !== undefined) return new RowProblem(scores.names[column] as string, problem);
        out[offset + column] = value as number;
      }
      return undefined;
    }
    const list = scores.lists[row];
    if (!isArrayLike(list)) {
      const problem =
        list instanceof CellProblem
          ? list.problem
          : list === null || list === undefined
            ? 'missing list'
            : 'not a list';
      return new RowProblem(scores.name, problem);
    }
    if (list.length !== classes) {
      return new RowProblem(scores.name, `ragged list: ${list.length} values where the first row has ${classes}`);
    }
    for (let column = 0; column < classes; column += 1) {
      const raw = list[column];
      const value = typeof raw === 'number' ? raw : numberOf(raw);
      const problem = this.scoreProblem(value);
      if (problem !== undefined) return new RowProblem(`${scores.name}[${column}]`, problem);
      out[offset + column] = value as number;
    }
    return undefined;
  }

  private scoreProblem(value: number | string): string | undefined {
    if (typeof value === 'string') return value;
    if (!Number.isFinite(value)) return `${value} is not a finite score`;
    return undefined;
  }

  private readLabel(
    labels: { name: string; values: ArrayLike<unknown> },
    row: number,
    classes: number,
    out: Int32Array,
    index: number,
  ): RowProblem | undefined {
    const raw = labels.values[row];
    const value = typeof raw === 'number' ? raw : numberOf(raw);
    if (typeof value === 'string') return new RowProblem(labels.name, value);
    if (!Number.isInteger(value)) return new RowProblem(labels.name, `label ${value} is not an integer class index`);
    if (value < 0 || value >= classes) {
      return new RowProblem(labels.name, `label ${value} is outside the class range [0, ${classes})`);
    }
    out[index] = value;
    return undefined;
  }

  private checkDistribution(
    scores: RawScores,
    values: Float64Array,
    offset: number,
    classes: number,
  ): RowProblem | undefined {
    const tolerance = this.options.distributionTolerance;
    let sum = 0;
    for (let column = 0; column < classes; column += 1) {
      const value = values[offset + column] as number;
      if (value < -tolerance || value > 1 + tolerance) {
        const name = scores.kind === 'columns' ? (scores.names[column] as string) : `${scores.name}[${column}]`;
        return new RowProblem(name, `probability ${value} is outside [0, 1]`);
      }
      sum += value;
    }
    if (Math.abs(sum - 1) > tolerance) {
      const name = scores.kind === 'columns' ? scores.names.join(',') : scores.name;
      return new RowProblem(name, `probabilities sum to ${sum}, not 1 (tolerance ${tolerance})`);
    }
    return undefined;
  }
}
