import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkNumber } from '../validation/check-number';
import { checkDimensions, checkFloat32, checkIndexLabels, checkOptionsObject, rejectNonFiniteRow } from './internal/check-kernel-input';
import { type KernelArena, ReservedArena, rememberView } from './internal/kernel-arena';
import { createOwnKernels } from './internal/kernel-instance';
import { runRowKernel } from './internal/run-kernel';

/** The data a temperature fit evaluates its objective on. */
export interface TemperatureNllData {
  /** Row-major float32 held-out logits `[rows, classes]`. */
  logits: Float32Array;
  rows: number;
  classes: number;
  /** True class index of each row. */
  labels: Int32Array;
}

/** NLL of softmax(z/T) summed over rows, and its derivatives with respect to s = log T. */
export interface TemperatureNllResult {
  /** Σ_n −log softmax(z_n/T)_{y_n}. */
  value: number;
  /** d value / d log T. */
  derivative: number;
  /** d² value / d(log T)². */
  secondDerivative: number;
}

/** Normalised data of {@link createTemperatureNll}. */
export type PreparedTemperatureNllData = TemperatureNllData;

/**
 * Validates the data of {@link createTemperatureNll} and {@link temperatureNll} (for the error messages, `functionName`
 * names the caller).
 *
 * @example
 * ```ts
 * import { prepareTemperatureNllData } from '@softlabels/core';
 *
 * const data = prepareTemperatureNllData({
 *   logits: new Float32Array([2, 0]), rows: 1, classes: 2, labels: new Int32Array([0]),
 * });
 * console.log(data.rows); // 1
 * ```
 */
export function prepareTemperatureNllData(options: unknown, functionName = 'createTemperatureNll'): PreparedTemperatureNllData {
  const raw = checkOptionsObject<TemperatureNllData>(options, functionName, '{ logits, rows, classes, labels }');
  const { rows, classes } = checkDimensions(raw.rows, raw.classes, functionName);
  const logits = checkFloat32(raw.logits, rows * classes, 'options.logits', functionName, 'rows·classes');
  const labels = checkIndexLabels(raw.labels, rows, classes, functionName);
  return { logits, rows, classes, labels };
}

/**
 * Loads held-out logits once into a private WASM memory and returns the temperature-scaling objective as a function of
 * log T: each call is one fused SIMD pass (per row: max, then one exp per element accumulating Σe, Σe·z, Σe·z²),
 * giving the summed NLL of softmax(z/T) with its first and second derivative in log T — what a Newton fit needs.
 * Parameterising by log T keeps T > 0. The data is copied, so later changes to `logits` are not seen; the memory is
 * freed when the returned function is garbage-collected.
 *
 * @example
 * ```ts
 * import { createTemperatureNll } from '@softlabels/core';
 *
 * const objective = createTemperatureNll({
 *   logits: new Float32Array([4, 0, 0, 0, 4, 0, 4, 0, 0]), rows: 3, classes: 3, labels: new Int32Array([0, 1, 1]),
 * });
 * let logT = 0;
 * for (let step = 0; step < 20; step += 1) {
 *   const { derivative, secondDerivative } = objective(logT);
 *   logT -= derivative / Math.max(secondDerivative, 1e-12);
 * }
 * console.log(Math.exp(logT).toFixed(3), objective(logT).value.toFixed(4)); // '2.885' '2.6027'
 * ```
 */
export function createTemperatureNll(data: TemperatureNllData): (logTemperature: number) => TemperatureNllResult {
  const { logits, rows, classes, labels } = prepareTemperatureNllData(data);
  const arena = new ReservedArena(createOwnKernels());
  const logitsAt = arena.allocate(logits.byteLength);
  const labelsAt = arena.allocate(labels.byteLength);
  arena.keep();
  // Grow once for the per-call scratch too, so that the views below stay attached.
  arena.allocate(64);
  arena.release();
  const resident = new Float32Array(arena.kernels.memory.buffer, logitsAt, logits.length);
  const residentLabels = new Int32Array(arena.kernels.memory.buffer, labelsAt, labels.length);
  resident.set(logits);
  residentLabels.set(labels);
  return evaluateTemperatureNll({ logits: resident, rows, classes, labels: residentLabels }, 'createTemperatureNll', arena);
}

/**
 * The objective over validated data, each call one kernel pass: in `arena` (where the data already lies) or, without
 * one, wherever runRowKernel places it (in place on tfjs's heap, worker threads for large data).
 * @internal
 */
export function evaluateTemperatureNll(
  data: PreparedTemperatureNllData,
  functionName: string,
  arena?: KernelArena,
): (logTemperature: number) => TemperatureNllResult {
  const { logits, rows, classes, labels } = data;
  const liveLogits = rememberView(logits);
  const sums = new Float64Array(3);
  let checked = false;
  return (logTemperature: number): TemperatureNllResult => {
    checkNumber(logTemperature, 'logTemperature', functionName, { min: -80, max: 80 });
    runRowKernel(
      'temperatureNll',
      rows,
      [
        { kind: 'rows-in', array: logits, width: classes },
        { kind: 'scalar', value: classes },
        { kind: 'rows-in', array: labels, width: 1 },
        { kind: 'scalar', value: Math.exp(-logTemperature) },
        { kind: 'sum-out', array: sums },
      ],
      arena === undefined ? {} : { arena },
    );
    const [value, derivative, secondDerivative] = sums as unknown as [number, number, number];
    if (!checked) {
      if (!Number.isFinite(value) || !Number.isFinite(derivative) || !Number.isFinite(secondDerivative)) {
        const values = liveLogits();
        const index = values.findIndex((entry) => !Number.isFinite(entry));
        if (index >= 0) rejectNonFiniteRow(values, Math.floor(index / classes), classes, 'options.logits', functionName);
        throw new InvalidArgumentError({
          functionName,
          parameter: 'logTemperature',
          value: logTemperature,
          expected: 'give a finite NLL',
          got: `${logTemperature} (NLL ${value})`,
        });
      }
      checked = true;
    }
    return { value, derivative, secondDerivative };
  };
}
