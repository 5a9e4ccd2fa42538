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
  FLOAT64_BOUND,
  HeapLayout,
  realiseCalibrationCase,
} from '@softlabels/test-utils';

import { brierScore } from './brier-score';
import type { CalibrationInput, LabelsInput } from './types';

/** One call on a batch; `squeeze` leaves the heap so little room that the call grows it. */
interface BrierCase {
  batch: CalibrationCase;
  squeeze: boolean;
}

/** Mean over rows of Σ_k (p_k − 1{y = k})², from the float64 probabilities. */
function brierReference(data: CalibrationData): { value: number; magnitude: number } {
  let total = 0;
  for (let row = 0; row < data.rows; row += 1) {
    for (let k = 0; k < data.classes; k += 1) {
      const difference =
        (data.reference.probabilities[row * data.classes + k] as number) - (data.labels[row] === k ? 1 : 0);
      total += difference * difference;
    }
  }
  return { value: total / data.rows, magnitude: total / data.rows };
}

function checkCase(spec: BrierCase): void {
  const data = realiseCalibrationCase(spec.batch);
  const reference = brierReference(data);
  for (const precision of ['float32', 'float64'] as const) {
    expectNoTensorLeak(`brierScore (${precision})`, () => {
      const layout = new HeapLayout(spec.batch.filler);
      try {
        const { input, labels } = calibrationArguments(spec.batch, data, layout);
        if (spec.squeeze) layout.squeeze(1 << 17);
        const score = brierScore(input as CalibrationInput, labels as LabelsInput, { precision });
        // The Brier sum always runs in float64 on the host.
        expectWithin(`brierScore (${precision} pass)`, [score], [reference.value], FLOAT64_BOUND, [
          reference.magnitude,
        ]);
        layout.check(`brierScore (${precision})`);
        expectUnrelatedOpsIntact(`brierScore (${precision})`);
      } finally {
        layout.dispose();
      }
    });
  }
}

definePropertySuite({
  name: `brierScore properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'equals the float64 multiclass Brier score of every input form',
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
