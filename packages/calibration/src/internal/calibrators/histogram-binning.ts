/**
 * Histogram binning (Zadrozny & Elkan 2001) as a `fitCalibrator` method, one-vs-rest as scikit-learn's
 * `CalibratedClassifierCV` arranges its calibrators.
 */
import { checkChoice, checkNumber } from '@softlabels/core';
import { quantileEdges, uniformEdges } from '../calibration-state';
import { MAX_BINS } from '../prepare-calibration-options';
import type { HostRows, LabelledRows } from '../read-input';
import { binIndex } from '../row-statistics';
import type { MethodDefinition } from './method-definition';
import { calibratedColumns, forEachColumn, mapColumns, probabilitiesOf } from './one-vs-rest';
import { ColumnParameterReader } from './read-column-parameters';

/** A step map of each calibrated column's probability: the value of the bin it falls in. */
export interface HistogramParameters {
  /**
   * Per calibrated column (class 1 alone for two classes), the `bins + 1` non-decreasing edges from 0 to 1: bin m is
   * `(edges[m], edges[m + 1]]`, the first bin also taking everything at or below `edges[1]`.
   */
  edges: Float64Array[];
  /** The value of each bin, in [0, 1]. */
  values: Float64Array[];
}

const binnings = ['uniform', 'quantile'] as const;

/** A probability clipped to [0, 1] (probabilities may stray by the distribution tolerance). */
function clip(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}

function fit(rows: LabelledRows, options: Record<string, unknown>): HistogramParameters {
  const bins = checkNumber(options.bins ?? 15, 'options.bins', 'fitCalibrator', {
    min: 1,
    max: MAX_BINS,
    integer: true,
  });
  const binning = checkChoice(options.binning ?? 'uniform', binnings, 'options.binning', 'fitCalibrator');
  const parameters: HistogramParameters = { edges: [], values: [] };
  const columns = calibratedColumns(rows.classes);
  forEachColumn(probabilitiesOf(rows), rows.rows, rows.classes, (x, index) => {
    const p = x.map(clip);
    const column = columns[index] as number;
    const edges = binning === 'uniform' ? uniformEdges(bins) : quantileEdges(p, bins);
    const count = new Float64Array(bins);
    const positives = new Float64Array(bins);
    for (let row = 0; row < rows.rows; row += 1) {
      const bin = binIndex(p[row] as number, edges);
      count[bin] = (count[bin] as number) + 1;
      if (rows.labels[row] === column) positives[bin] = (positives[bin] as number) + 1;
    }
    const values = count.map((n, m) =>
      n > 0 ? (positives[m] as number) / n : ((edges[m] as number) + (edges[m + 1] as number)) / 2,
    );
    parameters.edges.push(edges);
    parameters.values.push(values);
  });
  return parameters;
}

function apply(parameters: HistogramParameters, rows: HostRows): Float64Array {
  return mapColumns(probabilitiesOf(rows), rows.rows, rows.classes, (x, index) => {
    const edges = parameters.edges[index] as Float64Array;
    const values = parameters.values[index] as Float64Array;
    return x.map((p) => values[binIndex(clip(p), edges)] as number);
  });
}

function fromJson(value: unknown, classes: number, functionName: string): HistogramParameters {
  const reader = new ColumnParameterReader(functionName, classes);
  const record = reader.record(value, ['edges', 'values']);
  const edges = reader.lists(record.edges, 'edges', { min: 0, max: 1 });
  const values = reader.lists(record.values, 'values', { min: 0, max: 1 }, (column) => {
    return (edges[column] as Float64Array).length - 1;
  });
  edges.forEach((list, column) => {
    const parameter = `json.parameters.edges[${column}]`;
    if (list.length < 2) reader.mismatch(parameter, list.length, 'hold at least 2 edges (one bin)');
    const last = list.length - 1;
    if (list[0] !== 0) reader.fail(`${parameter}[0]`, list[0], 'be 0: the edges run from 0 to 1');
    if (list[last] !== 1) reader.fail(`${parameter}[${last}]`, list[last], 'be 1: the edges run from 0 to 1');
    reader.ordered(list, parameter, false);
  });
  return { edges, values };
}

/**
 * Histogram binning, one-vs-rest: on probabilities (logits are softmaxed first, then clipped to [0, 1]), each
 * calibrated column (class 1 alone for two classes) is cut into `options.bins` bins (default 15, an integer in
 * 1 … 1e6): `'uniform'` (default) at the edges m/M, right-closed as the ECE's bins, or `'quantile'` at the fit
 * column's equal-mass edges, tied values sharing a bin (the ECE's `binning: 'quantile'` edges). Each bin maps to the
 * fraction of its fit rows of that class; a bin no fit row falls in keeps the identity map's value there, its
 * midpoint. Two classes give `[1 − q, q]`; more are divided by their row sums (all-zero rows become uniform).
 * Closed form: one pass, always converged.
 */
export const histogramBinningMethod: MethodDefinition<HistogramParameters> = {
  method: 'histogram',
  accepts: ['logits', 'probabilities'],
  iterative: false,
  optionKeys: ['bins', 'binning'],
  fit: (rows, options) => ({ parameters: fit(rows, options), iterations: 1, converged: true }),
  apply,
  toJson: ({ edges, values }) => ({
    edges: edges.map((list) => Array.from(list)),
    values: values.map((list) => Array.from(list)),
  }),
  fromJson,
};
