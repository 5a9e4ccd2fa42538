import { InvalidArgumentError, SoftlabelsError } from '@softlabels/core';
import {
  checkClasswiseSize,
  createState,
  mergeInto,
  uniformEdges,
  type CalibrationState,
} from './internal/calibration-state';
import { classwiseError, debiasedError, diagramOf, topLabelError, type ReliabilityDiagram } from './internal/compute';
import {
  prepareAccumulatorUpdateOptions,
  prepareCalibrationAccumulatorOptions,
} from './internal/prepare-calibration-options';
import { readAccumulatorJson } from './internal/read-accumulator-json';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import { accumulateRows } from './internal/row-statistics';
import type { CalibrationAccumulatorOptions } from './calibration-accumulator-options';
import type { ConfidenceHistogram } from './confidence-histogram';
import type { LabelOptions } from './label-options';
import type { CalibrationInput, LabelsInput } from './types';

/** Everything {@link CalibrationAccumulator.compute} returns (equal-width bins). */
export interface CalibrationSummary {
  /** Rows seen. */
  count: number;
  /** Top-1 accuracy. */
  accuracy: number;
  /** Mean top-label confidence. */
  averageConfidence: number;
  /** Top-label ECE (`norm: 'l1'`). */
  expectedCalibrationError: number;
  /** Top-label RMS calibration error (`norm: 'l2'`). */
  rmsCalibrationError: number;
  /** Top-label MCE (`norm: 'max'`). */
  maximumCalibrationError: number;
  /** Classwise ECE (`norm: 'l1'`). */
  classwiseCalibrationError: number;
  /** Kumar et al.'s debiased L2 estimate. */
  debiasedCalibrationError: number;
  /** Multiclass Brier score, in [0, 2]. */
  brierScore: number;
  /** Mean NLL of the labels (`Infinity` once a label had probability 0). */
  negativeLogLikelihood: number;
  /** Top-label reliability diagram. */
  reliability: ReliabilityDiagram;
  /** Histogram of top-label confidences. */
  histogram: ConfidenceHistogram;
}

/** The JSON form of an accumulator's state (`toJSON` / `fromJSON`); every number is exact in JSON. */
export interface CalibrationAccumulatorJson {
  /** Format version. */
  version: 1;
  /** Number of equal-width bins. */
  bins: number;
  /** The accumulator's `distributionTolerance`. */
  distributionTolerance: number;
  /** `null` until the first update fixes the class count. */
  classes: number | null;
  count: number;
  correct: number;
  confidenceSum: number;
  /** `'Infinity'` once a label had probability 0. */
  nllSum: number | 'Infinity';
  brierSum: number;
  binCount: number[];
  binConfidence: number[];
  binCorrect: number[];
  classCount: number[];
  classProbability: number[];
  classPositive: number[];
}

/**
 * Streaming calibration statistics (torchmetrics-style) over equal-width bins: `update` with batches, `merge` shards
 * evaluated elsewhere (worker threads, other machines — send `toJSON()` and rebuild with `fromJSON`), `compute`
 * every metric that O(bins × classes) state supports. Counts merge exactly; float64 sums agree with a single pass up
 * to summation order (~1e-15 relative). Equal-mass bins need all confidences and are not available here.
 *
 * @example
 * ```ts
 * import { CalibrationAccumulator } from '@softlabels/calibration';
 *
 * const shardA = new CalibrationAccumulator({ bins: 10 });
 * shardA.update({ logits: [[2, 0, 1], [0, 3, 1]] }, [0, 2]);
 * const shardB = CalibrationAccumulator.fromJSON(JSON.parse(JSON.stringify(shardA.toJSON())));
 * shardB.reset();
 * shardB.update({ probabilities: [[0.1, 0.8, 0.1]] }, [1]);
 * const summary = shardA.merge(shardB).compute();
 * console.log(summary.count, summary.accuracy, summary.expectedCalibrationError);
 * ```
 */
export class CalibrationAccumulator {
  /** Number of equal-width bins. */
  readonly bins: number;
  /** Tolerance for probability rows (see `distributionTolerance` of the metric options). */
  readonly distributionTolerance: number;
  private state: CalibrationState | undefined;

  constructor(options: CalibrationAccumulatorOptions = {}) {
    const prepared = prepareCalibrationAccumulatorOptions(options);
    this.bins = prepared.bins;
    this.distributionTolerance = prepared.distributionTolerance;
  }

  /** Rows added so far (merged shards included). */
  get count(): number {
    return this.state?.count ?? 0;
  }

  /**
   * Adds a batch. The batch is validated and summed into statistics of its own, which are added to the state only once
   * complete, so an update that throws leaves the state as it was. The class count is fixed by the first batch; the
   * classwise bins take classes × bins slots, at most 2²⁴. `options.ignoreIndex`: rows with that label are left out
   * (see `LabelOptions`).
   */
  update(input: CalibrationInput, labels: LabelsInput, options: LabelOptions = {}): this {
    const name = 'CalibrationAccumulator.update';
    const { ignoreIndex } = prepareAccumulatorUpdateOptions(options);
    const rows = readLabelledInput(input, labels, name, this.distributionTolerance, false, ignoreIndex);
    if (this.state !== undefined && this.state.classes !== rows.classes) {
      throw new InvalidArgumentError({
        functionName: name,
        parameter: `input.${rows.kind}`,
        value: rows.classes,
        expected: `have ${this.state.classes} classes like the earlier batches`,
        got: `${rows.classes} classes`,
      });
    }
    checkClasswiseSize(this.bins, rows.classes, `input.${rows.kind}`, name);
    const batch = createState(this.bins, rows.classes, uniformEdges(this.bins), true);
    accumulateRows(rows, batch);
    if (this.state === undefined) this.state = batch;
    else mergeInto(this.state, batch);
    warnIfProbabilities(rows);
    return this;
  }

  /**
   * Adds another accumulator's statistics (same bins, distribution tolerance and classes) to this one; `other` is
   * unchanged.
   */
  merge(other: CalibrationAccumulator): this {
    const name = 'CalibrationAccumulator.merge';
    if (!(other instanceof CalibrationAccumulator)) {
      throw new InvalidArgumentError({
        functionName: name,
        parameter: 'other',
        value: other,
        expected: 'be a CalibrationAccumulator',
      });
    }
    if (other.bins !== this.bins) {
      throw new InvalidArgumentError({
        functionName: name,
        parameter: 'other',
        value: other.bins,
        expected: `have ${this.bins} bins like this one`,
        got: `${other.bins} bins`,
      });
    }
    if (other.distributionTolerance !== this.distributionTolerance) {
      throw new InvalidArgumentError({
        functionName: name,
        parameter: 'other',
        value: other.distributionTolerance,
        expected: `have the distributionTolerance ${this.distributionTolerance} of this one`,
        got: `distributionTolerance ${other.distributionTolerance}`,
      });
    }
    const source = other.state;
    if (source === undefined) return this;
    if (this.state === undefined) {
      this.state = createState(this.bins, source.classes, uniformEdges(this.bins), true);
    } else if (this.state.classes !== source.classes) {
      throw new InvalidArgumentError({
        functionName: name,
        parameter: 'other',
        value: source.classes,
        expected: `have ${this.state.classes} classes like this one`,
        got: `${source.classes} classes`,
      });
    }
    mergeInto(this.state, source);
    return this;
  }

  /** Every metric of the rows seen so far. Throws when nothing was added. */
  compute(): CalibrationSummary {
    const state = this.state;
    if (state === undefined || state.count === 0) {
      throw new SoftlabelsError({
        functionName: 'CalibrationAccumulator.compute',
        message: 'CalibrationAccumulator.compute() needs at least one row: call update() (or merge()) first.',
      });
    }
    const reliability = diagramOf(state);
    return {
      count: state.count,
      accuracy: reliability.accuracy,
      averageConfidence: reliability.averageConfidence,
      expectedCalibrationError: reliability.ece,
      rmsCalibrationError: topLabelError(state, 'l2'),
      maximumCalibrationError: reliability.mce,
      classwiseCalibrationError: classwiseError(state, 'l1'),
      debiasedCalibrationError: debiasedError(state),
      brierScore: state.brierSum / state.count,
      negativeLogLikelihood: state.nllSum / state.count,
      reliability,
      histogram: { edges: Array.from(state.edges), counts: reliability.counts, total: state.count },
    };
  }

  /** Forgets every row (the class count too). */
  reset(): void {
    this.state = undefined;
  }

  /** The state as plain JSON-safe data. */
  toJSON(): CalibrationAccumulatorJson {
    const state = this.state;
    return {
      version: 1,
      bins: this.bins,
      distributionTolerance: this.distributionTolerance,
      classes: state?.classes ?? null,
      count: state?.count ?? 0,
      correct: state?.correct ?? 0,
      confidenceSum: state?.confidenceSum ?? 0,
      nllSum: state === undefined ? 0 : Number.isFinite(state.nllSum) ? state.nllSum : 'Infinity',
      brierSum: state?.brierSum ?? 0,
      binCount: Array.from(state?.binCount ?? new Float64Array(this.bins)),
      binConfidence: Array.from(state?.binConfidence ?? new Float64Array(this.bins)),
      binCorrect: Array.from(state?.binCorrect ?? new Float64Array(this.bins)),
      classCount: Array.from(state?.classCount ?? []),
      classProbability: Array.from(state?.classProbability ?? []),
      classPositive: Array.from(state?.classPositive ?? []),
    };
  }

  /**
   * Rebuilds an accumulator from {@link CalibrationAccumulator.toJSON} output (parsed JSON), checking every field and
   * the invariants between them (counts are exact integers, a bin's correct rows are at most its rows, the bins hold
   * every row, sums lie within what valid rows give); an {@link InvalidArgumentError} names the field
   * (`json.count`, `json.binCorrect[3]`).
   */
  static fromJSON(json: unknown): CalibrationAccumulator {
    const { bins, distributionTolerance, state } = readAccumulatorJson(json);
    const accumulator = new CalibrationAccumulator({ bins, distributionTolerance });
    accumulator.state = state;
    return accumulator;
  }
}
