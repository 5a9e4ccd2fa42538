import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  binnedError,
  calibrationArguments,
  calibrationCase,
  type CalibrationCase,
  calibrationPrecision,
  definePropertySuite,
  expectBinnedValue,
  expectNoTensorLeak,
  expectUnrelatedOpsIntact,
  HeapLayout,
  realiseCalibrationCase,
  topLabelCandidates,
} from '@softlabels/test-utils';

import { silencedWarnings } from './test-support/silence-warnings';
import { expectedCalibrationError } from './expected-calibration-error';
import type { ExpectedCalibrationErrorOptions } from './expected-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/** One call: a batch and the options (undefined ones are left out). */
interface EceCase {
  batch: CalibrationCase;
  /** Leave the heap so little room that the call grows it (large cases). */
  squeeze: boolean;
  bins: number | undefined;
  norm: 'l1' | 'l2' | 'max' | undefined;
  binning: 'uniform' | 'quantile' | undefined;
}

function eceCase(batch: fc.Arbitrary<CalibrationCase>, squeeze = false): fc.Arbitrary<EceCase> {
  return fc.record({
    batch,
    squeeze: fc.constant(squeeze),
    bins: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 30 })),
    norm: fc.constantFrom(undefined, 'l1' as const, 'l2' as const, 'max' as const),
    binning: fc.constantFrom(undefined, 'uniform' as const, 'quantile' as const),
  });
}

function checkCase(spec: EceCase): void {
  const data = realiseCalibrationCase(spec.batch);
  const bins = spec.bins ?? 15;
  const norm = spec.norm ?? 'l1';
  const options: ExpectedCalibrationErrorOptions = {
    ...(spec.bins === undefined ? {} : { bins: spec.bins }),
    ...(spec.norm === undefined ? {} : { norm: spec.norm }),
    ...(spec.binning === undefined ? {} : { binning: spec.binning }),
  };
  for (const precision of ['float32', 'float64'] as const) {
    const { bound, slack } = calibrationPrecision(data, precision === 'float32');
    const candidates = topLabelCandidates(data, bins, spec.binning ?? 'uniform', slack);
    expectNoTensorLeak(`expectedCalibrationError (${precision})`, () => {
      const layout = new HeapLayout(spec.batch.filler);
      try {
        const { input, labels } = calibrationArguments(spec.batch, data, layout);
        if (spec.squeeze) layout.squeeze(1 << 17);
        const ece = expectedCalibrationError(input as CalibrationInput, labels as LabelsInput, {
          ...options,
          precision,
        });
        // Rows next to an edge that could not all be listed move the l1 error by at most 2/n each.
        const unlisted = norm === 'l1' ? (2 * candidates.ambiguousRows) / data.rows : 1;
        expectBinnedValue(
          `expectedCalibrationError (${precision} pass)`,
          candidates,
          (state) => binnedError(state, data.rows, norm),
          ece,
          bound,
          unlisted,
        );
        layout.check(`expectedCalibrationError (${precision})`);
        expectUnrelatedOpsIntact(`expectedCalibrationError (${precision})`);
      } finally {
        layout.dispose();
      }
    });
  }
}

definePropertySuite({
  ...silencedWarnings(),
  name: `expectedCalibrationError properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'equals the float64 binned error of every input form, norm and binning, on the fused and the float64 pass',
      arbitrary: eceCase(calibrationCase()),
      check: checkCase,
      runs: 150,
    },
    {
      name: 'does so just below, at and above the thread threshold, also when the call must grow the heap',
      arbitrary: eceCase(calibrationCase({ large: true }), true),
      check: checkCase,
      runs: 3,
    },
  ],
});
