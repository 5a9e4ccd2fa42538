import type { CalibratorMethod } from '@softlabels/calibration';

/** What each method of `fitCalibrator` maps, for `--help` (a record, so the list holds every method exactly once). */
const METHOD_MAPS: Record<CalibratorMethod, string> = {
  temperature: 'softmax(z / T)',
  vector: 'softmax(a * z + b)',
  matrix: 'softmax(W z + b)',
  dirichlet: 'softmax(W log p + b)',
  histogram: 'per-class histogram binning',
  isotonic: 'per-class isotonic regression',
  platt: 'per-class Platt scaling',
  beta: 'per-class beta calibration',
};

/** The methods `softlabels calibrate --fit` takes: every method of `@softlabels/calibration`'s `fitCalibrator`. */
export const FIT_METHODS = Object.keys(METHOD_MAPS) as CalibratorMethod[];

/** `temperature (softmax(z / T)), vector (…), …` for the `--fit` help text. */
export function describeFitMethods(): string {
  return FIT_METHODS.map((method) => `${method} (${METHOD_MAPS[method]})`).join(', ');
}
