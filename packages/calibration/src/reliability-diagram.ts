import { InvalidArgumentError } from '@softlabels/core';
import { stateOf } from './internal/calibration-state';
import {
  diagramOf,
  withIntervals,
  type ReliabilityDiagram,
  type ReliabilityDiagramWithIntervals,
} from './internal/compute';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareReliabilityDiagramOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import type { ReliabilityDiagramOptions } from './reliability-diagram-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Reliability diagram as plain data: per bin its edges, count, mean confidence, accuracy and gap
 * (`confidence − accuracy`, positive when over-confident), plus ECE, MCE, accuracy, mean confidence and the counts.
 * Top-label by default; with `classIndex` the one-vs-rest diagram of one class (p_k against 1{y = k}), which for
 * class 1 of a binary problem is scikit-learn's `calibration_curve` (its `prob_true`/`prob_pred` are the non-empty
 * bins' `accuracy`/`confidence`). With `intervals`, each bin also carries the Wilson score interval of its accuracy
 * (`accuracyLow`, `accuracyHigh`) and the diagram its `intervalLevel`.
 *
 * @example
 * ```ts
 * import { reliabilityDiagram } from '@softlabels/calibration';
 *
 * const diagram = reliabilityDiagram({ logits: [[2, 0], [0, 1], [3, 1], [1, 1.5]] }, [0, 0, 0, 1], { bins: 5 });
 * console.log(diagram.ece, diagram.counts); // counts: [0, 0, 0, 2, 2]
 * for (const bin of diagram.bins) if (bin.count > 0) console.log(bin.upper, bin.confidence, bin.accuracy);
 * // calibration_curve([0, 0, 1, 1], [0.1, 0.3, 0.35, 0.8], n_bins=5): p(class 1) per label, as scikit-learn takes it
 * const curve = reliabilityDiagram({ probabilities: [0.1, 0.3, 0.35, 0.8] }, [0, 0, 1, 1], { bins: 5, classIndex: 1 });
 * const filled = curve.bins.filter((bin) => bin.count > 0);
 * console.log(filled.map((bin) => bin.accuracy), filled.map((bin) => bin.confidence)); // [0, 0.5, 1] [0.1, 0.325, 0.8]
 * const withWilson = reliabilityDiagram({ probabilities: [0.1, 0.3, 0.35, 0.8] }, [0, 0, 1, 1], { bins: 5, intervals: {} });
 * console.log(withWilson.bins[4]?.accuracyLow, withWilson.bins[4]?.accuracyHigh); // 0.206… 1: 1 of 1 row right
 * ```
 */
export function reliabilityDiagram(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ReliabilityDiagramOptions & { intervals: { level?: number } },
): ReliabilityDiagramWithIntervals;
export function reliabilityDiagram(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: ReliabilityDiagramOptions & { intervals?: undefined },
): ReliabilityDiagram;
export function reliabilityDiagram(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: ReliabilityDiagramOptions,
): ReliabilityDiagram | ReliabilityDiagramWithIntervals;
export function reliabilityDiagram(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ReliabilityDiagramOptions = {},
): ReliabilityDiagram | ReliabilityDiagramWithIntervals {
  const prepared = prepareReliabilityDiagramOptions(options);
  const topLabel = prepared.classIndex === undefined;
  const rows = readLabelledInput(
    input,
    labels,
    'reliabilityDiagram',
    prepared.distributionTolerance,
    topLabel && usesFusedPass(prepared.precision),
    prepared.ignoreIndex,
  );
  if (prepared.classIndex !== undefined && prepared.classIndex >= rows.classes) {
    throw new InvalidArgumentError({
      functionName: 'reliabilityDiagram',
      parameter: 'options.classIndex',
      value: prepared.classIndex,
      expected: `be a class index in [0, ${rows.classes - 1}]`,
    });
  }
  const state = stateOf(
    rows,
    prepared.bins,
    prepared.binning,
    topLabel ? 'top-label' : 'classwise',
    prepared.precision,
  );
  warnIfProbabilities(rows);
  const diagram = diagramOf(state, prepared.classIndex);
  if (prepared.intervals === undefined) return diagram;
  const { level } = prepared.intervals;
  return { ...diagram, bins: withIntervals(diagram.bins, level), intervalLevel: level };
}
