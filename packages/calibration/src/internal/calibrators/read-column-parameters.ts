/**
 * Reading the `parameters` field of a one-vs-rest calibrator's JSON: a record of per-column number lists, every
 * error an `InvalidArgumentError` or `ShapeMismatchError` naming the caller and the entry
 * (`json.parameters.thresholds[1][3]`).
 */
import { checkNumber, InvalidArgumentError, readOptions, ShapeMismatchError } from '@softlabels/core';
import type { NumberConstraints } from '@softlabels/core';
import { calibratedColumns } from './one-vs-rest';

/** Reads the parameters of `classes` classes for `functionName` (`Calibrator`, `Calibrator.fromJSON`). */
export class ColumnParameterReader {
  constructor(
    readonly functionName: string,
    readonly classes: number,
  ) {}

  /** `json.parameters` as a record holding exactly `keys`, each of them set. */
  record(value: unknown, keys: readonly string[]): Record<string, unknown> {
    const record = readOptions(value, keys, this.functionName, 'json.parameters');
    for (const key of keys) {
      if (record[key] === undefined) this.fail(`json.parameters.${key}`, undefined, 'be set');
    }
    return record;
  }

  /**
   * `json.parameters.<key>`: one number list per calibrated column (one for two classes, `classes` otherwise), each
   * entry within `constraints`, list `column` of `length(column)` entries when that gives a number.
   */
  lists(
    value: unknown,
    key: string,
    constraints: NumberConstraints,
    length?: (column: number) => number,
  ): Float64Array[] {
    const parameter = `json.parameters.${key}`;
    const columns = calibratedColumns(this.classes).length;
    const list = this.list(value, parameter, columns, `lists (one per calibrated class of ${this.classes})`);
    return list.map((item, column) => this.numbers(item, `${parameter}[${column}]`, constraints, length?.(column)));
  }

  /** `json.parameters.<key>`: one number per calibrated column, within `constraints`. */
  columnNumbers(value: unknown, key: string, constraints: NumberConstraints): Float64Array {
    return this.numbers(value, `json.parameters.${key}`, constraints, calibratedColumns(this.classes).length);
  }

  /** Throws unless `values` never decreases (or, `strict`, always increases), naming the first entry that breaks it. */
  ordered(values: Float64Array, parameter: string, strict: boolean): void {
    for (let index = 1; index < values.length; index += 1) {
      const previous = values[index - 1] as number;
      const value = values[index] as number;
      if (strict ? value > previous : value >= previous) continue;
      this.fail(
        `${parameter}[${index}]`,
        value,
        `be ${strict ? 'greater than' : 'at least'} the entry before it (${previous})`,
      );
    }
  }

  /** Throws an `InvalidArgumentError` naming `parameter`. */
  fail(parameter: string, value: unknown, expected: string): never {
    throw new InvalidArgumentError({ functionName: this.functionName, parameter, value, expected });
  }

  /** Throws a `ShapeMismatchError` naming `parameter`, whose length is `actual`. */
  mismatch(parameter: string, actual: number, expected: string): never {
    throw new ShapeMismatchError({ functionName: this.functionName, parameter, actual: [actual], expected });
  }

  private list(value: unknown, parameter: string, length: number | undefined, what: string): unknown[] {
    if (!Array.isArray(value)) this.fail(parameter, value, 'be an array');
    if (length !== undefined && value.length !== length)
      this.mismatch(parameter, value.length, `hold ${length} ${what}`);
    return value;
  }

  private numbers(
    value: unknown,
    parameter: string,
    constraints: NumberConstraints,
    length: number | undefined,
  ): Float64Array {
    const list = this.list(value, parameter, length, 'numbers');
    return Float64Array.from(list, (item, index) =>
      checkNumber(item, `${parameter}[${index}]`, this.functionName, constraints),
    );
  }
}
