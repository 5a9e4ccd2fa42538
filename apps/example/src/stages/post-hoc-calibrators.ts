import {
  accuracy,
  expectedCalibrationError,
  fitCalibrator,
  type MetricInterval,
  negativeLogLikelihood,
} from '@softlabels/calibration';

import type { CalibrationResults } from '../report/results';
import { summarise } from '../report/summarise';
import { ECE_BINS, ECE_BOOTSTRAP } from './measure-network';
import type { RunContext, TrainedModel } from './run-context';

/** The post-hoc calibrators of `@softlabels/calibration` the table shows beside temperature scaling. */
export const POST_HOC_METHODS = ['vector', 'matrix', 'dirichlet', 'isotonic'] as const;

/** One of {@link POST_HOC_METHODS}. */
export type PostHocMethod = (typeof POST_HOC_METHODS)[number];

const LABELS: Record<PostHocMethod, string> = {
  vector: 'vector scaling',
  matrix: 'matrix scaling',
  dirichlet: 'Dirichlet calibration',
  isotonic: 'isotonic regression (one-vs-rest)',
};

/** What one fitted calibrator gives on the test split. */
interface PostHocMetrics {
  accuracy: number;
  nll: number;
  ece: number;
  eceInterval: MetricInterval;
  converged: boolean;
  iterations: number;
}

function measure(method: PostHocMethod, trained: TrainedModel, context: RunContext): PostHocMetrics {
  const { test, heldOut } = context.splits;
  // Host arrays, rows of K values: the fit runs on the host in float64 either way.
  const calibrator = fitCalibrator(method, { logits: trained.heldOutLogits }, heldOut.labels);
  const probabilities = calibrator.apply({ logits: trained.testLogits }).data;
  return {
    accuracy: accuracy({ probabilities }, test.labels),
    nll: negativeLogLikelihood({ probabilities }, test.labels),
    ece: expectedCalibrationError({ probabilities }, test.labels, { bins: ECE_BINS }),
    eceInterval: expectedCalibrationError({ probabilities }, test.labels, { bins: ECE_BINS, bootstrap: ECE_BOOTSTRAP }),
    converged: calibrator.diagnostics.converged,
    iterations: calibrator.diagnostics.iterations,
  };
}

/**
 * Fits every post-hoc calibrator of {@link POST_HOC_METHODS} (`fitCalibrator` with its defaults: the unregularised
 * maximum-likelihood fit) to each seed's baseline (ε = 0) network on the held-out split's logits, applies it to the
 * test split's logits and measures accuracy, NLL and 15-bin ECE (with its bootstrap interval) of the calibrated
 * probabilities, with the fit's
 * convergence per seed. NLL is `null` when a calibrated probability of a test label is exactly 0 for some seed
 * (isotonic regression maps low scores to 0), where it is infinite.
 *
 * @example
 * ```ts
 * import { postHocCalibrators } from './post-hoc-calibrators';
 * // const rows = postHocCalibrators(models.filter((trained) => trained.epsilon === 0), context);
 * ```
 */
export function postHocCalibrators(baselines: TrainedModel[], context: RunContext): CalibrationResults['postHoc'] {
  return POST_HOC_METHODS.map((method) => {
    const perSeed = baselines.map((trained) => measure(method, trained, context));
    const nll = perSeed.map((entry) => entry.nll);
    return {
      method,
      label: LABELS[method],
      accuracy: summarise(perSeed.map((entry) => entry.accuracy)),
      nll: nll.every(Number.isFinite) ? summarise(nll) : null,
      ece: summarise(perSeed.map((entry) => entry.ece)),
      eceBootstrap: perSeed.map((entry) => entry.eceInterval),
      converged: perSeed.map((entry) => entry.converged),
      iterations: perSeed.map((entry) => entry.iterations),
    };
  });
}
