import { PredictionFileError } from './prediction-file-error';
import { type Predictions, predictionsFromMatrix } from './predictions';
import { readNpy } from './read-npy';
import { readPredictions } from './read-predictions';

/** A file the user gave: its name and bytes. */
export interface PredictionFile {
  name: string;
  bytes: Uint8Array;
}

const isNpy = (file: PredictionFile): boolean => file.name.toLowerCase().endsWith('.npy');

function fromNpy(files: PredictionFile[]): { predictions: Predictions; name: string } {
  const arrays = files.map((file) => ({ file, array: readNpy(file.bytes, file.name) }));
  if (arrays.length === 1) {
    const { file, array } = arrays[0] as (typeof arrays)[number];
    if (array.shape.length !== 2 || (array.shape[1] as number) < 3) {
      throw new PredictionFileError({
        fileName: file.name,
        problem:
          `has shape (${array.shape.join(', ')}); one .npy file must be [N, K + 1] (K ≥ 2 scores, then the label ` +
          'per row), or give the scores [N, K] and the labels [N] as two .npy files',
      });
    }
    const columns = array.shape[1] as number;
    const rows = array.shape[0] as number;
    const scores = new Float64Array(rows * (columns - 1));
    const labels = new Float64Array(rows);
    for (let row = 0; row < rows; row += 1) {
      scores.set(array.values.subarray(row * columns, (row + 1) * columns - 1), row * (columns - 1));
      labels[row] = array.values[(row + 1) * columns - 1] as number;
    }
    return { predictions: predictionsFromMatrix(scores, columns - 1, labels, file.name), name: file.name };
  }
  const scores = arrays.find(({ array }) => array.shape.length === 2);
  const labels = arrays.find(({ array }) => array.shape.length === 1);
  if (scores === undefined || labels === undefined) {
    const shapes = arrays.map(({ file, array }) => `${file.name} (${array.shape.join(', ')})`).join(' and ');
    throw new PredictionFileError({
      fileName: arrays.map(({ file }) => file.name).join(' + '),
      problem: `must be a [N, K] scores array and a [N] labels array, got ${shapes}`,
    });
  }
  const name = `${scores.file.name} + ${labels.file.name}`;
  const classes = scores.array.shape[1] as number;
  const rows = scores.array.shape[0] as number;
  if (labels.array.values.length !== rows) {
    throw new PredictionFileError({
      fileName: labels.file.name,
      problem: `must hold one label per row of ${scores.file.name} (${rows} rows, ${labels.array.values.length} labels)`,
    });
  }
  return { predictions: predictionsFromMatrix(scores.array.values, classes, labels.array.values, name), name };
}

/**
 * Reads the files given to "Bring your own predictions": one CSV or JSON file (see {@link readPredictions}), one
 * `.npy` file of shape `[N, K + 1]` (per row K scores, then the label), or two `.npy` files, the `[N, K]` scores and
 * the `[N]` labels (in either order). Scores in [0, 1] whose rows sum to 1 are probabilities, others logits.
 * Returns the predictions and the name to show for them.
 *
 * @throws {PredictionFileError} naming the file and what is wrong with it.
 *
 * @example
 * ```ts
 * import { readPredictionFiles } from './read-prediction-files';
 * const bytes = new TextEncoder().encode('2,-1,0\n0,1,1\n');
 * console.log(readPredictionFiles([{ name: 'logits.csv', bytes }]).predictions.kind); // 'logits'
 * ```
 */
export function readPredictionFiles(files: PredictionFile[]): { predictions: Predictions; name: string } {
  const npy = files.filter(isNpy);
  if (files.length === 0) {
    throw new PredictionFileError({ fileName: 'the upload', problem: 'holds no file' });
  }
  if (npy.length === files.length && files.length <= 2) return fromNpy(files);
  if (files.length === 1) {
    const file = files[0] as PredictionFile;
    return { predictions: readPredictions(new TextDecoder().decode(file.bytes), file.name), name: file.name };
  }
  throw new PredictionFileError({
    fileName: files.map((file) => file.name).join(' + '),
    problem: 'must be one CSV, JSON or .npy file, or two .npy files (the scores and the labels)',
  });
}
