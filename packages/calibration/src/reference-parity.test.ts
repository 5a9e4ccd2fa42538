import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy';
import { adaptiveCalibrationError } from './adaptive-calibration-error';
import { brierScore } from './brier-score';
import { classwiseCalibrationError } from './classwise-calibration-error';
import { confidenceHistogram } from './confidence-histogram';
import { debiasedCalibrationError } from './debiased-calibration-error';
import { expectedCalibrationError } from './expected-calibration-error';
import { negativeLogLikelihood } from './negative-log-likelihood';
import { reliabilityDiagram } from './reliability-diagram';
import type { CalibrationInput } from './types';

interface ReferenceBin {
  lower: number;
  upper: number;
  count: number;
  confidence: number | null;
  accuracy: number | null;
}

interface MetricCase {
  name: string;
  kind: 'logits' | 'probabilities';
  values: number[][];
  labels: number[];
  bins: number;
  expected: {
    ece: number;
    rms: number;
    mce: number;
    adaptive: number;
    adaptiveL2: number;
    adaptiveMax: number;
    quantileEdges: number[];
    quantileCounts: number[];
    classwise: number;
    classwiseL2: number;
    classwiseMax: number;
    debiased: number;
    brier: number;
    nll: number | null;
    accuracy: number;
    averageConfidence: number;
    counts: number[];
    reliability: ReferenceBin[];
  };
  torchNll: number | null;
  sklearn?: { brierBinary: number; probTrue?: number[]; probPred?: number[] };
}

const { cases } = loadFixture<{ cases: MetricCase[] }>(import.meta.url, './__fixtures__/metrics.json');
const exact = { relative: 1e-9, absolute: 1e-9 };
const inputOf = (c: MetricCase): CalibrationInput =>
  c.kind === 'logits' ? { logits: c.values } : { probabilities: c.values };

/** The filled bins of a class-1 reliability diagram against scikit-learn's `calibration_curve` (prob_true, prob_pred). */
function expectCalibrationCurve(
  diagram: ReturnType<typeof reliabilityDiagram>,
  sklearn: { probTrue?: number[]; probPred?: number[] },
): void {
  const filled = diagram.bins.filter((bin) => bin.count > 0);
  expectClose(
    filled.map((bin) => bin.accuracy ?? Number.NaN),
    sklearn.probTrue ?? [],
    exact,
  );
  expectClose(
    filled.map((bin) => bin.confidence ?? Number.NaN),
    sklearn.probPred ?? [],
    exact,
  );
}

describe('parity with the float64 Guo reference, PyTorch 1.13 and scikit-learn 1.2 (float64 inputs)', () => {
  it('has at least 200 cases, edge cases included', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const names = cases.map((c) => c.name).join('\n');
    for (const edge of ['on edges', 'nextafter(edge, 1)', 'exactly 1.0', 'quantile ties', 'empty bins', 'K=2']) {
      expect(names).toContain(edge);
    }
  });

  it.each(cases)('top-label ECE / RMS / MCE: $name', (c) => {
    const input = inputOf(c);
    expectClose(expectedCalibrationError(input, c.labels, { bins: c.bins }), c.expected.ece, exact);
    expectClose(expectedCalibrationError(input, c.labels, { bins: c.bins, norm: 'l2' }), c.expected.rms, exact);
    expectClose(expectedCalibrationError(input, c.labels, { bins: c.bins, norm: 'max' }), c.expected.mce, exact);
  });

  it.each(cases)('equal-mass bins: $name', (c) => {
    const input = inputOf(c);
    expectClose(adaptiveCalibrationError(input, c.labels, { bins: c.bins }), c.expected.adaptive, exact);
    expectClose(adaptiveCalibrationError(input, c.labels, { bins: c.bins, norm: 'l2' }), c.expected.adaptiveL2, exact);
    expectClose(
      expectedCalibrationError(input, c.labels, { bins: c.bins, norm: 'max', binning: 'quantile' }),
      c.expected.adaptiveMax,
      exact,
    );
    const diagram = reliabilityDiagram(input, c.labels, { bins: c.bins, binning: 'quantile' });
    expect(diagram.counts).toEqual(c.expected.quantileCounts);
    // Edges are confidences: exact for probabilities, within float64 rounding of the softmax for logits.
    expectClose(
      [diagram.bins[0]?.lower ?? Number.NaN, ...diagram.bins.map((bin) => bin.upper)],
      c.expected.quantileEdges,
      c.kind === 'probabilities' ? { relative: 0, absolute: 0 } : exact,
    );
    expect(diagram.counts.reduce((a, b) => a + b, 0)).toBe(c.labels.length);
  });

  it.each(cases)('classwise and debiased errors: $name', (c) => {
    const input = inputOf(c);
    expectClose(classwiseCalibrationError(input, c.labels, { bins: c.bins }), c.expected.classwise, exact);
    expectClose(
      classwiseCalibrationError(input, c.labels, { bins: c.bins, norm: 'l2' }),
      c.expected.classwiseL2,
      exact,
    );
    expectClose(
      classwiseCalibrationError(input, c.labels, { bins: c.bins, norm: 'max' }),
      c.expected.classwiseMax,
      exact,
    );
    expectClose(debiasedCalibrationError(input, c.labels, { bins: c.bins }), c.expected.debiased, exact);
  });

  it.each(cases)('Brier, NLL (PyTorch) and accuracy: $name', (c) => {
    const input = inputOf(c);
    expectClose(brierScore(input, c.labels), c.expected.brier, exact);
    const nll = negativeLogLikelihood(input, c.labels);
    expectClose(nll, c.expected.nll ?? Number.POSITIVE_INFINITY, exact);
    expectClose(nll, c.torchNll ?? Number.POSITIVE_INFINITY, exact);
    expectClose(accuracy(input, c.labels), c.expected.accuracy, exact);
  });

  it.each(cases)('reliability diagram and histogram: $name', (c) => {
    const input = inputOf(c);
    const diagram = reliabilityDiagram(input, c.labels, { bins: c.bins });
    expect(diagram.counts).toEqual(c.expected.counts);
    expect(confidenceHistogram(input, { bins: c.bins }).counts).toEqual(c.expected.counts);
    expectClose(diagram.ece, c.expected.ece, exact);
    expectClose(diagram.mce, c.expected.mce, exact);
    expectClose(diagram.accuracy, c.expected.accuracy, exact);
    expectClose(diagram.averageConfidence, c.expected.averageConfidence, exact);
    diagram.bins.forEach((bin, m) => {
      const want = c.expected.reliability[m] as ReferenceBin;
      expect([bin.lower, bin.upper, bin.count]).toEqual([want.lower, want.upper, want.count]);
      if (want.confidence === null || want.accuracy === null) {
        expect([bin.confidence, bin.accuracy, bin.gap]).toEqual([null, null, null]);
      } else {
        expectClose(
          [bin.confidence ?? Number.NaN, bin.accuracy ?? Number.NaN],
          [want.confidence, want.accuracy],
          exact,
        );
        expectClose(bin.gap ?? Number.NaN, want.confidence - want.accuracy, exact);
      }
    });
  });

  const binary = cases.filter((c) => c.sklearn !== undefined);
  it.each(binary)('scikit-learn brier_score_loss and calibration_curve (class 1 of K = 2): $name', (c) => {
    const sklearn = c.sklearn as NonNullable<MetricCase['sklearn']>;
    // Our multiclass Brier sums both classes' squared errors: twice the binary one.
    expectClose(brierScore(inputOf(c), c.labels), 2 * sklearn.brierBinary, exact);
    if (sklearn.probTrue === undefined || sklearn.probPred === undefined) return;
    expectCalibrationCurve(reliabilityDiagram(inputOf(c), c.labels, { bins: c.bins, classIndex: 1 }), sklearn);
  });

  const positiveClass = binary.filter((c) => c.kind === 'probabilities');
  it.each(positiveClass)("scikit-learn's own input, p(class 1) alone (K = 2): $name", (c) => {
    const sklearn = c.sklearn as NonNullable<MetricCase['sklearn']>;
    const input = { probabilities: c.values.map((row) => row[1] as number) };
    expectClose(brierScore(input, c.labels), 2 * sklearn.brierBinary, exact);
    expectClose(expectedCalibrationError(input, c.labels, { bins: c.bins }), c.expected.ece, exact);
    if (sklearn.probTrue === undefined || sklearn.probPred === undefined) return;
    expectCalibrationCurve(reliabilityDiagram(input, c.labels, { bins: c.bins, classIndex: 1 }), sklearn);
  });

  it('compares against scikit-learn curves in most binary cases', () => {
    expect(binary.filter((c) => c.sklearn?.probTrue !== undefined).length).toBeGreaterThanOrEqual(60);
    expect(positiveClass.filter((c) => c.sklearn?.probTrue !== undefined).length).toBeGreaterThanOrEqual(20);
  });
});

describe('tensor and typed-array inputs read the same values', () => {
  const sample = cases.filter((_, index) => index % 10 === 0);
  it.each(sample)('tensor == Float32Array rows == flat Float32Array: $name', async (c) => {
    await expectNoLeak(() => {
      const flat32 = Float32Array.from(c.values.flat());
      const classes = (c.values[0] as number[]).length;
      const rows32 = c.values.map((row) => Float32Array.from(row));
      const tensor = tf.tensor2d(flat32, [c.values.length, classes]);
      const labels = tf.tensor1d(c.labels, 'int32');
      const wrap = (values: unknown): CalibrationInput =>
        (c.kind === 'logits' ? { logits: values } : { probabilities: values }) as CalibrationInput;
      const options = { bins: c.bins, distributionTolerance: 1e-5 };
      const fromTensor = expectedCalibrationError(wrap(tensor), labels, options);
      expect(expectedCalibrationError(wrap(rows32), c.labels, options)).toBe(fromTensor);
      expect(expectedCalibrationError(wrap(flat32), Int32Array.from(c.labels), options)).toBe(fromTensor);
      const scoreOptions = { distributionTolerance: options.distributionTolerance };
      expect(negativeLogLikelihood(wrap(tensor), labels, scoreOptions)).toBe(
        negativeLogLikelihood(wrap(flat32), c.labels, scoreOptions),
      );
      tf.dispose([tensor, labels]);
    });
  });
});
