import { checkChoice, checkNumber, readOptions } from '@softlabels/core';
import { Calibrator } from './calibrator';
import type { CalibratorMethod, CalibratorOptionsByMethod } from './fit-calibrator-options';
import { checkAcceptedKind } from './internal/calibrators/check-accepted-kind';
import { CALIBRATOR_METHODS, methodDefinition } from './internal/calibrators/method-registry';
import { meanNll, meanNllOfRows } from './internal/calibrators/row-transforms';
import { inputField, readLabelledOfKind, warnIfProbabilities } from './internal/read-input';
import type { CalibrationInput, LabelsInput } from './types';

const NAME = 'fitCalibrator';

function optional(value: unknown, parameter: string, constraints: Parameters<typeof checkNumber>[3]) {
  return value === undefined ? undefined : checkNumber(value, parameter, NAME, constraints);
}

/**
 * Fits a post-hoc calibrator on held-out scores and their labels: `method` is one of the rows of the package
 * README's table (temperature, vector and matrix scaling, Dirichlet calibration, histogram binning, isotonic
 * regression, Platt scaling, beta calibration), `input` is tagged as the metrics take it (`{ logits }` or
 * `{ probabilities }`; methods that map logits refuse probabilities), and the options are those of the method (see
 * {@link CalibratorOptionsByMethod}; every regulariser is opt-in, so the defaults fit the unregularised maximum
 * likelihood). The fit runs in float64 on the host. `options.ignoreIndex` leaves out rows with that label.
 * The calibrator's `diagnostics` give the iterations, whether the optimiser converged, and the NLL before and after.
 *
 * @example
 * ```ts
 * import { expectedCalibrationError, fitCalibrator } from '@softlabels/calibration';
 *
 * const logits = [[4, 0, 0], [0, 4, 0], [0, 0, 4], [4, 0, 0], [0, 4, 0], [0, 0, 4]];
 * const labels = [0, 1, 2, 1, 1, 0];
 * const calibrator = fitCalibrator('temperature', { logits }, labels);
 * console.log(calibrator.diagnostics.converged, calibrator.diagnostics.nllAfter < calibrator.diagnostics.nllBefore);
 * // true true
 * const calibrated = calibrator.apply({ logits });
 * console.log(expectedCalibrationError({ probabilities: calibrated }, labels) < 0.1); // true
 * ```
 */
export function fitCalibrator<M extends CalibratorMethod>(
  method: M,
  input: CalibrationInput,
  labels: LabelsInput,
  options?: CalibratorOptionsByMethod[M],
): Calibrator {
  const chosen = checkChoice(method, CALIBRATOR_METHODS, 'method', NAME);
  const definition = methodDefinition(chosen);
  const iterativeKeys = definition.iterative ? ['maxIterations', 'tolerance'] : [];
  const o = readOptions(
    options,
    ['ignoreIndex', 'distributionTolerance', ...iterativeKeys, ...definition.optionKeys],
    NAME,
  );
  const tolerance = checkNumber(o.distributionTolerance ?? 1e-3, 'options.distributionTolerance', NAME, { min: 0 });
  const ignoreIndex = optional(o.ignoreIndex, 'options.ignoreIndex', { integer: true });
  const settings = {
    maxIterations: optional(o.maxIterations, 'options.maxIterations', { min: 1, integer: true }),
    tolerance: optional(o.tolerance, 'options.tolerance', { min: 0, minExclusive: true }),
  };
  const { kind, value } = inputField(input, NAME);
  checkAcceptedKind(definition, kind, value, NAME);
  const rows = readLabelledOfKind(kind, value, `input.${kind}`, labels, NAME, tolerance, false, ignoreIndex);
  const fit = definition.fit(rows, o, settings);
  const nllAfter =
    definition.meanNll?.(fit.parameters, rows) ??
    meanNll(definition.apply(fit.parameters, rows), rows.labels, rows.classes);
  const nllBefore = meanNllOfRows(rows);
  warnIfProbabilities(rows);
  // Built from its JSON, so that every fitted calibrator passes the checks a saved one does.
  return new Calibrator({
    format: 'softlabels-calibrator',
    version: 1,
    method: chosen,
    classes: rows.classes,
    input: kind,
    binary: rows.binaryForm,
    parameters: definition.toJson(fit.parameters),
    diagnostics: { iterations: fit.iterations, converged: fit.converged, nllBefore, nllAfter },
  });
}
