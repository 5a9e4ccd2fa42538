import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkNumber } from '../validation/check-number';
import {
  checkDimensions,
  checkFloat32,
  checkIndexLabels,
  checkOptionsObject,
  rejectNonFiniteRow,
} from './internal/check-kernel-input';
import { rememberView } from './internal/kernel-arena';
import { type KernelArgument, runRowKernel } from './internal/run-kernel';

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
 * import { prepareCalibrationStatisticsOptions } from '@softlabels/core/kernels';
 *
 * const prepared = prepareCalibrationStatisticsOptions({
 *   logits: new Float32Array([1, 2]), rows: 1, classes: 2, labels: new Int32Array([1]),
 * });
 * console.log(prepared.bins, prepared.input.kind); // 15 'logits'
 * ```
 */
export function prepareCalibrationStatisticsOptions(options: unknown): PreparedCalibrationStatisticsOptions {
  const raw = checkOptionsObject<CalibrationStatisticsOptions>(
    options,
    NAME,
    '{ logits, rows, classes, labels, bins }',
    ['logits', 'probabilities', 'rows', 'classes', 'labels', 'bins'],
  );
  const { rows, classes } = checkDimensions(raw.rows, raw.classes, NAME);
  if ((raw.logits === undefined) === (raw.probabilities === undefined)) {
    throw new InvalidArgumentError({
      functionName: NAME,
      parameter: raw.logits === undefined ? 'options.logits' : 'options.probabilities',
      value: raw.logits === undefined ? raw.logits : raw.probabilities,
      expected:
        raw.logits === undefined
          ? 'be given when options.probabilities is not (one of them)'
          : 'not be given with options.logits (one of them)',
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
 * (as every backend computes softmax); bin sums are float64. Throws an InvalidArgumentError naming the row and column
 * of a NaN or ±∞ logit (found by the kernel itself, so valid input pays no host scan) and of NaN probabilities. Runs in
 * place when `logits` is a view of tfjs's WASM heap, and over worker threads for large input (`setKernelThreads`).
 *
 * @example
 * ```ts
 * import { calibrationStatistics } from '@softlabels/core/kernels';
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
  const values = input.values;
  const liveValues = rememberView(values);
  const confidence = new Float32Array(rows);
  const predicted = new Int32Array(rows);
  const logSumExp = input.kind === 'logits' ? new Float32Array(rows) : undefined;
  const nll = new Float32Array(rows);
  const binCounts = new Float64Array(bins);
  const binConfidenceSums = new Float64Array(bins);
  const binCorrectCounts = new Float64Array(bins);
  const head: KernelArgument[] = [
    { kind: 'rows-in', array: values, width: classes },
    { kind: 'scalar', value: classes },
    { kind: 'rows-in', array: labels, width: 1 },
    { kind: 'scalar', value: bins },
    { kind: 'rows-out', array: confidence, width: 1 },
    { kind: 'rows-out', array: predicted, width: 1 },
  ];
  const tail: KernelArgument[] = [
    { kind: 'rows-out', array: nll, width: 1 },
    { kind: 'sum-out', array: binCounts },
    { kind: 'sum-out', array: binConfidenceSums },
    { kind: 'sum-out', array: binCorrectCounts },
  ];
  // Both kernels return each block's first row holding a NaN (or, from logits, ±∞), −1 where there is none.
  const blocks =
    logSumExp !== undefined
      ? runRowKernel('calibrationLogits', rows, [...head, { kind: 'rows-out', array: logSumExp, width: 1 }, ...tail], {
          functionName: NAME,
        })
      : runRowKernel('calibrationProbabilities', rows, [...head, ...tail], { functionName: NAME });
  const bad = blocks.find((block) => block.value >= 0);
  if (bad !== undefined) {
    const row = bad.start + bad.value;
    rejectNonFiniteRow(liveValues(), row, classes, `options.${input.kind}`, NAME);
    throw new InvalidArgumentError({
      functionName: NAME,
      parameter: `options.${input.kind}`,
      value: row,
      expected: 'contain only finite values',
      got: `a non-finite value in row ${row}`,
    });
  }
  if (logSumExp === undefined) {
    for (let row = 0; row < rows; row += 1) {
      const value = confidence[row] as number;
      if (!(value >= 0 && value <= 1)) {
        rejectNonFiniteRow(liveValues(), row, classes, 'options.probabilities', NAME);
        throw new InvalidArgumentError({
          functionName: NAME,
          parameter: 'options.probabilities',
          value,
          expected: 'give a top-label confidence in [0, 1]',
          got: `${value} at row ${row}`,
        });
      }
    }
  }
  return { confidence, predicted, logSumExp, nll, binCounts, binConfidenceSums, binCorrectCounts };
}
