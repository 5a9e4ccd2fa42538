/**
 * What each calibration method gives `fitCalibrator` and `Calibrator`: how it fits rows, how it maps rows to
 * calibrated probabilities, and how its parameters go to and come from JSON. The framework reads and validates the
 * input, labels and common options, checks the input kind against `accepts`, computes the NLL diagnostics (from
 * `apply`, or `meanNll` where a method has it), and owns the JSON envelope (format, version, method, classes, input
 * kind).
 */
import type { CalibratorMethod } from '../../fit-calibrator-options';
import type { CalibratorJsonValue } from '../../calibrator-types';
import type { HostRows, LabelledRows } from '../read-input';

/** A JSON value as `JSON.stringify` writes it. */
export type JsonValue = CalibratorJsonValue;

/** The settings every method receives, read from the options by the framework. */
export interface CommonSettings {
  /** `options.maxIterations`, or undefined for the method's default. */
  maxIterations: number | undefined;
  /** `options.tolerance`, or undefined for the method's default. */
  tolerance: number | undefined;
}

/** A method's fit: its parameters and how the optimiser ended. */
export interface MethodFit<P> {
  parameters: P;
  /** Optimiser iterations (passes over the rows for closed-form fits). */
  iterations: number;
  /** Whether the optimiser met its tolerance (always true for closed-form fits). */
  converged: boolean;
}

export interface MethodDefinition<P> {
  method: CalibratorMethod;
  /** The input kinds the method fits and applies to (`{ logits }`, `{ probabilities }`). */
  accepts: readonly HostRows['kind'][];
  /**
   * Whether a calibrator applies to the input kind it was fitted on only (its scores of logits and of probabilities
   * differ); otherwise it applies to every kind in `accepts`.
   */
  fittedKindOnly?: boolean;
  /** Whether the method takes `maxIterations` and `tolerance`. */
  iterative: boolean;
  /** Its option keys beyond the common ones (`ignoreIndex`, `distributionTolerance`, and the iterative two). */
  optionKeys: readonly string[];
  /**
   * Fits the rows. `options` is the user's options object with its keys already checked against `optionKeys`; the
   * method validates its own keys' values (errors name `fitCalibrator` and `options.<key>`).
   */
  fit(rows: LabelledRows, options: Record<string, unknown>, settings: CommonSettings): MethodFit<P>;
  /**
   * Calibrated probabilities of `rows` (of a kind in `accepts`, with the fitted class count), row-major
   * `rows.rows × rows.classes`, float64. Never modifies `rows` or `parameters`.
   */
  apply(parameters: P, rows: HostRows): Float64Array;
  /**
   * The mean NLL of the labels under `apply`'s probabilities, clipped as `meanNll` clips them, computed without
   * materialising them (optional: methods whose outputs cost a pass anyway leave it to the framework).
   */
  meanNll?(parameters: P, rows: LabelledRows): number;
  /** The parameters as plain JSON (finite numbers, arrays, records). */
  toJson(parameters: P): JsonValue;
  /**
   * Validates parsed JSON parameters for `classes` classes (throws `InvalidArgumentError`/`ShapeMismatchError` naming
   * `json.parameters.<path>` and `functionName`: `Calibrator` or `Calibrator.fromJSON`) and returns them.
   */
  fromJson(value: unknown, classes: number, functionName: string): P;
}
