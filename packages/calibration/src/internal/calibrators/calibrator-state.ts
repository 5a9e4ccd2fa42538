import type { CalibratorDiagnostics } from '../../calibrator-types';
import type { CalibratorMethod } from '../../fit-calibrator-options';
import type { HostRows } from '../read-input';

/** What a `Calibrator` holds: the fitted parameters and what they were fitted on. */
export interface CalibratorState {
  method: CalibratorMethod;
  parameters: unknown;
  classes: number;
  input: HostRows['kind'];
  binary: boolean;
  diagnostics: CalibratorDiagnostics;
}
