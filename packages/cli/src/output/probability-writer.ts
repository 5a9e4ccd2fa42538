import { type FileHandle, open } from 'node:fs/promises';

import type { OutputFormat } from './output-format';

/** Where a {@link ProbabilityWriter} writes: the probabilities, and for `.npy` the labels' own file. */
export interface ProbabilityWriterPaths {
  probabilities: string;
  /** The labels' `.npy` file (`.npy` output with labels only; CSV and JSON Lines keep labels in a column). */
  labels?: string;
}

/**
 * Appends calibrated probabilities chunk by chunk to a file: CSV with a header `p_0,…,p_{K−1}[,label]`, JSON Lines of
 * `{"p_0": …, "label": …}` objects, or a float32 `[N, K]` `.npy` (labels in an int32 `[N]` `.npy` beside it) whose
 * header gets N when it is finished.
 */
export interface ProbabilityWriter {
  /** Appends the rows of `probabilities` (`rows × classes`, row-major) and, when the writer keeps them, their labels. */
  write(probabilities: Float32Array, labels: Int32Array | undefined): Promise<void>;
  /** Completes the files (the `.npy` headers' row count); the writer must still be closed. */
  finish(): Promise<void>;
  /** Closes the files, finished or not. */
  close(): Promise<void>;
}

/** A decimal that reads back as the same float32: 9 significant digits (always enough), trailing zeros dropped. */
function float32Text(value: number): string {
  return String(Number(value.toPrecision(9)));
}

/** Rows formatted into one string per write, so the text of a large chunk is never held whole. */
const TEXT_WRITE_ROWS = 4096;

function textWriter(
  file: FileHandle,
  format: 'csv' | 'jsonl',
  classes: number,
  withLabels: boolean,
): ProbabilityWriter {
  const names = Array.from({ length: classes }, (_, index) => `p_${index}`);
  let header: string | undefined =
    format === 'csv' ? `${[...names, ...(withLabels ? ['label'] : [])].join(',')}\n` : '';
  return {
    async write(probabilities, labels) {
      const rows = probabilities.length / classes;
      for (let start = 0; start < rows; start += TEXT_WRITE_ROWS) {
        const lines: string[] = header === undefined ? [] : [header];
        header = undefined;
        for (let row = start; row < Math.min(rows, start + TEXT_WRITE_ROWS); row += 1) {
          const values = names.map((_, k) => float32Text(probabilities[row * classes + k] as number));
          const label = labels?.[row];
          if (format === 'csv') {
            lines.push(`${values.join(',')}${label === undefined ? '' : `,${label}`}\n`);
          } else {
            const fields = values.map((value, k) => `"${names[k] as string}":${value}`);
            lines.push(`{${fields.join(',')}${label === undefined ? '' : `,"label":${label}`}}\n`);
          }
        }
        await file.write(lines.join(''));
      }
    },
    async finish() {
      if (header !== undefined) await file.write(header);
      header = undefined;
    },
    close: () => file.close(),
  };
}

/** Bytes reserved for a `.npy` header (magic, version, length, the dict padded with spaces): room for any N. */
const NPY_HEADER_BYTES = 128;

function npyHeader(descr: string, shape: readonly number[]): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const header = Buffer.alloc(NPY_HEADER_BYTES, ' ');
  header.write('\x93NUMPY', 0, 'latin1');
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(NPY_HEADER_BYTES - 10, 8);
  header.write(dict, 10, 'latin1');
  header[NPY_HEADER_BYTES - 1] = 0x0a;
  return header;
}

function npyWriter(scores: FileHandle, labels: FileHandle | undefined, classes: number): ProbabilityWriter {
  let rows = 0;
  let offset = NPY_HEADER_BYTES;
  let labelOffset = NPY_HEADER_BYTES;
  return {
    async write(probabilities, rowLabels) {
      const bytes = new Uint8Array(probabilities.buffer, probabilities.byteOffset, probabilities.byteLength);
      await scores.write(bytes, 0, bytes.length, offset);
      offset += bytes.length;
      rows += probabilities.length / classes;
      if (labels !== undefined && rowLabels !== undefined) {
        const labelBytes = new Uint8Array(rowLabels.buffer, rowLabels.byteOffset, rowLabels.byteLength);
        await labels.write(labelBytes, 0, labelBytes.length, labelOffset);
        labelOffset += labelBytes.length;
      }
    },
    async finish() {
      await scores.write(npyHeader('<f4', [rows, classes]), 0, NPY_HEADER_BYTES, 0);
      if (labels !== undefined) await labels.write(npyHeader('<i4', [rows]), 0, NPY_HEADER_BYTES, 0);
    },
    async close() {
      await scores.close();
      await labels?.close();
    },
  };
}

/** Opens a {@link ProbabilityWriter} of `format` for `classes` probabilities per row (new files, or truncated). */
export async function openProbabilityWriter(
  format: OutputFormat,
  paths: ProbabilityWriterPaths,
  classes: number,
  withLabels: boolean,
): Promise<ProbabilityWriter> {
  const file = await open(paths.probabilities, 'w');
  if (format !== 'npy') return textWriter(file, format, classes, withLabels);
  if (!withLabels || paths.labels === undefined) return npyWriter(file, undefined, classes);
  const labels = await open(paths.labels, 'w').catch(async (error: unknown) => {
    await file.close();
    throw error;
  });
  return npyWriter(file, labels, classes);
}
