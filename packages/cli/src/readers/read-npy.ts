import { open, type FileHandle } from 'node:fs/promises';

import { InputFileError } from '../errors/input-file-error';
import { resolveScoreColumns } from './column-spec';
import { readNpyHeader, readNpyRange, type NpyHeader } from './npy-header';
import { chunkRowsFor, type RawChunk, type SourceRequest } from './raw-chunk';

/**
 * The labels file of a `.npy` scores file: `--labels` is a path, in which `{stem}` stands for the scores file's path
 * without `.npy` (`--labels '{stem}.labels.npy'` reads `shard-3.labels.npy` beside `shard-3.npy`).
 */
export function npyLabelsPath(spec: string, scoresFile: string): string {
  return spec.replaceAll('{stem}', scoresFile.replace(/\.npy$/i, ''));
}

async function openFile(file: string): Promise<FileHandle> {
  try {
    return await open(file);
  } catch (cause) {
    throw new InputFileError({
      file,
      functionName: 'readNpy',
      problem: `cannot be read (${(cause as Error).message})`,
      cause,
    });
  }
}

/**
 * Reads a NumPy `.npy` file of scores, shape `[N, K]` (float32/float64, or integers), `chunkRows` rows (at most
 * `CHUNK_VALUES` scores) at a time without loading it whole; labels come from a second `.npy` file of shape `[N]` named
 * by `--labels` (see {@link npyLabelsPath}). The columns of the matrix are named `0` … `K−1`, so the score spec is
 * `'*'` for all of them or a list of indices (`'0,1,2'`).
 */
export async function* readNpy(file: string, request: SourceRequest): AsyncGenerator<RawChunk> {
  const handle = await openFile(file);
  let labelHandle: FileHandle | undefined;
  try {
    const header = await readNpyHeader(handle, file);
    if (header.shape.length !== 2) {
      throw new InputFileError({
        file,
        functionName: 'readNpy',
        problem: `holds an array of shape (${header.shape.join(', ')}); scores need shape (rows, classes)`,
      });
    }
    const [rows, classes] = header.shape as [number, number];
    const columns = Array.from({ length: classes }, (_, index) => ({ name: String(index), list: false }));
    const scores = resolveScoreColumns(request.scores, columns, file, request.scoresFlag);
    const selected = scores.kind === 'columns' ? scores.names.map(Number) : [];
    const identity = selected.length === classes && selected.every((column, index) => column === index);
    let labels: { file: string; header: NpyHeader } | undefined;
    if (request.labels !== undefined) {
      const labelFile = npyLabelsPath(request.labels, file);
      labelHandle = await openFile(labelFile);
      const labelHeader = await readNpyHeader(labelHandle, labelFile);
      if (labelHeader.shape.length !== 1 || labelHeader.shape[0] !== rows) {
        throw new InputFileError({
          file: labelFile,
          functionName: 'readNpy',
          problem: `holds labels of shape (${labelHeader.shape.join(', ')}); ${file} has ${rows} rows`,
        });
      }
      labels = { file: labelFile, header: labelHeader };
    }
    const chunkRows = chunkRowsFor(request.chunkRows, classes);
    for (let firstRow = 0; firstRow < rows; firstRow += chunkRows) {
      const count = Math.min(chunkRows, rows - firstRow);
      const values = (await readNpyRange(handle, header, firstRow * classes, count * classes)) as ArrayLike<number>;
      const matrix = identity ? values : pickColumns(values, count, classes, selected);
      yield {
        firstRow,
        rows: count,
        scores: { kind: 'matrix', name: file, values: matrix, classes: selected.length },
        ...(labels === undefined || labelHandle === undefined
          ? {}
          : {
              labels: {
                name: labels.file,
                values: await readNpyRange(labelHandle, labels.header, firstRow, count),
              },
            }),
      };
    }
  } finally {
    await handle.close();
    await labelHandle?.close();
  }
}

function pickColumns(values: ArrayLike<number>, rows: number, classes: number, selected: number[]): Float64Array {
  const out = new Float64Array(rows * selected.length);
  for (let row = 0; row < rows; row += 1) {
    selected.forEach((column, index) => {
      out[row * selected.length + index] = values[row * classes + column] as number;
    });
  }
  return out;
}
