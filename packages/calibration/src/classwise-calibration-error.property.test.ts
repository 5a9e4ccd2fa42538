import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  calibrationArguments,
  calibrationCase,
  type CalibrationCase,
  classCandidates,
  definePropertySuite,
  expectNoTensorLeak,
  expectUnrelatedOpsIntact,
  FLOAT64_BOUND,
  HeapLayout,
  realiseCalibrationCase,
} from '@softlabels/test-utils';

import { classwiseCalibrationError } from './classwise-calibration-error';
import type { ClasswiseCalibrationErrorOptions } from './classwise-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/** One call: a batch, the options (undefined ones left out), and whether the call must grow the heap. */
interface ClasswiseCase {
  batch: CalibrationCase;
  bins: number | undefined;
  norm: 'l1' | 'l2' | 'max' | undefined;
  squeeze: boolean;
}

function classwiseCase(batch: fc.Arbitrary<CalibrationCase>, squeeze: boolean): fc.Arbitrary<ClasswiseCase> {
  return fc.record({
    batch,
    bins: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 30 })),
    norm: fc.constantFrom(undefined, 'l1' as const, 'l2' as const, 'max' as const),
    squeeze: fc.constant(squeeze),
  });
}

function checkCase(spec: ClasswiseCase): void {
  const data = realiseCalibrationCase(spec.batch);
  const bins = spec.bins ?? 15;
  const norm = spec.norm ?? 'l1';
  // Per class, every binning a last-bit difference in p_k could give, row by row: the mean over classes lies between
  // the sums of the per-class extremes.
  let low = 0;
  let high = 0;
  for (let k = 0; k < data.classes; k += 1) {
    const [least, largest] = classCandidates(data, k, bins, 1e-12).errorRange(data.rows, norm);
    low += least;
    high += largest;
  }
  low /= data.classes;
  high /= data.classes;
  const options: ClasswiseCalibrationErrorOptions = {
    ...(spec.bins === undefined ? {} : { bins: spec.bins }),
    ...(spec.norm === undefined ? {} : { norm: spec.norm }),
  };
  for (const precision of ['float32', 'float64'] as const) {
    expectNoTensorLeak(`classwiseCalibrationError (${precision})`, () => {
      const layout = new HeapLayout(spec.batch.filler);
      try {
        const { input, labels } = calibrationArguments(spec.batch, data, layout);
        if (spec.squeeze) layout.squeeze(1 << 17);
        const error = classwiseCalibrationError(input as CalibrationInput, labels as LabelsInput, {
          ...options,
          precision,
        });
        // Classwise bins always come from the float64 pass.
        const slack = FLOAT64_BOUND.absolute + FLOAT64_BOUND.relative * high;
        if (!(error >= low - slack && error <= high + slack)) {
          throw new Error(
            `classwiseCalibrationError (${precision} pass) is ${error}, expected ${low === high ? low : `within [${low}, ${high}]`}`,
          );
        }
        layout.check(`classwiseCalibrationError (${precision})`);
        expectUnrelatedOpsIntact(`classwiseCalibrationError (${precision})`);
      } finally {
        layout.dispose();
      }
    });
  }
}

definePropertySuite({
  name: `classwiseCalibrationError properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'equals the float64 mean over classes of the one-vs-rest binned error, for every input form and norm',
      arbitrary: classwiseCase(calibrationCase(), false),
      check: checkCase,
      runs: 100,
    },
    {
      name: 'does so just below, at and above the thread threshold, also when the call must grow the heap',
      arbitrary: classwiseCase(calibrationCase({ large: true }), true),
      check: checkCase,
      runs: 2,
    },
  ],
});
