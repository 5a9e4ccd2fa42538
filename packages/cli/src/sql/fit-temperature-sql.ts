import { Calibrator, type CalibratorJson } from '@softlabels/calibration';
import { checkFunction, checkNumber, InvalidArgumentError, readOptions } from '@softlabels/core';

import { temperatureStepQuery } from './temperature-step-query';
import type { SqlSourceOptions } from './prepare-sql-query-options';

/** Runs one query where the data lives and resolves to its result rows (column name → value). */
export type RunQuery = (sql: string) => Promise<readonly Record<string, unknown>[]>;

/** Options of {@link fitTemperatureSql}: where the logits are, and the search settings of `fitCalibrator`. */
export interface FitTemperatureSqlOptions extends SqlSourceOptions {
  /** Most queries (Newton steps, the one at T = 1 included; default 50). */
  maxIterations?: number;
  /** Stop when a Newton step in log T is at most this (default 1e-9). */
  tolerance?: number;
}

const NAME = 'fitTemperatureSql';
/** `fitCalibrator('temperature', …)`'s temperature range and start. */
const MIN_TEMPERATURE = 0.01;
const MAX_TEMPERATURE = 100;
/** Relative NLL differences below this are summation noise (as the float64 pass of `fitTemperature`). */
const NOISE = 1e-12;

interface Probe {
  logTemperature: number;
  temperature: number;
  value: number;
  cappedValue: number;
  derivative: number;
  secondDerivative: number;
}

function numberOf(row: Record<string, unknown>, column: string): number {
  const value = row[column];
  return typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : (value as number);
}

function dataError(parameter: string, value: unknown, expected: string, got: string): InvalidArgumentError {
  return new InvalidArgumentError({ functionName: NAME, parameter, value, expected, got });
}

/**
 * Temperature scaling where the data lives: the safeguarded Newton search in log T of `fitTemperature` (and of
 * `fitCalibrator('temperature', …)`: T in [0.01, 100] from 1, the same bracket, fallbacks and stopping rule, float64
 * noise), each step's mean NLL and derivatives coming from one {@link temperatureStepQuery} run through `runQuery`.
 * Resolves to the calibrator JSON `fitCalibrator('temperature', …).toJSON()` gives (its diagnostics' NLLs clipped as
 * there), checked by `Calibrator.fromJSON`. A table with missing or non-finite logits, labels outside the class range,
 * ragged lists or no rows is refused with an {@link InvalidArgumentError} naming the option.
 */
export async function fitTemperatureSql(
  options: FitTemperatureSqlOptions,
  runQuery: RunQuery,
): Promise<CalibratorJson> {
  const record = readOptions(options, ['dialect', 'table', 'labels', 'logits', 'maxIterations', 'tolerance'], NAME);
  checkFunction(runQuery, 'runQuery', NAME);
  const maxIterations = checkNumber(record.maxIterations ?? 50, 'options.maxIterations', NAME, {
    min: 1,
    integer: true,
  });
  const tolerance = checkNumber(record.tolerance ?? 1e-9, 'options.tolerance', NAME, { min: 0, minExclusive: true });
  const source = { dialect: options.dialect, table: options.table, labels: options.labels, logits: options.logits };
  // Builds (and so checks) the query once before anything runs.
  temperatureStepQuery({ ...source, temperature: 1 });
  let classes = 0;
  let iterations = 0;
  const probe = async (logTemperature: number, temperature: number): Promise<Probe> => {
    iterations += 1;
    const rows = await runQuery(temperatureStepQuery({ ...source, temperature }));
    const row = rows[0];
    if (rows.length !== 1 || row === undefined) {
      throw dataError('runQuery', rows.length, 'resolve to the one row of the step query', `${rows.length} rows`);
    }
    const invalidScores = numberOf(row, 'invalid_scores');
    if (invalidScores > 0) {
      throw dataError(
        'options.logits',
        invalidScores,
        'hold at least 2 finite logits in every row',
        `${invalidScores} rows that do not`,
      );
    }
    const invalidLabels = numberOf(row, 'invalid_labels');
    if (invalidLabels > 0) {
      throw dataError(
        'options.labels',
        invalidLabels,
        'lie in [0, classes) in every row',
        `${invalidLabels} rows outside`,
      );
    }
    const count = numberOf(row, 'row_count');
    if (!(count > 0)) throw dataError('options.table', count, 'hold at least one row', 'none');
    const minClasses = numberOf(row, 'min_classes');
    classes = numberOf(row, 'max_classes');
    if (minClasses !== classes) {
      throw dataError(
        'options.logits',
        classes,
        'hold lists of one length',
        `lists of ${minClasses} to ${classes} logits`,
      );
    }
    return {
      logTemperature,
      temperature,
      value: numberOf(row, 'nll_sum') / count,
      cappedValue: numberOf(row, 'capped_nll_sum') / count,
      derivative: numberOf(row, 'derivative_sum') / count,
      secondDerivative: numberOf(row, 'second_derivative_sum') / count,
    };
  };

  const lowerBound = Math.log(MIN_TEMPERATURE);
  const upperBound = Math.log(MAX_TEMPERATURE);
  let low = lowerBound;
  let high = upperBound;
  let lowIsBound = true;
  let highIsBound = true;
  const narrow = (result: Probe): Probe => {
    if (result.derivative > 0 && result.logTemperature < high) {
      high = result.logTemperature;
      highIsBound = false;
    } else if (result.derivative < 0 && result.logTemperature > low) {
      low = result.logTemperature;
      lowIsBound = false;
    }
    return result;
  };
  const start = narrow(await probe(0, 1));
  let best = start;
  let current = start;
  let converged = false;
  let lastNewton = 0;
  while (iterations < maxIterations) {
    const { derivative, secondDerivative, logTemperature: u } = current;
    if (derivative === 0) {
      converged = u > lowerBound && u < upperBound;
      break;
    }
    if ((derivative > 0 && u <= lowerBound) || (derivative < 0 && u >= upperBound)) break;
    const newton = secondDerivative > 0 ? -derivative / secondDerivative : -Math.sign(derivative);
    let next = u + newton;
    if (Math.abs(newton) <= tolerance || next === u) {
      converged = true;
      break;
    }
    // Newton steps that shrink only linearly towards an unprobed bound (separable data): probe the bound itself.
    const slow =
      lastNewton !== 0 && Math.sign(newton) === Math.sign(lastNewton) && Math.abs(newton) > 0.5 * Math.abs(lastNewton);
    lastNewton = newton;
    if (slow && newton < 0 && lowIsBound) next = lowerBound;
    else if (slow && newton > 0 && highIsBound) next = upperBound;
    if (!(next >= low && next <= high) || (next === low && !lowIsBound) || (next === high && !highIsBound)) {
      if (next <= low && lowIsBound) next = lowerBound;
      else if (next >= high && highIsBound) next = upperBound;
      else next = (low + high) / 2;
    }
    if (Math.abs(next - u) <= tolerance) {
      converged = true;
      break;
    }
    const temperature = next === lowerBound ? MIN_TEMPERATURE : next === upperBound ? MAX_TEMPERATURE : Math.exp(next);
    const result = narrow(await probe(next, temperature));
    if (next === lowerBound) lowIsBound = false;
    if (next === upperBound) highIsBound = false;
    if (result.value <= best.value + NOISE * Math.max(1, Math.abs(best.value))) current = result;
    if (result.value < best.value) best = result;
  }
  return Calibrator.fromJSON({
    format: 'softlabels-calibrator',
    version: 1,
    method: 'temperature',
    classes,
    input: 'logits',
    binary: false,
    parameters: { temperature: best.temperature },
    diagnostics: { iterations, converged, nllBefore: start.cappedValue, nllAfter: best.cappedValue },
  }).toJSON();
}
