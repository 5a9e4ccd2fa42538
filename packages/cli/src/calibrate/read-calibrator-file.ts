import { Calibrator, type CalibratorJson } from '@softlabels/calibration';

import { readJsonFile } from '../readers/read-json-file';

/**
 * Reads a calibrator file (`calibrator.json` of `softlabels calibrate --fit` or `softlabels fit-temperature`, or any
 * `Calibrator.toJSON()`), checked field by field by `Calibrator.fromJSON`. Unreadable files, bad JSON and bad fields
 * are an `InputFileError` naming the file.
 */
export async function readCalibratorFile(file: string): Promise<Calibrator> {
  return readJsonFile(file, 'a calibrator', 'readCalibratorFile', (json) =>
    Calibrator.fromJSON(json as CalibratorJson),
  );
}
