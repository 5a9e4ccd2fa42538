import type { PredictionChunk } from '../readers/prediction-chunk';

/**
 * The rows of streamed {@link PredictionChunk}s gathered in memory (`rows × classes` float64 scores and the labels),
 * for what cannot stream: fitting a calibrator needs every row at once.
 */
export class PredictionRows {
  private readonly scoreChunks: Float64Array[] = [];
  private readonly labelChunks: Int32Array[] = [];
  private rowCount = 0;
  private classCount = 0;

  /** Keeps a chunk's scores and labels (the chunk's arrays are kept as they are, not copied). */
  add(chunk: PredictionChunk): void {
    this.scoreChunks.push(chunk.scores);
    this.labelChunks.push(chunk.labels);
    this.rowCount += chunk.rows;
    this.classCount = chunk.classes;
  }

  /**
   * Hands over the rows gathered so far as one `[rows, classes]` score matrix and its labels, and empties the
   * collection (each chunk is let go once copied, so memory peaks near one copy of the rows, not two).
   */
  take(): { scores: { data: Float64Array; dims: [number, number] }; labels: Int32Array } {
    const data = new Float64Array(this.rowCount * this.classCount);
    const labels = new Int32Array(this.rowCount);
    const dims: [number, number] = [this.rowCount, this.classCount];
    let row = 0;
    for (let chunk = this.scoreChunks.shift(); chunk !== undefined; chunk = this.scoreChunks.shift()) {
      data.set(chunk, row * this.classCount);
      labels.set(this.labelChunks.shift() as Int32Array, row);
      row += chunk.length / this.classCount;
    }
    this.rowCount = 0;
    return { scores: { data, dims }, labels };
  }
}
