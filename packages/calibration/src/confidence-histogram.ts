import { confidencesOf, quantileEdges, uniformEdges } from './internal/calibration-state';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareConfidenceHistogramOptions } from './internal/prepare-calibration-options';
import { readRows, warnIfProbabilities } from './internal/read-input';
import { binIndex } from './internal/row-statistics';
import type { ConfidenceHistogramOptions } from './confidence-histogram-options';
import type { CalibrationInput } from './types';

/** Counts of top-label confidences per bin. */
export interface ConfidenceHistogram {
  /** M + 1 bin edges; bin m is `(edges[m], edges[m+1]]`, the first bin also holds 0. */
  edges: number[];
  /** Rows per bin. */
  counts: number[];
  /** Number of rows. */
  total: number;
}

/**
 * Histogram of top-label confidences (no labels needed), with the same bins as the calibration metrics. The input
 * must have shape `[..., K]` (a flat array has no row length without labels).
 *
 * @example
 * ```ts
 * import { confidenceHistogram } from '@softlabels/calibration';
 *
 * const histogram = confidenceHistogram({ probabilities: [[0.9, 0.1], [0.45, 0.55], [1, 0]] }, { bins: 2 });
 * console.log(histogram.counts); // [0, 3]
 * ```
 */
export function confidenceHistogram(
  input: CalibrationInput,
  options: ConfidenceHistogramOptions = {},
): ConfidenceHistogram {
  const prepared = prepareConfidenceHistogramOptions(options);
  const rows = readRows(
    input,
    'confidenceHistogram',
    prepared.distributionTolerance,
    usesFusedPass(prepared.precision),
  );
  const confidences = confidencesOf(rows, prepared.precision);
  const edges =
    prepared.binning === 'uniform' ? uniformEdges(prepared.bins) : quantileEdges(confidences, prepared.bins);
  const counts = new Array<number>(prepared.bins).fill(0);
  for (const confidence of confidences) {
    const bin = binIndex(confidence, edges);
    counts[bin] = (counts[bin] as number) + 1;
  }
  warnIfProbabilities(rows);
  return { edges: Array.from(edges), counts, total: rows.rows };
}
