import { expectClose, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy';
import { adaptiveCalibrationError } from './adaptive-calibration-error';
import type { MetricInterval } from './bootstrap-options';
import { brierScore } from './brier-score';
import { classwiseCalibrationError } from './classwise-calibration-error';
import { debiasedCalibrationError } from './debiased-calibration-error';
import { expectedCalibrationError } from './expected-calibration-error';
import { readLabelledInput } from './internal/read-input';
import { rowTable } from './internal/row-statistics';
import { gridResiduals, smoothError, smoothSeries } from './internal/smooth-calibration';
import { ksCalibrationError } from './ks-calibration-error';
import { negativeLogLikelihood } from './negative-log-likelihood';
import { reliabilityDiagram } from './reliability-diagram';
import { smoothCalibrationError } from './smooth-calibration-error';
import type { CalibrationInput } from './types';

interface ReferenceBin {
  count: number;
  accuracy: number | null;
  low: number | null;
  high: number | null;
}

interface EstimatorCase {
  name: string;
  kind: 'logits' | 'probabilities';
  values: number[][];
  labels: number[];
  gridSize: number;
  bandwidth: number;
  bins: number;
  expected: {
    smooth: number;
    smoothBandwidth: number;
    smoothFixed: number;
    smoothClasswise: number;
    ks: number;
    ksClasswise: number;
    reliability95: ReferenceBin[];
    reliability80: ReferenceBin[];
  };
}

type BootstrapKey = 'ece' | 'adaptive' | 'classwise' | 'debiased' | 'brier' | 'nll' | 'accuracy' | 'ks' | 'smooth';

interface BootstrapCase {
  name: string;
  kind: 'logits' | 'probabilities';
  values: number[][];
  labels: number[];
  resamples: number;
  seed: number;
  level: number;
  bins: number;
  gridSize: number;
  expected: Record<BootstrapKey, MetricInterval>;
}

const fixture = loadFixture<{ cases: EstimatorCase[]; bootstrap: BootstrapCase[] }>(
  import.meta.url,
  './__fixtures__/estimators.json',
);
const exact = { relative: 1e-12, absolute: 1e-12 };
const inputOf = (c: { kind: 'logits' | 'probabilities'; values: number[][] }): CalibrationInput =>
  c.kind === 'logits' ? { logits: c.values } : { probabilities: c.values };

describe('smooth ECE, KS error and Wilson bins against the float64 reference', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const input = inputOf(c);
      const { gridSize } = c;
      expectClose(smoothCalibrationError(input, c.labels, { gridSize }), c.expected.smooth, exact);
      expectClose(
        smoothCalibrationError(input, c.labels, { gridSize, bandwidth: c.bandwidth }),
        c.expected.smoothFixed,
        exact,
      );
      expectClose(
        smoothCalibrationError(input, c.labels, { gridSize, classwise: true }),
        c.expected.smoothClasswise,
        exact,
      );
      const rows = readLabelledInput(input, c.labels, 'test', 1e-3);
      const table = rowTable(rows, false);
      const series = smoothSeries(
        table.rows,
        (row) => table.confidence[row] as number,
        (row) => table.correct[row] as number,
        gridSize,
      );
      const [, sigma] = smoothError(gridResiduals(series, null, gridSize), 'auto');
      expectClose(sigma, c.expected.smoothBandwidth, exact);
      expectClose(ksCalibrationError(input, c.labels), c.expected.ks, exact);
      expectClose(ksCalibrationError(input, c.labels, { classwise: true }), c.expected.ksClasswise, exact);
      for (const [level, reference] of [
        [0.95, c.expected.reliability95],
        [0.8, c.expected.reliability80],
      ] as const) {
        const diagram = reliabilityDiagram(input, c.labels, { bins: c.bins, intervals: { level } });
        expect(diagram.intervalLevel).toBe(level);
        expect(diagram.bins.map((bin) => bin.count)).toEqual(reference.map((bin) => bin.count));
        diagram.bins.forEach((bin, m) => {
          const expected = reference[m] as ReferenceBin;
          if (expected.low === null || expected.high === null) {
            expect([bin.accuracyLow, bin.accuracyHigh]).toEqual([null, null]);
          } else {
            expectClose(bin.accuracyLow as number, expected.low, exact);
            expectClose(bin.accuracyHigh as number, expected.high, exact);
          }
        });
      }
    });
  }
});

describe('bootstrap intervals against resamples drawn by a transcription of RandomSource', () => {
  for (const c of fixture.bootstrap) {
    it(c.name, () => {
      const input = inputOf(c);
      const bootstrap = { resamples: c.resamples, seed: c.seed, level: c.level };
      const { bins } = c;
      const results: Record<BootstrapKey, MetricInterval> = {
        ece: expectedCalibrationError(input, c.labels, { bins, bootstrap }),
        adaptive: adaptiveCalibrationError(input, c.labels, { bins, bootstrap }),
        classwise: classwiseCalibrationError(input, c.labels, { bins, bootstrap }),
        debiased: debiasedCalibrationError(input, c.labels, { bins, bootstrap }),
        brier: brierScore(input, c.labels, { bootstrap }),
        nll: negativeLogLikelihood(input, c.labels, { bootstrap }),
        accuracy: accuracy(input, c.labels, { bootstrap }),
        ks: ksCalibrationError(input, c.labels, { bootstrap }),
        smooth: smoothCalibrationError(input, c.labels, { gridSize: c.gridSize, bootstrap }),
      };
      for (const key of Object.keys(results) as BootstrapKey[]) {
        const result = results[key];
        const expected = c.expected[key];
        expect([result.level, result.resamples, result.seed], key).toEqual([c.level, c.resamples, c.seed]);
        expect(
          () =>
            expectClose(
              [result.estimate, result.low, result.high],
              [expected.estimate, expected.low, expected.high],
              exact,
            ),
          key,
        ).not.toThrow();
      }
    });
  }
});
