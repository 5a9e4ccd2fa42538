import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, InvalidArgumentError, readOptions, ShapeMismatchError } from '@softlabels/core';
import type { CalibratedProbabilities, CalibratorDiagnostics, CalibratorJson } from './calibrator-types';
import type { CalibratorMethod } from './fit-calibrator-options';
import { checkAcceptedKind } from './internal/calibrators/check-accepted-kind';
import { methodDefinition } from './internal/calibrators/method-registry';
import type { CalibratorState } from './internal/calibrators/calibrator-state';
import { readCalibratorJson } from './internal/calibrators/read-calibrator-json';
import { flatLength } from './internal/flat-length';
import { inputField, readRowsOfKind } from './internal/read-input';
import type { CalibrationInput } from './types';

/** Options of {@link Calibrator.apply}. */
export interface CalibratorApplyOptions {
  /** How far `probabilities` may stray from a distribution (default 1e-3), as the metrics' option. */
  distributionTolerance?: number;
}

/** States `fromJSON` has read already, which the constructor then takes as they are. */
const read = new WeakSet<object>();

/**
 * A fitted post-hoc calibrator: made by `fitCalibrator` or read back with {@link Calibrator.fromJSON}, it maps new
 * scores of the kind it was fitted on (or another kind its method takes) to calibrated probabilities. A calibrator
 * fitted in Node applies unchanged in the browser: `toJSON()` holds everything it needs.
 *
 * @example
 * ```ts
 * import { Calibrator, fitCalibrator } from '@softlabels/calibration';
 *
 * const logits = [[3, 0, 0], [0, 3, 0], [0, 0, 3], [3, 0, 0], [0, 3, 0], [0, 0, 3]];
 * const labels = [0, 1, 2, 1, 1, 0];
 * const calibrator = fitCalibrator('temperature', { logits }, labels);
 * const copy = Calibrator.fromJSON(JSON.stringify(calibrator));
 * const { data, dims } = copy.apply({ logits: [[3, 0, 0]] }) as { data: Float32Array; dims: number[] };
 * console.log(dims, data[0] < 0.9); // [1, 3] true
 * ```
 */
export class Calibrator {
  /** The method it was fitted with. */
  readonly method: CalibratorMethod;
  /** The class count K it maps. */
  readonly classes: number;
  /** The input kind it was fitted on. */
  readonly input: 'logits' | 'probabilities';
  /** Whether it was fitted on scikit-learn's binary form (one value per row); `apply` then takes that form too. */
  readonly binary: boolean;
  /** How the fit went (see {@link CalibratorDiagnostics}). */
  readonly diagnostics: CalibratorDiagnostics;
  readonly #parameters: unknown;

  /**
   * Reads a calibrator from its JSON, as {@link Calibrator.fromJSON} does.
   *
   * @example
   * ```ts
   * import { Calibrator, fitCalibrator } from '@softlabels/calibration';
   *
   * const json = fitCalibrator('temperature', { logits: [[2, 0], [0, 2], [2, 0]] }, [0, 1, 1]).toJSON();
   * console.log(new Calibrator(json).classes); // 2
   * ```
   */
  constructor(json: CalibratorJson | string) {
    const state = read.has(json as object)
      ? (json as unknown as CalibratorState)
      : readCalibratorJson(json, 'Calibrator');
    this.method = state.method;
    this.classes = state.classes;
    this.input = state.input;
    this.binary = state.binary;
    this.diagnostics = Object.freeze({ ...state.diagnostics });
    this.#parameters = state.parameters;
    Object.freeze(this);
  }

  /**
   * Calibrated probabilities of `input` (`{ logits }` or `{ probabilities }`, of shape `[..., K]`, or flat: rows of
   * K values, or for a binary calibrator one value per row). A tfjs tensor gives a float32 tensor of the input's shape;
   * anything else `{ data: Float32Array, dims }`. For the binary form the result holds p(class 1) per row, as the
   * input held one value per row. The input is never modified.
   *
   * @example
   * ```ts
   * import { fitCalibrator } from '@softlabels/calibration';
   *
   * const calibrator = fitCalibrator('temperature', { logits: [[2, 0], [0, 2], [2, 0]] }, [0, 1, 1]);
   * console.log(calibrator.apply({ logits: new Float32Array([2, 0]) }).dims); // [1, 2]
   * ```
   */
  apply(input: { logits: tf.Tensor } | { probabilities: tf.Tensor }, options?: CalibratorApplyOptions): tf.Tensor;
  apply(input: CalibrationInput, options?: CalibratorApplyOptions): CalibratedProbabilities;
  apply(input: CalibrationInput, options: CalibratorApplyOptions = {}): tf.Tensor | CalibratedProbabilities {
    const name = 'Calibrator.apply';
    const o = readOptions(options, ['distributionTolerance'], name);
    const tolerance = checkNumber(o.distributionTolerance ?? 1e-3, 'options.distributionTolerance', name, { min: 0 });
    const definition = methodDefinition(this.method);
    const { kind, value } = inputField(input, name);
    checkAcceptedKind(definition, kind, value, name);
    if (definition.fittedKindOnly === true && kind !== this.input) {
      throw new InvalidArgumentError({
        functionName: name,
        parameter: `input.${kind}`,
        value,
        expected: `be given as { ${this.input} }, the kind this '${this.method}' calibrator was fitted on`,
      });
    }
    const length = flatLength(value);
    const hint = length === undefined ? undefined : this.binary ? length : length / this.classes;
    const parameter = `input.${kind}`;
    const rows = readRowsOfKind(kind, value, parameter, name, tolerance, false, hint);
    if (rows.classes !== this.classes) {
      throw new ShapeMismatchError({
        functionName: name,
        parameter,
        actual: rows.shape,
        expected: `have ${this.classes} classes on the last axis, as the calibrator was fitted on`,
      });
    }
    const probabilities = definition.apply(this.#parameters, rows);
    const data = rows.binaryForm
      ? Float32Array.from({ length: rows.rows }, (_, row) => probabilities[2 * row + 1] as number)
      : Float32Array.from(probabilities);
    const dims = [...rows.shape];
    return value instanceof tf.Tensor ? tf.tensor(data, dims, 'float32') : { data, dims };
  }

  /**
   * The JSON form (see {@link CalibratorJson}): plain numbers only, so `JSON.stringify(calibrator)` gives it too.
   *
   * @example
   * ```ts
   * import { fitCalibrator } from '@softlabels/calibration';
   *
   * const json = fitCalibrator('temperature', { logits: [[2, 0], [0, 2], [2, 0]] }, [0, 1, 1]).toJSON();
   * console.log(json.format, json.method, json.classes); // softlabels-calibrator temperature 2
   * ```
   */
  toJSON(): CalibratorJson {
    return {
      format: 'softlabels-calibrator',
      version: 1,
      method: this.method,
      classes: this.classes,
      input: this.input,
      binary: this.binary,
      parameters: methodDefinition(this.method).toJson(this.#parameters),
      diagnostics: { ...this.diagnostics },
    };
  }

  /**
   * Reads a calibrator back from {@link Calibrator.toJSON} output, parsed or as JSON text, checking every field: a
   * corrupt or hand-edited file is refused with an error naming the field (`json.parameters.temperature`), and JSON
   * of a newer layout version says so.
   *
   * @example
   * ```ts
   * import { Calibrator, fitCalibrator } from '@softlabels/calibration';
   *
   * const text = JSON.stringify(fitCalibrator('temperature', { logits: [[2, 0], [0, 2], [2, 0]] }, [0, 1, 1]));
   * console.log(Calibrator.fromJSON(text).method); // temperature
   * ```
   */
  static fromJSON(json: CalibratorJson | string): Calibrator {
    const state = readCalibratorJson(json, 'Calibrator.fromJSON');
    read.add(state);
    return new Calibrator(state as unknown as CalibratorJson);
  }
}
