/**
 * Readers of the `parameters` field of a one-vs-rest calibrator's JSON: a record of per-column number lists, every
 * error an `InvalidArgumentError` or `ShapeMismatchError` of `Calibrator.fromJSON` naming the entry
 * (`json.parameters.thresholds[1][3]`).
 */
import { checkNumber, InvalidArgumentError, readOptions, ShapeMismatchError } from '@softlabels/core';
import type { NumberConstraints } from '@softlabels/core';
import { calibratedColumns } from './one-vs-rest';

/** The function every parameter error names. */
export const FROM_JSON = 'Calibrator.fromJSON';

/** `json.parameters` as a record holding exactly `keys`, each of them set. */
export function readParameterRecord(value: unknown, keys: readonly string[]): Record<string, unknown> {
  const record = readOptions(value, keys, FROM_JSON, 'json.parameters');
  for (const key of keys) {
    if (record[key] === undefined) {
      throw new InvalidArgumentError({
        functionName: FROM_JSON,
        parameter: `json.parameters.${key}`,
        value: undefined,
        expected: 'be set',
      });
    }
  }
  return record;
}

/** An array (of `length` entries when given: a {@link ShapeMismatchError} otherwise). */
export function readList(value: unknown, parameter: string, length?: number, what = 'entries'): unknown[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError({ functionName: FROM_JSON, parameter, value, expected: 'be an array' });
  }
  if (length !== undefined && value.length !== length) {
    throw new ShapeMismatchError({
      functionName: FROM_JSON,
      parameter,
      actual: [value.length],
      expected: `hold ${length} ${what}`,
    });
  }
  return value;
}

/** A list of finite numbers within `constraints`, each checked under its own index. */
export function readNumberList(
  value: unknown,
  parameter: string,
  constraints: NumberConstraints,
  length?: number,
): Float64Array {
  const list = readList(value, parameter, length, 'numbers');
  return Float64Array.from(list, (item, index) => checkNumber(item, `${parameter}[${index}]`, FROM_JSON, constraints));
}

/**
 * One number list per calibrated column of `classes` classes (one for two classes, `classes` otherwise), each of
 * `length(column index)` entries when given.
 */
export function readColumnLists(
  value: unknown,
  parameter: string,
  classes: number,
  constraints: NumberConstraints,
  length?: (column: number) => number | undefined,
): Float64Array[] {
  const columns = calibratedColumns(classes).length;
  const list = readList(value, parameter, columns, `lists (one per calibrated class of ${classes})`);
  return list.map((item, column) => readNumberList(item, `${parameter}[${column}]`, constraints, length?.(column)));
}

/** A number list of every calibrated column, as {@link readColumnLists} with one number per column. */
export function readColumnNumbers(
  value: unknown,
  parameter: string,
  classes: number,
  constraints: NumberConstraints,
): Float64Array {
  const columns = calibratedColumns(classes).length;
  return readNumberList(value, parameter, constraints, columns);
}

/** Throws unless `values` never decreases (or, `strict`, always increases), naming the first entry that breaks it. */
export function checkOrdered(values: Float64Array, parameter: string, strict: boolean): void {
  for (let index = 1; index < values.length; index += 1) {
    const previous = values[index - 1] as number;
    const value = values[index] as number;
    if (strict ? value > previous : value >= previous) continue;
    throw new InvalidArgumentError({
      functionName: FROM_JSON,
      parameter: `${parameter}[${index}]`,
      value,
      expected: `be ${strict ? 'greater than' : 'at least'} the entry before it (${previous})`,
    });
  }
}
