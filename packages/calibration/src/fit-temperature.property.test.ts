import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  calibrationArguments,
  calibrationCase,
  type CalibrationCase,
  type CalibrationData,
  definePropertySuite,
  expectNoTensorLeak,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT32_BOUND,
  FLOAT64_BOUND,
  HeapLayout,
  realiseCalibrationCase,
  temperatureNllReference,
} from '@softlabels/test-utils';

import { silencedWarnings } from './test-support/silence-warnings';
import { fitTemperature } from './fit-temperature';
import type { FitTemperatureOptions } from './fit-temperature-options';
import type { LabelsInput } from './types';
import type { TensorInput } from '@softlabels/core';

/** One fit: held-out logits and the options (undefined ones left out). */
interface FitCase {
  batch: CalibrationCase;
  minTemperature: number | undefined;
  maxTemperature: number | undefined;
  /** Where in [min, max] the search starts, as a fraction of log T's range (undefined: the default, 1). */
  start: number | undefined;
  maxIterations: number | undefined;
  tolerance: number | undefined;
  squeeze: boolean;
}

function fitCase(batch: fc.Arbitrary<CalibrationCase>, squeeze: boolean): fc.Arbitrary<FitCase> {
  return fc.record({
    batch: batch.map((spec) => ({ ...spec, kind: 'logits' as const })),
    minTemperature: fc.constantFrom(undefined, 0.05, 0.5, 1),
    maxTemperature: fc.constantFrom(undefined, 1.5, 10, 100),
    start: fc.oneof(fc.constant(undefined), fc.double({ min: 0, max: 1, noNaN: true })),
    maxIterations: fc.constantFrom(undefined, 2, 5, 100),
    tolerance: fc.constantFrom(undefined, 1e-9, 1e-6, 1e-3),
    squeeze: fc.constant(squeeze),
  });
}

/** The float64 mean NLL of softmax(z/T) at u = log T. */
function meanNll(data: CalibrationData, u: number): number {
  return temperatureNllReference(data.values, data.rows, data.classes, data.labels, u).value / data.rows;
}

/** The minimiser of the (unimodal in log T) float64 NLL over [low, high], by golden-section search. */
function optimum(data: CalibrationData, low: number, high: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = low;
  let b = high;
  for (let step = 0; step < 200 && b - a > 1e-12; step += 1) {
    const c = b - ratio * (b - a);
    const d = a + ratio * (b - a);
    if (meanNll(data, c) <= meanNll(data, d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

function checkCase(spec: FitCase): void {
  const data = realiseCalibrationCase(spec.batch);
  const minTemperature = spec.minTemperature ?? 0.01;
  const maxTemperature = Math.max(spec.maxTemperature ?? 100, minTemperature * 1.5);
  const low = Math.log(minTemperature);
  const high = Math.log(maxTemperature);
  // exp(log max) may land an ulp past max: clamped into the range it stands for.
  const initial =
    spec.start === undefined
      ? undefined
      : Math.min(maxTemperature, Math.max(minTemperature, Math.exp(low + spec.start * (high - low))));
  const options: FitTemperatureOptions = {
    ...(spec.minTemperature === undefined ? {} : { minTemperature }),
    ...(spec.maxTemperature === undefined && maxTemperature === 100 ? {} : { maxTemperature }),
    ...(initial === undefined ? {} : { initialTemperature: initial }),
    ...(spec.maxIterations === undefined ? {} : { maxIterations: spec.maxIterations }),
    ...(spec.tolerance === undefined ? {} : { tolerance: spec.tolerance }),
  };
  if (initial === undefined && (minTemperature > 1 || maxTemperature < 1)) return;
  const best = optimum(data, low, high);
  const bestNll = meanNll(data, best);
  const curvatureAt = (u: number): number =>
    Math.abs(temperatureNllReference(data.values, data.rows, data.classes, data.labels, u).secondDerivative) /
    data.rows;
  for (const precision of ['float32', 'float64'] as const) {
    const fused = precision === 'float32';
    // The fused objective's float32 lanes put ~1e-8 of noise on the NLL; the float64 pass resolves it fully.
    const bound = fused ? FLOAT32_BOUND : FLOAT64_BOUND;
    const noise = (fused ? 1e-6 : 1e-9) * Math.max(1, Math.abs(bestNll));
    // The documented stop: a Newton step in log T below `tolerance` (at least 1e-6 fused). The fit then returns the
    // point the step starts from, |u − u*| ≈ |g/c| ≤ tolerance, an NLL gap of ~½·c·tolerance²; a safeguarded step
    // within the tolerance leaves u* inside a bracket of half-width ≤ 2·tolerance, ½·c·(2·tolerance)². (With
    // tolerance 1e-3 and c = 0.70 a last step of 7.9e-5 leaves 2.2e-9 = ½·0.70·(7.9e-5)², above the 1e-9 noise.)
    const tolerance = fused ? Math.max(spec.tolerance ?? 1e-9, 1e-6) : (spec.tolerance ?? 1e-9);
    expectNoTensorLeak(`fitTemperature (${precision})`, () => {
      const layout = new HeapLayout(spec.batch.filler);
      try {
        const { input, labels } = calibrationArguments(spec.batch, data, layout);
        if (spec.squeeze) layout.squeeze(1 << 17);
        const fit = fitTemperature((input as { logits: TensorInput }).logits, labels as LabelsInput, {
          ...options,
          precision,
        });
        const context = `fitTemperature (${precision} pass)`;
        const u = Math.log(fit.temperature);
        if (!(fit.temperature >= minTemperature * (1 - 1e-12) && fit.temperature <= maxTemperature * (1 + 1e-12))) {
          throw new Error(`${context}: T = ${fit.temperature} outside [${minTemperature}, ${maxTemperature}]`);
        }
        if (!(fit.iterations >= 1 && fit.iterations <= (spec.maxIterations ?? 50))) {
          throw new Error(`${context}: ${fit.iterations} iterations, at most ${spec.maxIterations ?? 50} allowed`);
        }
        expectWithin(`${context}: nllBefore`, [fit.nllBefore], [meanNll(data, 0)], bound);
        expectWithin(`${context}: nllAfter`, [fit.nllAfter], [meanNll(data, u)], bound);
        if (minTemperature <= 1 && maxTemperature >= 1 && !(fit.nllAfter <= fit.nllBefore + noise)) {
          throw new Error(`${context}: nllAfter ${fit.nllAfter} above nllBefore ${fit.nllBefore}`);
        }
        if (spec.maxIterations === undefined || spec.maxIterations >= 50) {
          // Enough passes: the fit reaches the optimum (within the objective's noise), and says whether it is inside.
          const stopGap = 2 * tolerance ** 2 * Math.max(curvatureAt(best), curvatureAt(u));
          if (!(meanNll(data, u) <= bestNll + noise + stopGap)) {
            throw new Error(
              `${context}: T = ${fit.temperature} gives NLL ${meanNll(data, u)}, the optimum T = ${Math.exp(best)} gives ${bestNll} (allowed: ${noise} of noise + ${stopGap} for the tolerance ${tolerance})`,
            );
          }
          const interior = best - low > 1e-3 && high - best > 1e-3;
          const flat =
            Math.abs(meanNll(data, low) - meanNll(data, high)) <= noise &&
            Math.abs(meanNll(data, low) - bestNll) <= noise;
          if (interior && !flat && !fit.converged)
            throw new Error(
              `${context}: the optimum T = ${Math.exp(best)} lies inside the range, but converged is false`,
            );
        }
        layout.check(`fitTemperature (${precision})`);
        expectUnrelatedOpsIntact(`fitTemperature (${precision})`);
      } finally {
        layout.dispose();
      }
    });
  }
}

definePropertySuite({
  ...silencedWarnings(),
  name: `fitTemperature properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'reaches the float64 optimum of the NLL in log T within its bounds, on the fused and the float64 pass',
      arbitrary: fitCase(calibrationCase({ maxRows: 60 }), false),
      check: checkCase,
      runs: 60,
    },
    {
      name: 'does so just below, at and above the thread threshold, also when the fit must grow the heap',
      arbitrary: fitCase(calibrationCase({ large: true }), true),
      check: checkCase,
      runs: 2,
    },
  ],
});
