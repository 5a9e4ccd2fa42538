import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkNumber } from '../validation/check-number';
import { checkDimensions, checkFloat32, checkIndexLabels, checkOptionsObject, rejectNonFiniteRow } from './internal/check-kernel-input';
import { sharedKernels } from './internal/kernel-instance';
import { f32View, f64View, i32View, KernelLayout } from './internal/kernel-layout';

const NAME = 'calibrationStatistics';

/** Options of {@link calibrationStatistics}. Give exactly one of `logits` and `probabilities`. */
export interface CalibrationStatisticsOptions {
  /** Row-major float32 logits `[rows, classes]` (softmax is never materialised). */
  logits?: Float32Array;
  /** Row-major float32 probabilities `[rows, classes]` (rows are not checked to sum to 1). */
  probabilities?: Float32Array;
  rows: number;
  classes: number;
  /** True class index of each row. */
  labels: Int32Array;
  /** Number M of uniform bins ((m−1)/M, m/M] (default 15, the paper's). */
  bins?: number;
}

/** What {@link calibrationStatistics} returns: per-row values and per-bin sufficient statistics. */
export interface CalibrationStatisticsResult {
  /** Top-label confidence max_k p_k per row (float32: 1/Σexp(z − max) from logits). */
  confidence: Float32Array;
  /** Predicted class (argmax; ties go to the lowest index) per row. */
  predicted: Int32Array;
  /** log Σ_k exp(z_k) per row (logits only). */
  logSumExp: Float32Array | undefined;
  /** −log p_y per row (Infinity where a given probability p_y is 0). */
  nll: Float32Array;
  /** Rows per bin. */
  binCounts: Float64Array;
  /** Σ confidence per bin (float64 sums of the float32 confidences). */
  binConfidenceSums: Float64Array;
  /** Correct predictions per bin. */
  binCorrectCounts: Float64Array;
}

/** Normalised options of {@link calibrationStatistics}. */
export interface PreparedCalibrationStatisticsOptions {
  input: { kind: 'logits' | 'probabilities'; values: Float32Array };
  rows: number;
  classes: number;
  labels: Int32Array;
  bins: number;
}

/**
 * Validates and normalises the options of {@link calibrationStatistics}.
 *
 * @example
 * ```ts
 * import { prepareCalibrationStatisticsOptions } from '@softlabels/core';
 *
 * const prepared = prepareCalibrationStatisticsOptions({
 *   logits: new Float32Array([1, 2]), rows: 1, classes: 2, labels: new Int32Array([1]),
 * });
 * console.log(prepared.bins, prepared.input.kind); // 15 'logits'
 * ```
 */
export function prepareCalibrationStatisticsOptions(options: unknown): PreparedCalibrationStatisticsOptions {
  const raw = checkOptionsObject<CalibrationStatisticsOptions>(options, NAME, '{ logits, rows, classes, labels, bins }');
  const { rows, classes } = checkDimensions(raw.rows, raw.classes, NAME);
  if ((raw.logits === undefined) === (raw.probabilities === undefined)) {
    throw new InvalidArgumentError({
      functionName: NAME,
      parameter: 'options.logits',
      value: raw.logits,
      expected: 'be given exactly when options.probabilities is not (one of them)',
    });
  }
  const kind = raw.logits === undefined ? 'probabilities' : 'logits';
  const values = checkFloat32(raw.logits ?? raw.probabilities, rows * classes, `options.${kind}`, NAME, 'rows·classes');
  const labels = checkIndexLabels(raw.labels, rows, classes, NAME);
  const bins = checkNumber(raw.bins ?? 15, 'options.bins', NAME, { min: 1, max: 1e6, integer: true });
  return { input: { kind, values }, rows, classes, labels, bins };
}

/**
 * One fused WASM SIMD pass over logits (or probabilities) for the calibration metrics: per row the confidence,
 * argmax, log-sum-exp and NLL; per uniform right-closed Guo bin ((m−1)/M, m/M] the count, confidence sum and correct
 * count. Bins compare the float32 confidence against edges m/M computed in float64 (not floor(c·M), which misplaces
 * values next to an edge); a confidence of exactly 1 falls in the last bin, 0 in the first. Confidences are float32
 * (as every backend computes softmax); bin sums are float64. Throws for non-finite logits or probabilities.
 *
 * @example
 * ```ts
 * import { calibrationStatistics } from '@softlabels/core';
 *
 * const stats = calibrationStatistics({
 *   logits: new Float32Array([3, 0, 0, 0, 2, 0]), rows: 2, classes: 3, labels: new Int32Array([0, 0]), bins: 10,
 * });
 * let ece = 0;
 * for (let m = 0; m < 10; m += 1) ece += Math.abs(stats.binCorrectCounts[m] - stats.binConfidenceSums[m]) / 2;
 * console.log(stats.predicted, ece.toFixed(4)); // Int32Array [0, 1] '0.4388'
 * ```
 */
export function calibrationStatistics(options: CalibrationStatisticsOptions): CalibrationStatisticsResult {
  const { input, rows, classes, labels, bins } = prepareCalibrationStatisticsOptions(options);
  const kernels = sharedKernels();
  const layout = new KernelLayout();
  const valuesSlot = layout.slot('f32', rows * classes);
  const labelsSlot = layout.slot('i32', rows);
  const confidenceSlot = layout.slot('f32', rows);
  const predictedSlot = layout.slot('i32', rows);
  const logSumExpSlot = layout.slot('f32', input.kind === 'logits' ? rows : 0);
  const nllSlot = layout.slot('f32', rows);
  const countsSlot = layout.slot('f64', bins);
  const sumsSlot = layout.slot('f64', bins);
  const hitsSlot = layout.slot('f64', bins);
  layout.commit(kernels);
  f32View(kernels, valuesSlot).set(input.values);
  i32View(kernels, labelsSlot).set(labels);
  for (const slot of [countsSlot, sumsSlot, hitsSlot]) f64View(kernels, slot).fill(0);
  const pointers = [confidenceSlot.pointer, predictedSlot.pointer] as const;
  if (input.kind === 'logits') {
    kernels.calibrationLogits(valuesSlot.pointer, rows, classes, labelsSlot.pointer, bins, ...pointers,
      logSumExpSlot.pointer, nllSlot.pointer, countsSlot.pointer, sumsSlot.pointer, hitsSlot.pointer);
  } else {
    kernels.calibrationProbabilities(valuesSlot.pointer, rows, classes, labelsSlot.pointer, bins, ...pointers,
      nllSlot.pointer, countsSlot.pointer, sumsSlot.pointer, hitsSlot.pointer);
  }
  const confidence = f32View(kernels, confidenceSlot).slice();
  for (let row = 0; row < rows; row += 1) {
    const value = confidence[row] as number;
    if (!(value >= 0 && value <= 1)) {
      rejectNonFiniteRow(input.values, row, classes, `options.${input.kind}`, NAME);
      throw new InvalidArgumentError({
        functionName: NAME,
        parameter: `options.${input.kind}`,
        value,
        expected: 'give a top-label confidence in [0, 1]',
        got: `${value} at row ${row}`,
      });
    }
  }
  return {
    confidence,
    predicted: i32View(kernels, predictedSlot).slice(),
    logSumExp: input.kind === 'logits' ? f32View(kernels, logSumExpSlot).slice() : undefined,
    nll: f32View(kernels, nllSlot).slice(),
    binCounts: f64View(kernels, countsSlot).slice(),
    binConfidenceSums: f64View(kernels, sumsSlot).slice(),
    binCorrectCounts: f64View(kernels, hitsSlot).slice(),
  };
}
