import { CalibrationAccumulator, type CalibrationAccumulatorJson } from '@softlabels/calibration';
import { SoftlabelsError } from '@softlabels/core';

import { InputFileError } from '../errors/input-file-error';
import { readResultRecords, type ResultFormat, type ResultRecord } from './read-result-records';
import { STATE_RESULT_COLUMNS } from './state-query';

const NAME = 'stateFromSql';

type Column = (typeof STATE_RESULT_COLUMNS)[number];

/** Reads the cells of one result row, failing with the file, row and column. */
class RowReader {
  constructor(
    private readonly record: ResultRecord,
    private readonly row: number,
    private readonly source: string,
  ) {}

  fail(column: Column, problem: string): never {
    throw new InputFileError({ file: this.source, row: this.row, column, problem, functionName: NAME });
  }

  /** The cell as a number (numbers and numeric strings, as engines export them), or null when empty. */
  optional(column: Column): number | null {
    const value = this.record[column];
    if (value === null || value === undefined || value === '') return null;
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (!Number.isFinite(number)) this.fail(column, `${JSON.stringify(value)} is not a finite number`);
    return number;
  }

  number(column: Column): number {
    const value = this.optional(column);
    if (value === null) this.fail(column, 'is empty');
    return value;
  }

  /** A count or index: an integer in [0, below). */
  integer(column: Column, below = Number.MAX_SAFE_INTEGER + 1): number {
    const value = this.number(column);
    if (!Number.isInteger(value) || value < 0 || value >= below) {
      this.fail(column, `${value} is not an integer in [0, ${below})`);
    }
    return value;
  }
}

/**
 * The `CalibrationAccumulator` JSON state (as `toJSON()` writes it, for `softlabels merge` or `fromJSON`) from the
 * exported result of a {@link stateQuery} query (`format` as {@link readResultRecords} reads it). The result must
 * hold the query's columns and parts; rows the query counted as invalid (missing or non-finite logits, labels outside
 * the class range) and ragged logit lists are refused, since the state would silently leave them out. Every problem
 * is an {@link InputFileError} naming `source` and, where one row is at fault, its 0-based row and column; the state
 * then passes the accumulator's own checks (`CalibrationAccumulator.fromJSON`).
 */
export function stateFromSql(text: string, format: ResultFormat, source: string): CalibrationAccumulatorJson {
  const records = readResultRecords(text, format, source);
  const first = records[0];
  if (first === undefined) {
    throw new InputFileError({
      file: source,
      problem: 'holds no rows (a state query result has one per part)',
      functionName: NAME,
    });
  }
  const missing = STATE_RESULT_COLUMNS.find((column) => !(column in first));
  if (missing !== undefined) {
    throw new InputFileError({
      file: source,
      column: missing,
      problem: 'is missing: the file is not the result of a `softlabels sql` query',
      functionName: NAME,
    });
  }
  const inputs = records.flatMap((record, row) => (record.part === 'input' ? [row] : []));
  if (inputs.length !== 1) {
    throw new InputFileError({
      file: source,
      column: 'part',
      problem: `holds ${inputs.length} 'input' rows instead of one`,
      functionName: NAME,
    });
  }
  const inputRow = inputs[0] as number;
  const input = new RowReader(records[inputRow] as ResultRecord, inputRow, source);
  const count = input.integer('row_count');
  const bins = input.integer('bins', 1e6 + 1);
  if (bins === 0) input.fail('bins', 'is 0');
  const invalidScores = input.integer('invalid_scores');
  if (invalidScores > 0) {
    input.fail('invalid_scores', `${invalidScores} rows have missing, non-finite or fewer than 2 logits`);
  }
  const invalidLabels = input.integer('invalid_labels');
  if (invalidLabels > 0) input.fail('invalid_labels', `${invalidLabels} rows have a label outside the class range`);
  const minClasses = input.optional('min_classes');
  const maxClasses = input.optional('max_classes');
  if (minClasses !== maxClasses) {
    input.fail('max_classes', `the logit lists are ragged: from ${minClasses} to ${maxClasses} entries`);
  }
  const classes = count === 0 ? null : input.integer('max_classes');
  const slots = (classes ?? 0) * bins;
  const state: CalibrationAccumulatorJson = {
    version: 1,
    bins,
    distributionTolerance: new CalibrationAccumulator({ bins }).distributionTolerance,
    classes,
    count,
    correct: 0,
    confidenceSum: 0,
    nllSum: 0,
    brierSum: 0,
    binCount: new Array<number>(bins).fill(0),
    binConfidence: new Array<number>(bins).fill(0),
    binCorrect: new Array<number>(bins).fill(0),
    classCount: new Array<number>(slots).fill(0),
    classProbability: new Array<number>(slots).fill(0),
    classPositive: new Array<number>(slots).fill(0),
  };
  const seen = new Set<string>();
  records.forEach((record, row) => {
    if (row === inputRow) return;
    const reader = new RowReader(record, row, source);
    const bin = reader.integer('bin_index', bins);
    if (record.part === 'top') {
      if (seen.has(`top ${bin}`)) reader.fail('bin_index', `bin ${bin} appears twice`);
      seen.add(`top ${bin}`);
      state.binCount[bin] = reader.integer('row_count');
      state.binCorrect[bin] = reader.integer('hit_count');
      state.binConfidence[bin] = reader.number('score_sum');
      state.correct += state.binCorrect[bin];
      state.confidenceSum += state.binConfidence[bin];
      state.nllSum = (state.nllSum as number) + reader.number('nll_sum');
    } else if (record.part === 'class') {
      const slot = reader.integer('class_index', classes ?? 0) * bins + bin;
      if (seen.has(`class ${slot}`)) reader.fail('bin_index', `class bin ${slot} appears twice`);
      seen.add(`class ${slot}`);
      state.classCount[slot] = reader.integer('row_count');
      state.classPositive[slot] = reader.integer('hit_count');
      state.classProbability[slot] = reader.number('score_sum');
      state.brierSum += reader.number('brier_sum');
    } else {
      reader.fail('part', `${JSON.stringify(record.part)} is not 'input', 'top' or 'class'`);
    }
  });
  try {
    return CalibrationAccumulator.fromJSON(state).toJSON();
  } catch (cause) {
    if (!SoftlabelsError.isInstance(cause)) throw cause;
    throw new InputFileError({
      file: source,
      problem: `does not add up to a calibration state: ${cause.message}`,
      functionName: NAME,
      cause,
    });
  }
}
