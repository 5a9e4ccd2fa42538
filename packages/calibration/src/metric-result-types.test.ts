// The result types of the metrics with and without `bootstrap`: tsc checks the type assertions (`pnpm typecheck`
// includes this file), vitest runs the calls.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  accuracy,
  adaptiveCalibrationError,
  type BootstrapOptions,
  brierScore,
  classwiseCalibrationError,
  debiasedCalibrationError,
  expectedCalibrationError,
  type ExpectedCalibrationErrorOptions,
  ksCalibrationError,
  type MetricInterval,
  negativeLogLikelihood,
  reliabilityDiagram,
  type ReliabilityDiagram,
  type ReliabilityDiagramOptions,
  type ReliabilityDiagramWithIntervals,
  type ScoreOptions,
  smoothCalibrationError,
  type SmoothCalibrationErrorOptions,
  type WithBootstrap,
} from './index';

const probabilities = [
  [0.8, 0.2],
  [0.3, 0.7],
  [0.6, 0.4],
];
const labels = [0, 1, 1];
const input = { probabilities };

describe('result types of the metrics', () => {
  it('a number without bootstrap (also from a typed options variable), a MetricInterval with it', () => {
    const plain: ExpectedCalibrationErrorOptions = { bins: 5 };
    const resampled: WithBootstrap<ExpectedCalibrationErrorOptions> = { bins: 5, bootstrap: { resamples: 20 } };
    const either: ExpectedCalibrationErrorOptions<BootstrapOptions> = { bins: 5 };
    expectTypeOf(expectedCalibrationError(input, labels)).toEqualTypeOf<number>();
    expectTypeOf(expectedCalibrationError(input, labels, { bins: 5 })).toEqualTypeOf<number>();
    expectTypeOf(expectedCalibrationError(input, labels, plain)).toEqualTypeOf<number>();
    expectTypeOf(expectedCalibrationError(input, labels, { bootstrap: {} })).toEqualTypeOf<MetricInterval>();
    expectTypeOf(expectedCalibrationError(input, labels, resampled)).toEqualTypeOf<MetricInterval>();
    expectTypeOf(expectedCalibrationError(input, labels, either)).toEqualTypeOf<number | MetricInterval>();
    // @ts-expect-error: options typed without a bootstrap argument hold no bootstrap
    const wrong: ExpectedCalibrationErrorOptions = { bootstrap: {} };
    expect(wrong.bootstrap).toEqual({});
    expect(typeof expectedCalibrationError(input, labels, plain)).toBe('number');
    expect(expectedCalibrationError(input, labels, resampled).resamples).toBe(20);
    expect(typeof expectedCalibrationError(input, labels, either)).toBe('number');
  });

  it('every metric that returns a number follows its options', () => {
    const bootstrap = { resamples: 5 };
    const score: ScoreOptions = { ignoreIndex: -100 };
    const smooth: WithBootstrap<SmoothCalibrationErrorOptions> = { gridSize: 101, bootstrap };
    expectTypeOf(adaptiveCalibrationError(input, labels, { bins: 2 })).toEqualTypeOf<number>();
    expectTypeOf(adaptiveCalibrationError(input, labels, { bootstrap })).toEqualTypeOf<MetricInterval>();
    expectTypeOf(classwiseCalibrationError(input, labels)).toEqualTypeOf<number>();
    expectTypeOf(classwiseCalibrationError(input, labels, { bootstrap })).toEqualTypeOf<MetricInterval>();
    expectTypeOf(debiasedCalibrationError(input, labels)).toEqualTypeOf<number>();
    expectTypeOf(debiasedCalibrationError(input, labels, { bootstrap })).toEqualTypeOf<MetricInterval>();
    expectTypeOf(brierScore(input, labels, score)).toEqualTypeOf<number>();
    expectTypeOf(brierScore(input, labels, { bootstrap })).toEqualTypeOf<MetricInterval>();
    expectTypeOf(negativeLogLikelihood(input, labels, score)).toEqualTypeOf<number>();
    expectTypeOf(negativeLogLikelihood(input, labels, { bootstrap })).toEqualTypeOf<MetricInterval>();
    expectTypeOf(accuracy(input, labels, score)).toEqualTypeOf<number>();
    expectTypeOf(accuracy(input, labels, { bootstrap })).toEqualTypeOf<MetricInterval>();
    expectTypeOf(smoothCalibrationError(input, labels, { bandwidth: 0.1 })).toEqualTypeOf<number>();
    expectTypeOf(smoothCalibrationError(input, labels, smooth)).toEqualTypeOf<MetricInterval>();
    expectTypeOf(ksCalibrationError(input, labels, { classwise: true })).toEqualTypeOf<number>();
    expectTypeOf(ksCalibrationError(input, labels, { bootstrap })).toEqualTypeOf<MetricInterval>();
    const intervals = [
      adaptiveCalibrationError(input, labels, { bootstrap }),
      smoothCalibrationError(input, labels, smooth),
      ksCalibrationError(input, labels, { bootstrap }),
    ];
    expect(intervals.map((interval) => interval.resamples)).toEqual([5, 5, 5]);
  });

  it('reliabilityDiagram has interval bins with intervals', () => {
    const typed: ReliabilityDiagramOptions = { bins: 4 };
    expectTypeOf(reliabilityDiagram(input, labels)).toEqualTypeOf<ReliabilityDiagram>();
    expectTypeOf(reliabilityDiagram(input, labels, { bins: 4 })).toEqualTypeOf<ReliabilityDiagram>();
    expectTypeOf(reliabilityDiagram(input, labels, { intervals: {} })).toEqualTypeOf<ReliabilityDiagramWithIntervals>();
    expectTypeOf(reliabilityDiagram(input, labels, typed)).toEqualTypeOf<
      ReliabilityDiagram | ReliabilityDiagramWithIntervals
    >();
    const diagram: ReliabilityDiagram = reliabilityDiagram(input, labels, typed);
    expect(diagram.bins).toHaveLength(4);
    expect(reliabilityDiagram(input, labels, { intervals: { level: 0.9 } }).intervalLevel).toBe(0.9);
  });
});
