import * as tf from '@tensorflow/tfjs-core';
import { treeSum } from '@softlabels/core';

/**
 * The row kernel of label-smoothing cross-entropy, built from composed tfjs ops.
 *
 * Every row n of the `[N, C]` logits z has a non-negative target-weight vector q_n (the smoothed, class-weighted,
 * masked target), its loss is ℓ_n = −Σ_c q_{n,c}·log softmax(z_n)_c and its gradient is
 * ∂ℓ_n/∂z_n = (Σ_c q_{n,c})·softmax(z_n) − q_n. The public function only flattens, validates and reduces; this module
 * computes the per-row losses (forward) and the gradient for given per-row upstream factors (backward). Forward
 * returns the tensors backward needs (`residuals`, kept by `customGrad`'s save); backward must not capture tensors in
 * closures, only numbers and host arrays.
 *
 * Stability: log-softmax is computed as (z − max) − log Σ exp(z − max), and the loss as a sum of non-negative terms
 * (log Σ exp(z − max) − (z_c − max) ≥ 0), so ±1e4 logits and constant rows keep full float32 relative accuracy.
 *
 * The fused kernel (`LabelSmoothingCrossEntropyKernel` of `@softlabels/core/kernels`) computes the same per-row
 * losses and gradients in one pass on the backends where it is registered.
 */
export interface RowPass {
  /** ℓ_n per row, `[N]` (0 on ignored rows). */
  losses: tf.Tensor;
  /** What 'mean' divides by: Σ_n w_{y_n}·m_n for index targets, N for probability targets. */
  meanDivisor: tf.Tensor;
  /** Tensors the backward step needs. */
  residuals: tf.Tensor[];
  /** Gradients w.r.t. the pass inputs (logits, then probability targets if any), rows scaled by `rowScale` `[N]`. */
  backward: (residuals: tf.Tensor[], rowScale: tf.Tensor) => tf.Tensor[];
}

/** Index-target rows: labels `[N]` int32, possibly holding `ignoreIndex`. */
export interface IndexRowsInput {
  logits: tf.Tensor;
  labels: tf.Tensor;
  epsilon: number;
  classWeights: Float32Array | null;
  prior: Float32Array | null;
  ignoreIndex: number | undefined;
}

/** Probability-target rows: targets `[N, C]` float32. */
export interface ProbabilityRowsInput {
  logits: tf.Tensor;
  targets: tf.Tensor;
  epsilon: number;
  classWeights: Float32Array | null;
  prior: Float32Array | null;
}

interface SoftmaxParts {
  /** z − max(z), `[N, C]`. */
  shifted: tf.Tensor;
  /** softmax(z), `[N, C]`. */
  probabilities: tf.Tensor;
  /** log Σ_c exp(z_c − max(z)) ≥ 0, `[N]`. */
  logSums: tf.Tensor;
}

/**
 * Shifted logits, softmax and log Σ exp of the shifted logits. The log-sum is read off the softmax: the largest
 * probability is exp(0)/Σ = 1/Σ, so log Σ = −log max(p). This avoids a separate `exp` over every element, which is
 * several times slower on the WASM backend than its fused `Softmax` kernel.
 */
function softmaxParts(logits: tf.Tensor): SoftmaxParts {
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  const probabilities = tf.softmax(shifted);
  return { shifted, probabilities, logSums: tf.neg(tf.log(tf.max(probabilities, 1))) };
}

/** a_c = prior_c·w_c, the weights of the smoothing term; null when uniform and unweighted (a_c = 1/C). */
function smoothingWeights(
  classes: number,
  prior: Float32Array | null,
  weights: Float32Array | null,
): Float32Array | null {
  if (prior === null && weights === null) return null;
  const result = new Float32Array(classes);
  for (let c = 0; c < classes; c += 1) {
    result[c] = (prior === null ? 1 / classes : (prior[c] as number)) * (weights === null ? 1 : (weights[c] as number));
  }
  return result;
}

function column(values: tf.Tensor): tf.Tensor {
  return tf.reshape(values, [values.shape[0] as number, 1]);
}

/**
 * Forward pass for index targets. With m_n = 1{y_n ≠ ignoreIndex}, A = Σ_c a_c:
 * ℓ_n = m_n·[(1−ε)·w_{y_n}·(−lp_{n,y_n}) + ε·Σ_c a_c·(−lp_{n,c})] (PyTorch's formula when a = w/C).
 */
export function indexRowsForward(input: IndexRowsInput): RowPass {
  const { logits, labels, epsilon, classWeights, prior, ignoreIndex } = input;
  const [rows, classes] = logits.shape as [number, number];
  const { shifted, probabilities, logSums } = softmaxParts(logits);
  const valid = ignoreIndex === undefined ? null : tf.notEqual(labels, tf.scalar(ignoreIndex, 'int32'));
  const safeLabels = valid === null ? labels : tf.where(valid, labels, tf.zerosLike(labels));
  const mask = valid === null ? null : tf.cast(valid, 'float32');
  const flatIndex = tf.add(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(classes, 'int32')), safeLabels);
  const labelWeights = classWeights === null ? null : tf.gather(tf.tensor1d(classWeights), safeLabels);
  // w_{y_n}·m_n; null means 1 for every row.
  const rowWeights = labelWeights !== null && mask !== null ? tf.mul(labelWeights, mask) : (labelWeights ?? mask);
  const a = smoothingWeights(classes, prior, classWeights);
  const totalA = a === null ? 1 : a.reduce((sum, value) => sum + value, 0);

  let losses = tf.zeros([rows]) as tf.Tensor;
  if (epsilon < 1) {
    const picked = tf.gather(tf.reshape(shifted, [rows * classes]), flatIndex);
    const nll = tf.sub(logSums, picked);
    losses = tf.mul(rowWeights === null ? nll : tf.mul(nll, rowWeights), 1 - epsilon);
  }
  if (epsilon > 0) {
    // Σ_c a_c·(−lp_c) = A·logSum − Σ_c a_c·shifted_c: both terms non-negative, no cancellation.
    const dot =
      a === null
        ? tf.div(tf.sum(shifted, 1), classes)
        : tf.reshape(tf.matMul(shifted, tf.tensor2d(a, [classes, 1])), [rows]);
    const smooth = tf.sub(tf.mul(logSums, totalA), dot);
    losses = tf.add(losses, tf.mul(mask === null ? smooth : tf.mul(smooth, mask), epsilon));
  }
  const meanDivisor = rowWeights === null ? tf.scalar(rows) : treeSum(rowWeights);
  const ones = tf.ones([rows]) as tf.Tensor;
  const residuals = [probabilities, flatIndex, rowWeights ?? ones, mask ?? ones];

  const backward = (saved: tf.Tensor[], rowScale: tf.Tensor): tf.Tensor[] => {
    const [savedProbabilities, savedIndex, savedRowWeights, savedMask] = saved as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    // Ignored rows take no share of the upstream factor, so they keep a zero gradient also where the factor is NaN
    // ('mean' over a divisor of 0), as in PyTorch.
    const scaledMask =
      ignoreIndex === undefined ? rowScale : tf.where(tf.cast(savedMask, 'bool'), rowScale, tf.zerosLike(rowScale));
    const scaledRowWeights = tf.mul(scaledMask, savedRowWeights);
    // coefficient of softmax: (1−ε)·w_y·m·r + ε·A·m·r
    const coefficient = tf.add(tf.mul(scaledRowWeights, 1 - epsilon), tf.mul(scaledMask, epsilon * totalA));
    let gradient = tf.mul(savedProbabilities, column(coefficient));
    if (epsilon > 0) {
      const smoothScale = tf.mul(scaledMask, epsilon);
      gradient =
        a === null
          ? tf.sub(gradient, column(tf.div(smoothScale, classes)))
          : tf.sub(gradient, tf.matMul(column(smoothScale), tf.tensor2d(a, [1, classes])));
    }
    if (epsilon < 1) {
      const flat = tf.reshape(gradient, [rows * classes]);
      const atLabel = tf.sub(tf.gather(flat, savedIndex), tf.mul(scaledRowWeights, 1 - epsilon));
      gradient = tf.reshape(tf.tensorScatterUpdate(flat, tf.reshape(savedIndex, [rows, 1]), atLabel), [rows, classes]);
    }
    return [gradient];
  };
  return { losses, meanDivisor, residuals, backward };
}

/**
 * Forward pass for probability targets: q = w ⊙ ((1−ε)·t + ε·prior), ℓ_n = Σ_c q_{n,c}·(−lp_{n,c}).
 * Gradients: ∂ℓ/∂z = (Σ_c q_c)·softmax − q and ∂ℓ/∂t_c = (1−ε)·w_c·(−lp_c) (targets may be learnable).
 */
export function probabilityRowsForward(input: ProbabilityRowsInput): RowPass {
  const { logits, targets, epsilon, classWeights, prior } = input;
  const [rows, classes] = logits.shape as [number, number];
  const { shifted, probabilities, logSums } = softmaxParts(logits);
  const negativeLogProbs = tf.sub(column(logSums), shifted);
  let smoothed: tf.Tensor = targets;
  if (epsilon > 0) {
    const towards = prior === null ? tf.scalar(epsilon / classes) : tf.mul(tf.tensor2d(prior, [1, classes]), epsilon);
    smoothed = tf.add(tf.mul(targets, 1 - epsilon), towards);
  }
  const weightRow = classWeights === null ? null : tf.tensor2d(classWeights, [1, classes]);
  const q = weightRow === null ? smoothed : tf.mul(smoothed, weightRow);
  const losses = tf.sum(tf.mul(q, negativeLogProbs), 1);
  const targetFactor = weightRow === null ? tf.scalar(1 - epsilon) : tf.mul(weightRow, 1 - epsilon);
  const residuals = [probabilities, q, negativeLogProbs, targetFactor];

  const backward = (saved: tf.Tensor[], rowScale: tf.Tensor): tf.Tensor[] => {
    const [savedProbabilities, savedQ, savedNegativeLogProbs, savedTargetFactor] = saved as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    const scale = column(rowScale);
    const totals = tf.sum(savedQ, 1);
    const logitsGradient = tf.sub(tf.mul(savedProbabilities, column(tf.mul(totals, rowScale))), tf.mul(savedQ, scale));
    const targetsGradient = tf.mul(tf.mul(savedNegativeLogProbs, savedTargetFactor), scale);
    return [logitsGradient, targetsGradient];
  };
  return { losses, meanDivisor: tf.scalar(rows), residuals, backward };
}
