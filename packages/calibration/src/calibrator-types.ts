import type { CalibratorMethod } from './fit-calibrator-options';

/** How a calibrator's fit went, measured on the rows it was fitted on. */
export interface CalibratorDiagnostics {
  /** Optimiser iterations (passes over the rows for temperature scaling; 1 for the closed-form fits). */
  iterations: number;
  /** Whether the optimiser met its tolerance (always true for the closed-form fits). */
  converged: boolean;
  /** Mean NLL of the labels under the input as given (softmax of logits), probabilities clipped below at 1e-15. */
  nllBefore: number;
  /** Mean NLL of the labels under the calibrated probabilities, clipped the same way. */
  nllAfter: number;
}

/** Calibrated probabilities of input that was not a tfjs tensor: float32 values of the input's shape. */
export interface CalibratedProbabilities {
  data: Float32Array;
  dims: number[];
}

/** A JSON value as `JSON.stringify` writes it. */
export type CalibratorJsonValue =
  number | string | boolean | null | CalibratorJsonValue[] | { [key: string]: CalibratorJsonValue };

/** The JSON form of a calibrator (`Calibrator.toJSON()`, read back by `Calibrator.fromJSON`). */
export interface CalibratorJson {
  format: 'softlabels-calibrator';
  /** The version of this layout; `fromJSON` reads version 1. */
  version: 1;
  method: CalibratorMethod;
  /** The class count K it was fitted on. */
  classes: number;
  /** The input kind it was fitted on. */
  input: 'logits' | 'probabilities';
  /** Whether it was fitted on scikit-learn's binary form (one value per row). */
  binary: boolean;
  /** The method's fitted parameters (see the README's table). */
  parameters: CalibratorJsonValue;
  diagnostics: CalibratorDiagnostics;
}
