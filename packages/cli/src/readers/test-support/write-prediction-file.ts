import { writeFile } from 'node:fs/promises';

import { Float64, Int32, makeVector, Table, tableToIPC } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';

import type { PredictionFormat } from '../prediction-chunk';

/** Predictions to write: `scores` row-major, `rows × classes`. */
export interface PredictionData {
  rows: number;
  classes: number;
  scores: Float64Array;
  labels: Int32Array;
}

function column(data: PredictionData, index: number): Float64Array {
  return Float64Array.from({ length: data.rows }, (_, row) => data.scores[row * data.classes + index] as number);
}

function npy(descr: string, shape: number[], bytes: Uint8Array): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header = header.padEnd(header.length + ((64 - (total % 64)) % 64), ' ') + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([
    prefix,
    Buffer.from(header, 'latin1'),
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  ]);
}

/**
 * Writes `data` as a prediction file of `format` with the format's own library (columns `logit_0…`, `label`); `.npy`
 * writes `path` (scores) and `path` with `.labels.npy` (labels). `chunkRows` sets Parquet row groups and Arrow
 * batches.
 */
export async function writePredictionFile(
  path: string,
  format: PredictionFormat,
  data: PredictionData,
  chunkRows: number,
): Promise<void> {
  const names = Array.from({ length: data.classes }, (_, index) => `logit_${index}`);
  if (format === 'parquet') {
    const buffer = parquetWriteBuffer({
      columnData: [
        ...names.map((name, index) => ({ name, data: column(data, index), type: 'DOUBLE' as const })),
        { name: 'label', data: data.labels, type: 'INT32' as const },
      ],
      rowGroupSize: chunkRows,
    });
    await writeFile(path, new Uint8Array(buffer));
  } else if (format === 'arrow') {
    const batches: Table[] = [];
    for (let start = 0; start < data.rows; start += chunkRows) {
      const end = Math.min(data.rows, start + chunkRows);
      const columns: Record<string, ReturnType<typeof makeVector>> = {};
      names.forEach((name, index) => {
        columns[name] = makeVector({ type: new Float64(), data: column(data, index).slice(start, end) });
      });
      columns.label = makeVector({ type: new Int32(), data: data.labels.slice(start, end) });
      batches.push(new Table(columns));
    }
    const [first, ...rest] = batches;
    await writeFile(path, tableToIPC((first as Table).concat(...rest), 'file'));
  } else if (format === 'csv') {
    const lines = [[...names, 'label'].join(',')];
    for (let row = 0; row < data.rows; row += 1) {
      const scores = Array.from(data.scores.subarray(row * data.classes, (row + 1) * data.classes), String);
      lines.push([...scores, String(data.labels[row])].join(','));
    }
    await writeFile(path, `${lines.join('\n')}\n`);
  } else if (format === 'jsonl') {
    const lines: string[] = [];
    for (let row = 0; row < data.rows; row += 1) {
      const logits = Array.from(data.scores.subarray(row * data.classes, (row + 1) * data.classes));
      lines.push(JSON.stringify({ logits, label: data.labels[row] }));
    }
    await writeFile(path, `${lines.join('\n')}\n`);
  } else {
    await writeFile(path, npy('<f8', [data.rows, data.classes], new Uint8Array(data.scores.buffer)));
    await writeFile(path.replace(/\.npy$/, '.labels.npy'), npy('<i4', [data.rows], new Uint8Array(data.labels.buffer)));
  }
}

/** The score spec and label spec that select what {@link writePredictionFile} wrote. */
export function specsFor(format: PredictionFormat): { scores: string; labels: string } {
  if (format === 'jsonl') return { scores: 'logits', labels: 'label' };
  if (format === 'npy') return { scores: '*', labels: '{stem}.labels.npy' };
  return { scores: 'logit_*', labels: 'label' };
}
