import { type CalibratorMethod, fitCalibrator } from '@softlabels/calibration';

import type { Dataset } from '../datasets';
import { measure } from '../measure';
import type { ScenarioContext, ScenarioResult, Target } from '../scenario';

/** The `fitCalibrator` methods benchmarked, each with the peer that fits the same map (see peers/torch_peer.py). */
export const BENCHED_CALIBRATORS: readonly CalibratorMethod[] = [
  'temperature',
  'vector',
  'matrix',
  'dirichlet',
  'isotonic',
  'platt',
  'histogram',
  'beta',
];

/**
 * The most L-BFGS iterations of the matrix and Dirichlet fits at 1 000 classes (a million parameters), on both sides:
 * a fit to the tolerance there takes far longer than a bench run should, so the two are compared over the same budget.
 */
export const LARGE_MATRIX_ITERATIONS = 10;

/** The iteration budget of a method at this class count (undefined: run to the method's tolerance). */
export function iterationBudget(method: CalibratorMethod, classes: number): number | undefined {
  return (method === 'matrix' || method === 'dirichlet') && classes >= 1000 ? LARGE_MATRIX_ITERATIONS : undefined;
}

/**
 * One `fitCalibrator` fit on `[rows, classes]` float32 logits (`{ logits }`: methods on probabilities softmax them
 * first, in the fit), timed over at most two fits without warm-up (a fit is seconds at full size). Details: the NLL on
 * the fit rows before and after, the iterations and whether the fit converged.
 */
export async function calibratorScenario(
  method: CalibratorMethod,
  data: Dataset,
  targets: Target[],
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const { rows, classes, logits, labels } = data;
  const budget = iterationBudget(method, classes);
  let details: Record<string, number> = {};
  context.step('ours');
  const measurement = await measure(
    () => {
      const calibrator = fitCalibrator(
        method,
        { logits },
        labels,
        budget === undefined ? {} : { maxIterations: budget },
      );
      const { diagnostics } = calibrator;
      details = {
        nllBefore: diagnostics.nllBefore,
        nllAfter: diagnostics.nllAfter,
        iterations: diagnostics.iterations,
        converged: diagnostics.converged ? 1 : 0,
      };
    },
    { warmup: 0, repeats: Math.max(1, Math.min(context.repeats.repeats, 2)) },
  );
  return {
    id: `calibrator-${method}-${rows}x${classes}`,
    title: `fitCalibrator('${method}')${budget === undefined ? '' : `, ${budget} iterations`}`,
    size: `${rows}×${classes}`,
    entries: [
      {
        name: 'ours',
        label: `fitCalibrator('${method}', { logits }, labels), float64 on the host`,
        measurement,
        details,
      },
    ],
    targets,
  };
}
