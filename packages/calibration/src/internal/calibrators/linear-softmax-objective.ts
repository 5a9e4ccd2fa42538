/**
 * The objective vector scaling, matrix scaling and Dirichlet calibration minimise, in float64: the mean NLL of
 * softmax(f) over labelled rows x, with f = a ⊙ x + b (`'vector'`) or f = W x + b (`'matrix'`; x are logits for
 * matrix scaling, log-probabilities for Dirichlet calibration), plus for `'matrix'` the ODIR regulariser of Kull et
 * al. (2019), `λ · Σ_{i≠j} W_ij² / (K(K − 1)) + μ · Σ_j b_j² / K`; and its gradient.
 *
 * Parameters θ, by map (K classes):
 *   `'vector'`: `[a_0 … a_{K−1}, b_0 … b_{K−1}]`;
 *   `'matrix'`: W row by row (θ[i·K + j] = W_ij), then `[b_0 … b_{K−1}]`.
 *
 * The matrix map is a [N, K] × [K, K] product: its objective and its calibrated probabilities run in WASM SIMD kernels
 * of `@softlabels/core/kernels`, the fits' line searches on scores kept along each line; the Hessian (for fits of few
 * parameters) computes its scores here.
 */
import {
  createLinearSoftmaxNll,
  createLinearSoftmaxPath,
  linearSoftmaxProbabilities as matrixProbabilities,
} from '@softlabels/core/kernels';

import type { LbfgsLineObjective, LbfgsObjective } from './lbfgs';

/** The maps of the three methods' calibrated scores. */
export type LinearMap = 'vector' | 'matrix';

/** The rows and settings of one fit. */
export interface LinearSoftmaxProblem {
  map: LinearMap;
  /** The rows x, row-major `rows × classes` (logits, or log-probabilities). */
  inputs: Float64Array;
  labels: Int32Array;
  rows: number;
  classes: number;
  /** λ of ODIR (`'matrix'` only; 0 for none). */
  offDiagonal: number;
  /** μ of ODIR (`'matrix'` only; 0 for none). */
  intercept: number;
}

/** The number of parameters of `map` over `classes` classes. */
export function parameterCount(map: LinearMap, classes: number): number {
  return map === 'vector' ? 2 * classes : classes * classes + classes;
}

/** The identity map's parameters (a = 1 or W = I, and b = 0): softmax(f) is softmax(x). */
export function identityParameters(map: LinearMap, classes: number): Float64Array {
  const theta = new Float64Array(parameterCount(map, classes));
  for (let k = 0; k < classes; k += 1) theta[map === 'vector' ? k : k * classes + k] = 1;
  return theta;
}

/**
 * Turns the scores at `offset` into the residuals p − onehot(label) of their softmax and returns −log p_label. The
 * largest score's term is 1: the others are summed apart, so that log1p keeps the tiny losses of confident, correct
 * rows, and the label's residual −rest / (1 + rest) stays exact there.
 */
function residualRow(scores: Float64Array, offset: number, classes: number, label: number): number {
  let top = scores[offset] as number;
  let best = 0;
  for (let k = 1; k < classes; k += 1) {
    const value = scores[offset + k] as number;
    if (value > top) {
      top = value;
      best = k;
    }
  }
  const labelScore = scores[offset + label] as number;
  let rest = 0;
  for (let k = 0; k < classes; k += 1) {
    const e = Math.exp((scores[offset + k] as number) - top);
    scores[offset + k] = e;
    if (k !== best) rest += e;
  }
  const scale = 1 / (1 + rest);
  for (let k = 0; k < classes; k += 1) scores[offset + k] = (scores[offset + k] as number) * scale;
  scores[offset + label] = label === best ? -rest * scale : (scores[offset + label] as number) - 1;
  return top - labelScore + Math.log1p(rest);
}

/** Turns the scores at `offset` into their softmax (max-shifted). */
function softmaxRow(scores: Float64Array, offset: number, classes: number): void {
  let top = -Infinity;
  for (let k = 0; k < classes; k += 1) top = Math.max(top, scores[offset + k] as number);
  let sum = 0;
  for (let k = 0; k < classes; k += 1) {
    const e = Math.exp((scores[offset + k] as number) - top);
    scores[offset + k] = e;
    sum += e;
  }
  for (let k = 0; k < classes; k += 1) scores[offset + k] = (scores[offset + k] as number) / sum;
}

/** The vector map's scores of `row` into `scores` at `offset`. */
function vectorScores(
  theta: Float64Array,
  inputs: Float64Array,
  row: number,
  classes: number,
  scores: Float64Array,
  offset: number,
): void {
  const base = row * classes;
  for (let k = 0; k < classes; k += 1) {
    scores[offset + k] = (theta[k] as number) * (inputs[base + k] as number) + (theta[classes + k] as number);
  }
}

/** The matrix map's scores W x + b of `row` into `scores` (for the Hessian; the fits' passes run in the kernels). */
function matrixScores(
  theta: Float64Array,
  inputs: Float64Array,
  row: number,
  classes: number,
  scores: Float64Array,
): void {
  const bias = classes * classes;
  const base = row * classes;
  for (let i = 0; i < classes; i += 1) {
    let score = theta[bias + i] as number;
    for (let j = 0; j < classes; j += 1) score += (theta[i * classes + j] as number) * (inputs[base + j] as number);
    scores[i] = score;
  }
}

/** Adds ODIR's value to `value` and its gradient to `gradient` (already averaged over rows). */
function odir(problem: LinearSoftmaxProblem, theta: Float64Array, gradient: Float64Array): number {
  const { classes, offDiagonal, intercept } = problem;
  const weight = offDiagonal / (classes * (classes - 1));
  const biasWeight = intercept / classes;
  let value = 0;
  if (weight > 0) {
    for (let index = 0; index < classes * classes; index += 1) {
      if (index % (classes + 1) === 0) continue;
      const w = theta[index] as number;
      value += weight * w * w;
      gradient[index] = (gradient[index] as number) + 2 * weight * w;
    }
  }
  if (biasWeight > 0) {
    const bias = classes * classes;
    for (let i = 0; i < classes; i += 1) {
      const b = theta[bias + i] as number;
      value += biasWeight * b * b;
      gradient[bias + i] = (gradient[bias + i] as number) + 2 * biasWeight * b;
    }
  }
  return value;
}

/** ODIR's value and its derivative in the step at θ + step·direction (0 and 0 without ODIR). */
function odirAlong(
  problem: LinearSoftmaxProblem,
  theta: Float64Array,
  direction: Float64Array,
  step: number,
): { value: number; slope: number } {
  const { classes, offDiagonal, intercept } = problem;
  const weight = offDiagonal / (classes * (classes - 1));
  const biasWeight = intercept / classes;
  let value = 0;
  let slope = 0;
  const add = (index: number, scale: number): void => {
    const entry = (theta[index] as number) + step * (direction[index] as number);
    value += scale * entry * entry;
    slope += 2 * scale * entry * (direction[index] as number);
  };
  if (weight > 0) {
    for (let index = 0; index < classes * classes; index += 1) if (index % (classes + 1) !== 0) add(index, weight);
  }
  if (biasWeight > 0) for (let i = 0; i < classes; i += 1) add(classes * classes + i, biasWeight);
  return { value, slope };
}

/**
 * Whether a matrix fit of `rows × classes` follows its line searches on kept scores ({@link linearSoftmaxLine}):
 * that keeps three copies of the rows in WASM memory, allowed up to {@link LINE_SEARCH_BYTES}; larger fits evaluate
 * each trial step in full ({@link linearSoftmaxObjective}).
 */
export function searchesOnScores(rows: number, classes: number): boolean {
  return 3 * rows * classes * 8 <= LINE_SEARCH_BYTES;
}

/** The WASM memory a fit's kept scores and rows may take (2 GiB, half of what a WASM memory can hold). */
export const LINE_SEARCH_BYTES = 2 ** 31;

/**
 * The matrix map's objective of `problem` followed along lines (`createLinearSoftmaxPath` of
 * `@softlabels/core/kernels`): a trial step of a line search costs one pass over the scores kept along the line, a
 * step taken one product for the gradient. Values and gradients are those of {@link linearSoftmaxObjective}.
 */
export function linearSoftmaxLine(problem: LinearSoftmaxProblem): LbfgsLineObjective {
  const { inputs, labels, rows, classes } = problem;
  const path = createLinearSoftmaxPath({ inputs, rows, classes, labels });
  const scale = 1 / rows;
  const theta = new Float64Array(classes * classes + classes);
  const direction = new Float64Array(theta.length);
  const finish = (total: number, gradient: Float64Array): number => {
    for (let index = 0; index < gradient.length; index += 1) gradient[index] = (gradient[index] as number) * scale;
    return total * scale + odir(problem, theta, gradient);
  };
  return {
    start(x, gradient) {
      theta.set(x);
      return finish(path.start(x, gradient), gradient);
    },
    setDirection(values) {
      direction.set(values);
      path.setDirection(values);
    },
    probe(step) {
      const point = path.probe(step);
      const penalty = odirAlong(problem, theta, direction, step);
      return { value: point.value * scale + penalty.value, slope: point.slope * scale + penalty.slope };
    },
    advance(step, gradient) {
      const total = path.advance(step, gradient);
      for (let index = 0; index < theta.length; index += 1) {
        theta[index] = (theta[index] as number) + step * (direction[index] as number);
      }
      return finish(total, gradient);
    },
  };
}

/**
 * The objective of `problem` for `minimizeLbfgs`: value and gradient at θ. The matrix map's NLL and gradient come from
 * the `linearSoftmaxRows` kernel of `@softlabels/core/kernels` (its two products as f64x2 SIMD, split over the kernel
 * threads), with the rows copied into the kernel's memory once per fit; the vector map's from the loop below.
 */
export function linearSoftmaxObjective(problem: LinearSoftmaxProblem): LbfgsObjective {
  const { map, inputs, labels, rows, classes } = problem;
  const scale = 1 / rows;
  if (map === 'matrix') {
    const nll = createLinearSoftmaxNll({ inputs, rows, classes, labels });
    return (theta, gradient) => {
      const total = nll(theta, gradient);
      for (let index = 0; index < gradient.length; index += 1) gradient[index] = (gradient[index] as number) * scale;
      return total * scale + odir(problem, theta, gradient);
    };
  }
  const scores = new Float64Array(classes);
  return (theta, gradient) => {
    gradient.fill(0);
    let total = 0;
    for (let row = 0; row < rows; row += 1) {
      vectorScores(theta, inputs, row, classes, scores, 0);
      total += residualRow(scores, 0, classes, labels[row] as number);
      const base = row * classes;
      for (let k = 0; k < classes; k += 1) {
        const residual = scores[k] as number;
        gradient[k] = (gradient[k] as number) + residual * (inputs[base + k] as number);
        gradient[classes + k] = (gradient[classes + k] as number) + residual;
      }
    }
    for (let index = 0; index < gradient.length; index += 1) gradient[index] = (gradient[index] as number) * scale;
    return total * scale;
  };
}

/** softmax(f) of every row of `inputs` (row-major `rows × classes`) under `map` with parameters θ. */
export function linearSoftmaxProbabilities(
  map: LinearMap,
  theta: Float64Array,
  inputs: Float64Array,
  rows: number,
  classes: number,
): Float64Array {
  if (map === 'matrix') return matrixProbabilities({ inputs, rows, classes, theta });
  const out = new Float64Array(rows * classes);
  for (let row = 0; row < rows; row += 1) {
    vectorScores(theta, inputs, row, classes, out, row * classes);
    softmaxRow(out, row * classes, classes);
  }
  return out;
}

/**
 * The Hessian of the objective of `problem`, dense row-major `n × n` for θ of n entries, written into `out` (for the
 * Newton steps that finish fits of few parameters). Per row it adds (diag(p) − ppᵀ) ⊗ x̃x̃ᵀ, x̃ = [x, 1] for the
 * matrix map (entries ∂f_i/∂θ: x_j for W_ij, 1 for b_i), and the matching x_i x_l, x_i, 1 blocks for the vector map.
 */
export function linearSoftmaxHessian(problem: LinearSoftmaxProblem): (theta: Float64Array, out: Float64Array) => void {
  const { map, inputs, rows, classes } = problem;
  const n = parameterCount(map, classes);
  const scores = new Float64Array(classes);
  const features = new Float64Array(classes + 1);
  return (theta, out) => {
    out.fill(0);
    for (let row = 0; row < rows; row += 1) {
      if (map === 'matrix') matrixScores(theta, inputs, row, classes, scores);
      else vectorScores(theta, inputs, row, classes, scores, 0);
      softmaxRow(scores, 0, classes);
      const base = row * classes;
      for (let j = 0; j < classes; j += 1) features[j] = inputs[base + j] as number;
      features[classes] = 1;
      for (let i = 0; i < classes; i += 1) {
        const pi = scores[i] as number;
        for (let l = 0; l < classes; l += 1) {
          const s = (i === l ? pi : 0) - pi * (scores[l] as number);
          if (s === 0) continue;
          if (map === 'vector') {
            const xi = features[i] as number;
            const xl = features[l] as number;
            out[i * n + l] = (out[i * n + l] as number) + s * xi * xl;
            out[i * n + classes + l] = (out[i * n + classes + l] as number) + s * xi;
            out[(classes + i) * n + l] = (out[(classes + i) * n + l] as number) + s * xl;
            out[(classes + i) * n + classes + l] = (out[(classes + i) * n + classes + l] as number) + s;
            continue;
          }
          // Entry a of parameter (i, a): W_ia for a < K, b_i for a = K.
          for (let a = 0; a <= classes; a += 1) {
            const rowIndex = a < classes ? i * classes + a : classes * classes + i;
            const sa = s * (features[a] as number);
            if (sa === 0) continue;
            for (let c = 0; c <= classes; c += 1) {
              const columnIndex = c < classes ? l * classes + c : classes * classes + l;
              out[rowIndex * n + columnIndex] =
                (out[rowIndex * n + columnIndex] as number) + sa * (features[c] as number);
            }
          }
        }
      }
    }
    const scale = 1 / rows;
    for (let index = 0; index < out.length; index += 1) out[index] = (out[index] as number) * scale;
    if (map !== 'matrix') return;
    const weight = (2 * problem.offDiagonal) / (classes * (classes - 1));
    const biasWeight = (2 * problem.intercept) / classes;
    for (let index = 0; index < classes * classes; index += 1) {
      if (index % (classes + 1) !== 0) out[index * n + index] = (out[index * n + index] as number) + weight;
    }
    for (let i = 0; i < classes; i += 1) {
      const index = classes * classes + i;
      out[index * n + index] = (out[index * n + index] as number) + biasWeight;
    }
  };
}
