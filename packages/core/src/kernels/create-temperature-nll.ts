import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkNumber } from '../validation/check-number';
import {
  checkDimensions,
  checkFloat32,
  checkIndexLabels,
  checkOptionsObject,
  rejectNonFiniteRow,
} from './internal/check-kernel-input';
import { type KernelArena, ReservedArena, rememberView } from './internal/kernel-arena';
import { pinArrays, unpinWhenCollected } from './internal/resident-data';
import { createOwnKernels } from './internal/kernel-instance';
import { kernelPool } from './internal/kernel-threads';
import { runRowKernel, THREAD_THRESHOLD } from './internal/run-kernel';

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
 * import { prepareTemperatureNllData } from '@softlabels/core/kernels';
 *
 * const data = prepareTemperatureNllData({
 *   logits: new Float32Array([2, 0]), rows: 1, classes: 2, labels: new Int32Array([0]),
 * });
 * console.log(data.rows); // 1
 * ```
 */
export function prepareTemperatureNllData(
  options: unknown,
  functionName = 'createTemperatureNll',
): PreparedTemperatureNllData {
  const keys = [
    'logits',
    'rows',
    'classes',
    'labels',
    ...(functionName === 'temperatureNll' ? ['logTemperature'] : []),
  ];
  const raw = checkOptionsObject<TemperatureNllData>(options, functionName, '{ logits, rows, classes, labels }', keys);
  const { rows, classes } = checkDimensions(raw.rows, raw.classes, functionName);
  const logits = checkFloat32(raw.logits, rows * classes, 'options.logits', functionName, 'rows·classes');
  const labels = checkIndexLabels(raw.labels, rows, classes, functionName);
  return { logits, rows, classes, labels };
}

/**
 * Loads held-out logits once into WASM memory and returns the temperature-scaling objective as a function of log T:
 * each call is one fused SIMD pass (per row: max, then one exp per element accumulating Σe, Σe·z, Σe·z²), giving the
 * summed NLL of softmax(z/T) with its first and second derivative in log T — what a Newton fit needs. Parameterising
 * by log T keeps T > 0. The data is copied, so later changes to `logits` are not seen. Large data (≥ 2¹⁸ logits) goes
 * into the kernels' worker-thread memory when threads are on (see `setKernelThreads`), and each pass is split over the
 * threads without further copies; smaller data into a memory of its own. Either is freed when the returned function
 * is garbage-collected.
 *
 * @example
 * ```ts
 * import { createTemperatureNll } from '@softlabels/core/kernels';
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
  const prepared = prepareTemperatureNllData(data);
  const { logits, labels } = prepared;
  // In the worker threads' shared memory when there are threads (each pass then splits over them, without copies),
  // else in a memory of the objective's own.
  const pool = logits.length >= THREAD_THRESHOLD ? kernelPool() : undefined;
  const arena = pool?.arena ?? new ReservedArena(createOwnKernels());
  const [logitsAt, labelsAt] = pinArrays(arena, [logits, labels], {
    functionName: 'createTemperatureNll',
    kernel: 'temperatureNll',
    shape: [prepared.rows, prepared.classes],
  }) as [number, number];
  const objective = evaluateTemperatureNll(prepared, 'createTemperatureNll', { arena, logitsAt, labelsAt });
  if (pool !== undefined) unpinWhenCollected(objective, arena, [logitsAt, labelsAt]);
  return objective;
}

/**
 * The objective over validated data, each call one kernel pass: over the copy `resident` describes (addresses in its
 * arena) or, without one, wherever runRowKernel places `data` (in place on tfjs's heap, worker threads for large
 * data). `data` also names bad values in errors.
 * @internal
 */
export function evaluateTemperatureNll(
  data: PreparedTemperatureNllData,
  functionName: string,
  resident?: { arena: KernelArena; logitsAt: number; labelsAt: number },
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
        { kind: 'rows-in', array: logits, width: classes, ...(resident ? { address: resident.logitsAt } : {}) },
        { kind: 'scalar', value: classes },
        { kind: 'rows-in', array: labels, width: 1, ...(resident ? { address: resident.labelsAt } : {}) },
        { kind: 'scalar', value: Math.exp(-logTemperature) },
        { kind: 'sum-out', array: sums },
      ],
      resident === undefined ? { functionName } : { functionName, arena: resident.arena },
    );
    const [value, derivative, secondDerivative] = sums as unknown as [number, number, number];
    if (!checked) {
      if (!Number.isFinite(value) || !Number.isFinite(derivative) || !Number.isFinite(secondDerivative)) {
        const values = liveLogits();
        const index = values.findIndex((entry) => !Number.isFinite(entry));
        if (index >= 0)
          rejectNonFiniteRow(values, Math.floor(index / classes), classes, 'options.logits', functionName);
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
