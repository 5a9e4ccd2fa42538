import { open } from 'node:fs/promises';

import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';

import { readNpyHeader } from '../readers/npy-header';
import { formatOf } from '../readers/read-predictions';

/** The rows of one file from its metadata (a Parquet footer, a `.npy` header); `undefined` for other formats. */
async function rowsOf(file: string): Promise<number | undefined> {
  const format = formatOf(file);
  if (format === 'parquet') return Number((await parquetMetadataAsync(await asyncBufferFromFile(file))).num_rows);
  if (format !== 'npy') return undefined;
  const handle = await open(file, 'r');
  try {
    return (await readNpyHeader(handle, file)).shape[0];
  } finally {
    await handle.close();
  }
}

/**
 * The rows the files hold when every file says so in its metadata without being read (Parquet, `.npy`), for a
 * progress bar's total; `undefined` when one cannot (CSV, JSON Lines, Arrow) or cannot be opened, which the reader then
 * reports.
 */
export async function countRows(files: readonly string[]): Promise<number | undefined> {
  let total = 0;
  for (const file of files) {
    const rows = await rowsOf(file).catch(() => undefined);
    if (rows === undefined) return undefined;
    total += rows;
  }
  return total;
}
