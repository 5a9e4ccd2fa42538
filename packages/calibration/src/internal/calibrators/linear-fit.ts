/**
 * What vector scaling, matrix scaling and Dirichlet calibration share: their optimiser defaults, the ODIR option, and
 * the fit of a linear map from the identity by `minimizeLbfgs` (matrix maps in whitened coordinates, their line
 * searches on scores kept along each line), finished by Newton steps for few parameters.
 */
import { checkNumber, InvalidArgumentError, readOptions } from '@softlabels/core';

import type { FitIteration } from '../../fit-calibrator-options';
import { ensureFinite, type HostRows, type LabelledRows } from '../read-input';
import { minimizeLbfgs } from './lbfgs';
import {
  identityParameters,
  linearSoftmaxHessian,
  linearSoftmaxLine,
  linearSoftmaxObjective,
  parameterCount,
  searchesOnScores,
  type LinearMap,
} from './linear-softmax-objective';
import type { CommonSettings } from './method-definition';
import { polishNewton } from './newton-polish';
import { whitenedCoordinates } from './whitened-coordinates';

/**
 * The default `tolerance`: the largest entry of the gradient of the mean objective (mean NLL plus ODIR). The fits
 * reach 1e-8 in float64 on every reference case, separable and rank-deficient rows included (there the gradient
 * decays as the probabilities saturate); the calibrated probabilities then agree with a reference optimum's (gradient
 * below 1e-10) within 1e-6.
 */
export const LINEAR_FIT_TOLERANCE = 1e-8;

/**
 * The default `maxIterations` (L-BFGS and Newton iterations together): enough for the fit to stop on the tolerance,
 * which it meets in tens to a few hundred iterations; the cap only ends fits that cannot get there
 * (`converged: false`).
 */
export const LINEAR_FIT_MAX_ITERATIONS = 2000;

/** The rows x of a map on logits: a float64 copy of the values (read once). */
export function logitRows(rows: HostRows): Float64Array {
  return Float64Array.from(rows.values as ArrayLike<number>);
}

/**
 * Fits of at most this many parameters (matrix maps up to K = 23, vector maps up to K = 300) go on from L-BFGS to
 * Newton steps (`newton-polish.ts`) after {@link NEWTON_AFTER} L-BFGS iterations. A Newton step costs a pass over the
 * rows of N·K²·(K + 1)² (matrix) or N·4K² (vector) operations for the Hessian, and a Cholesky factorisation of at
 * most 600 × 600.
 */
export const NEWTON_PARAMETERS = 600;

/** The L-BFGS iterations of a small fit before Newton steps take over (most fits converge well within them). */
export const NEWTON_AFTER = 300;

/** ODIR's weights, read from `options.regularization`. */
export interface Regularization {
  offDiagonal: number;
  intercept: number;
}

/**
 * Reads `options.regularization` of `fitCalibrator`: undefined, or an object with at most `offDiagonal` and
 * `intercept`, each a finite number ≥ 0 (default 0).
 */
export function readRegularization(options: Record<string, unknown>): Regularization {
  const parameter = 'options.regularization';
  const record = readOptions(options.regularization, ['offDiagonal', 'intercept'], 'fitCalibrator', parameter);
  return {
    offDiagonal: checkNumber(record.offDiagonal ?? 0, `${parameter}.offDiagonal`, 'fitCalibrator', { min: 0 }),
    intercept: checkNumber(record.intercept ?? 0, `${parameter}.intercept`, 'fitCalibrator', { min: 0 }),
  };
}

/** Reports one iteration of a map fit (`options.onIteration`, validated by {@link readOnIteration}). */
export type IterationReporter = (iteration: number, objective: number, gradient: number) => void;

/** Reads `options.onIteration` of `fitCalibrator`: undefined or a function, called as {@link FitIteration} says. */
export function readOnIteration(options: Record<string, unknown>): IterationReporter | undefined {
  const callback = options.onIteration;
  if (callback === undefined) return undefined;
  if (typeof callback !== 'function') {
    throw new InvalidArgumentError({
      functionName: 'fitCalibrator',
      parameter: 'options.onIteration',
      value: callback,
      expected: 'be a function of { iteration, objective, gradient }',
    });
  }
  const report = callback as (progress: FitIteration) => void;
  return (iteration, objective, gradient) => report({ iteration, objective, gradient });
}

/** A fitted map's parameters (laid out as `linear-softmax-objective.ts` says), and how the optimiser ended. */
export interface LinearMapFit {
  theta: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Fits `map` to the rows x that `inputsOf` makes of `rows` (row-major float64: logits or log-probabilities) and their
 * labels, from the identity map, until the gradient's largest entry is at most the tolerance.
 */
export function fitLinearMap(
  map: LinearMap,
  rows: LabelledRows,
  inputsOf: (rows: HostRows) => Float64Array,
  regularization: Regularization,
  settings: CommonSettings,
  onIteration?: IterationReporter,
): LinearMapFit {
  ensureFinite(rows);
  const inputs = inputsOf(rows);
  const problem = {
    map,
    inputs,
    labels: rows.labels,
    rows: rows.rows,
    classes: rows.classes,
    ...regularization,
  };
  const start = identityParameters(map, rows.classes);
  // Matrix maps run L-BFGS in whitened coordinates (`whitened-coordinates.ts`), with the tolerance on the gradient in
  // (W, b); the vector map's K scales and offsets are fitted as they are.
  const coordinates = map === 'matrix' ? whitenedCoordinates(inputs, rows.rows, rows.classes) : undefined;
  const maxIterations = settings.maxIterations ?? LINEAR_FIT_MAX_ITERATIONS;
  const tolerance = settings.tolerance ?? LINEAR_FIT_TOLERANCE;
  const small = parameterCount(map, rows.classes) <= NEWTON_PARAMETERS;
  let result;
  try {
    const lbfgsOptions = {
      maxIterations: small ? Math.min(maxIterations, NEWTON_AFTER) : maxIterations,
      tolerance,
      ...(onIteration === undefined ? {} : { onIteration }),
    };
    if (coordinates === undefined) {
      result = minimizeLbfgs(linearSoftmaxObjective(problem), start, lbfgsOptions);
    } else {
      const objective = searchesOnScores(rows.rows, rows.classes)
        ? coordinates.wrapLine(linearSoftmaxLine(problem))
        : coordinates.wrap(linearSoftmaxObjective(problem));
      const whitened = minimizeLbfgs(objective, coordinates.toWhitened(start), {
        ...lbfgsOptions,
        gradientNorm: coordinates.gradientNorm,
      });
      result = { ...whitened, x: coordinates.fromWhitened(whitened.x) };
    }
  } catch (error) {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    // Finite scores whose spread within a row overflows float64 (near 1.8e308): the NLL at the start is +∞.
    throw new InvalidArgumentError({
      functionName: rows.functionName,
      parameter: rows.parameter,
      value: rows.values,
      expected: 'have rows whose spread (largest minus smallest) stays within float64, so that the NLL is finite',
      got: 'an infinite NLL',
    });
  }
  if (result.converged || !small || result.iterations >= maxIterations) {
    return { theta: result.x, iterations: result.iterations, converged: result.converged };
  }
  const hessian = linearSoftmaxHessian(problem);
  const done = result.iterations;
  const polished = polishNewton(linearSoftmaxObjective(problem), hessian, result.x, {
    maxIterations: maxIterations - done,
    tolerance,
    ...(onIteration === undefined
      ? {}
      : {
          onIteration: (iteration: number, value: number, norm: number) => onIteration(done + iteration, value, norm),
        }),
  });
  return { theta: polished.x, iterations: result.iterations + polished.iterations, converged: polished.converged };
}
