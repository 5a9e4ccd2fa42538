/** Every calibration method of `fitCalibrator`, by name. */
import type { CalibratorMethod } from '../../fit-calibrator-options';
import { betaCalibrationMethod } from './beta-calibration';
import { dirichletCalibrationMethod } from './dirichlet-calibration';
import { histogramBinningMethod } from './histogram-binning';
import { isotonicRegressionMethod } from './isotonic-regression';
import { matrixScalingMethod } from './matrix-scaling';
import type { MethodDefinition } from './method-definition';
import { plattScalingMethod } from './platt-scaling';
import { temperatureScalingMethod } from './temperature-scaling';
import { vectorScalingMethod } from './vector-scaling';

const definitions: Record<CalibratorMethod, object> = {
  temperature: temperatureScalingMethod,
  vector: vectorScalingMethod,
  matrix: matrixScalingMethod,
  dirichlet: dirichletCalibrationMethod,
  histogram: histogramBinningMethod,
  isotonic: isotonicRegressionMethod,
  platt: plattScalingMethod,
  beta: betaCalibrationMethod,
};

/** The method names, in the order the README's table lists them. */
export const CALIBRATOR_METHODS = Object.keys(definitions) as CalibratorMethod[];

/** The definition of a method whose name has been checked against {@link CALIBRATOR_METHODS}. */
export function methodDefinition(method: CalibratorMethod): MethodDefinition<unknown> {
  return definitions[method] as MethodDefinition<unknown>;
}
