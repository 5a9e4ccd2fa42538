import { type CalibratorMethod, fitCalibrator, type FitIteration } from '@softlabels/calibration';

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
 * The peer's time budget for a `method` fit that took us `seconds`: for matrix and Dirichlet scaling above a minute
 * (at 1 000 classes, a million parameters), our time, so that the fit ends within the run and a peer stopped there
 * still shows the target's ratio (≤ 1×) met; none otherwise.
 */
export function peerBudgetSeconds(method: CalibratorMethod, seconds: number): number | undefined {
  return (method === 'matrix' || method === 'dirichlet') && seconds > 60 ? seconds : undefined;
}

/** The methods whose fits report their iterations (`onIteration`): the L-BFGS fits of vector and matrix maps. */
const MAP_METHODS: ReadonlySet<CalibratorMethod> = new Set(['vector', 'matrix', 'dirichlet']);

/** For a map fit, `onIteration` showing every tenth iteration as the scenario's step; else no options. */
function progressOptions(
  method: CalibratorMethod,
  context: ScenarioContext,
): { onIteration?: (progress: FitIteration) => void } {
  if (!MAP_METHODS.has(method)) return {};
  return {
    onIteration: ({ iteration, gradient }) => {
      if (iteration % 10 === 0) context.step(`ours, iteration ${iteration}, gradient ${gradient.toExponential(1)}`);
    },
  };
}

/**
 * One `fitCalibrator` fit on `[rows, classes]` float32 logits (`{ logits }`: methods on probabilities softmax them
 * first, in the fit), timed once without warm-up (a fit takes seconds to minutes at full size). Details: the NLL on
 * the fit rows before and after, the iterations and whether the fit converged.
 */
export async function calibratorScenario(
  method: CalibratorMethod,
  data: Dataset,
  targets: Target[],
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const { rows, classes, logits, labels } = data;
  let details: Record<string, number> = {};
  context.step('ours');
  const measurement = await measure(
    () => {
      const { diagnostics } = fitCalibrator(method, { logits }, labels, progressOptions(method, context));
      details = {
        nllBefore: diagnostics.nllBefore,
        nllAfter: diagnostics.nllAfter,
        iterations: diagnostics.iterations,
        converged: diagnostics.converged ? 1 : 0,
      };
    },
    { warmup: 0, repeats: 1 },
  );
  return {
    id: `calibrator-${method}-${rows}x${classes}`,
    title: `fitCalibrator('${method}')`,
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
