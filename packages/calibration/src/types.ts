import type { TensorInput } from '@softlabels/core';

/**
 * A tensor of another JS runtime, read by duck typing with its memory used in place: onnxruntime's `ort.Tensor`
 * (onnxruntime-node, onnxruntime-web) and transformers.js's `Tensor` both fit. `data` is a typed array (or a number
 * array) of `dims.reduce((a, b) => a * b)` values; `type`, when present, must be a numeric element type (`'float16'`
 * is refused: cast to float32 first), and `int64`/`uint64` data (a `BigInt64Array`) is taken for labels. A tensor
 * whose `location` is not the CPU is refused: read it with `await tensor.getData()` first.
 */
export interface RuntimeTensor {
  /** The values; typed as widely as the runtimes type them (string tensors are refused when read). */
  readonly data: ArrayLike<number | bigint | string>;
  readonly dims: readonly number[];
  readonly type?: string;
}

/** Scores a calibration function reads: a tfjs tensor, a (nested) number array, a typed array or a {@link RuntimeTensor}. */
export type ScoresInput = TensorInput | RuntimeTensor;

/**
 * What a calibration metric reads: either raw scores (`logits`) or `probabilities` (rows that sum to 1), each as any
 * {@link ScoresInput}. Never guessed from the value range (logits that look like probabilities raise the
 * `probabilities-as-logits` warning of `@softlabels/core`). Shape `[..., K]`; a flat typed array or flat number array
 * is read as `N` rows of `K = length / N` values, `N` being the number of labels. Flat input of exactly `N` values is
 * the binary form of scikit-learn: `probabilities` are then p(class 1) for each row, read as the rows `[1 − p, p]`, and
 * `logits` the score of class 1 (a logistic model's decision function), read as the rows `[0, s]`; labels are 0 and 1.
 * The arithmetic is chosen by the `precision` option ({@link CalibrationPrecision}), never by the container type.
 */
export type CalibrationInput =
  { logits: ScoresInput; probabilities?: undefined } | { probabilities: ScoresInput; logits?: undefined };

/**
 * Integer class indices, one per row: a tensor, a (nested) number array, a typed array or a {@link RuntimeTensor},
 * `BigInt64Array` and `BigUint64Array` included (onnxruntime's int64 outputs; their values must be safe integers).
 * Rows whose label is the `ignoreIndex` option are left out.
 */
export type LabelsInput = TensorInput | BigInt64Array | BigUint64Array | RuntimeTensor;

/** How per-bin gaps are combined: `l1` = ECE (weighted mean), `l2` = RMS calibration error, `max` = MCE. */
export type CalibrationNorm = 'l1' | 'l2' | 'max';

/**
 * `uniform`: equal-width bins `((m−1)/M, m/M]`, 0 in the first bin. `quantile`: equal-mass bins whose edges are the
 * largest value of each of M equal rank chunks; tied values always share a bin (so a bin may stay empty).
 */
export type CalibrationBinning = 'uniform' | 'quantile';

/**
 * The arithmetic of a calibration function (option `precision`, default `'float64'`).
 *
 * - `'float64'`: exact host accumulation. Every input (number arrays, typed arrays, tensors of any backend; float32
 *   tensors are read in place, value by value) goes through one float64 pass: softmax, confidences, NLL and every
 *   sum in float64, so results depend only on the values, match float64 references (NumPy, scikit-learn) to ~1e-12
 *   and are the same on every backend and for every container. The slower path.
 * - `'float32'`: the fused WASM SIMD kernels of `@softlabels/core/kernels` where the backend has them (`wasm`, `cpu`):
 *   one pass per call (per row max, argmax, Σexp, confidence, NLL; uniform-bin sums inside the kernel; softmax is
 *   never materialised), and for `fitTemperature` one pass per Newton probe over a copy made once. Scores are taken
 *   as float32 (number arrays are rounded to float32 first), confidences and per-row NLL are float32, bin sums
 *   float64: results agree with `'float64'` within float32 rounding (~1e-6 relative; a confidence within that of a
 *   bin edge may land in the neighbouring bin). Where the kernel cannot serve a call (another backend such as CUDA,
 *   probabilities a hair above 1 in float32, Brier and per-class sums, which the kernel does not give) the float64
 *   pass runs, which meets the float32 bound as well.
 *
 * The default is `'float64'`: a calibration metric is a measurement that gets compared across models, papers and
 * libraries, so the default gives the same digits for the same values whatever container or backend they come in;
 * `'float32'` is the opt-in for large evaluation sets, where it is several times faster.
 */
export type CalibrationPrecision = 'float32' | 'float64';
