import type { CalibratorMethod } from '@softlabels/calibration';

/** Every method of `fitCalibrator`, as a record so that the type checker sees each one listed exactly once. */
const METHODS: Record<CalibratorMethod, true> = {
  temperature: true,
  vector: true,
  matrix: true,
  dirichlet: true,
  histogram: true,
  isotonic: true,
  platt: true,
  beta: true,
};

/** The methods `softlabels calibrate --fit` takes: those of `@softlabels/calibration`'s `fitCalibrator`. */
export const FIT_METHODS = Object.keys(METHODS) as CalibratorMethod[];
