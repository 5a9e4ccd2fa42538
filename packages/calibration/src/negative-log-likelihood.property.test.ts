import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  calibrationArguments,
  calibrationCase,
  type CalibrationCase,
  calibrationPrecision,
  definePropertySuite,
  expectNoTensorLeak,
  expectUnrelatedOpsIntact,
  expectWithin,
  HeapLayout,
  realiseCalibrationCase,
} from '@softlabels/test-utils';

import { negativeLogLikelihood } from './negative-log-likelihood';
import type { CalibrationInput, LabelsInput } from './types';

/** One call on a batch; `squeeze` leaves the heap so little room that the call grows it. */
interface NllCase {
  batch: CalibrationCase;
  squeeze: boolean;
}

function checkCase(spec: NllCase): void {
  const data = realiseCalibrationCase(spec.batch);
  // −log p_y per row; a probability of 0 (or a hair below, within the tolerance) gives Infinity.
  let total = 0;
  for (const value of data.reference.nll) total += Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  const expected = total / data.rows;
  for (const precision of ['float32', 'float64'] as const) {
    const { bound } = calibrationPrecision(data, precision === 'float32');
    expectNoTensorLeak(`negativeLogLikelihood (${precision})`, () => {
      const layout = new HeapLayout(spec.batch.filler);
      try {
        const { input, labels } = calibrationArguments(spec.batch, data, layout);
        if (spec.squeeze) layout.squeeze(1 << 17);
        const nll = negativeLogLikelihood(input as CalibrationInput, labels as LabelsInput, { precision });
        expectWithin(`negativeLogLikelihood (${precision} pass)`, [nll], [expected], bound);
        layout.check(`negativeLogLikelihood (${precision})`);
        expectUnrelatedOpsIntact(`negativeLogLikelihood (${precision})`);
      } finally {
        layout.dispose();
      }
    });
  }
}

definePropertySuite({
  name: `negativeLogLikelihood properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'equals the float64 mean NLL of the labels for every input form, on the fused and the float64 pass',
      arbitrary: fc.record({ batch: calibrationCase(), squeeze: fc.constant(false) }),
      check: checkCase,
      runs: 120,
    },
    {
      name: 'does so just below, at and above the thread threshold, also when the call must grow the heap',
      arbitrary: fc.record({ batch: calibrationCase({ large: true }), squeeze: fc.constant(true) }),
      check: checkCase,
      runs: 3,
    },
  ],
});
