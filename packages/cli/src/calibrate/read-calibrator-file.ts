import { readFile } from 'node:fs/promises';

import { Calibrator, type CalibratorJson } from '@softlabels/calibration';
import { SoftlabelsError } from '@softlabels/core';

import { InputFileError } from '../errors/input-file-error';

/**
 * Reads a calibrator file (`calibrator.json` of `softlabels calibrate --fit` or `softlabels fit-temperature`, or any
 * `Calibrator.toJSON()`), checked field by field by `Calibrator.fromJSON`. Unreadable files, bad JSON and bad fields
 * are an {@link InputFileError} naming the file.
 */
export async function readCalibratorFile(file: string): Promise<Calibrator> {
  const functionName = 'readCalibratorFile';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InputFileError({ file, problem: `cannot be read (${(cause as Error).message})`, functionName, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InputFileError({ file, problem: `is not JSON (${(cause as Error).message})`, functionName, cause });
  }
  try {
    return Calibrator.fromJSON(json as CalibratorJson);
  } catch (cause) {
    if (!SoftlabelsError.isInstance(cause)) throw cause;
    throw new InputFileError({ file, problem: `is not a calibrator: ${cause.message}`, functionName, cause });
  }
}
