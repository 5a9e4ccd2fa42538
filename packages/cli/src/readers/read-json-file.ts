import { readFile } from 'node:fs/promises';

import { SoftlabelsError } from '@softlabels/core';

import { InputFileError } from '../errors/input-file-error';

/**
 * Reads `file` as JSON and hands it to `parse` (a `fromJSON` that checks field by field). An unreadable file, bad JSON
 * and a typed error of `parse` become an {@link InputFileError} naming the file (`what`: what the file should be, as
 * in "is not a calibrator").
 */
export async function readJsonFile<T>(
  file: string,
  what: string,
  functionName: string,
  parse: (json: unknown) => T,
): Promise<T> {
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
    return parse(json);
  } catch (cause) {
    if (!SoftlabelsError.isInstance(cause)) throw cause;
    throw new InputFileError({ file, problem: `is not ${what}: ${cause.message}`, functionName, cause });
  }
}
