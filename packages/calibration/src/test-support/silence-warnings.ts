import { resetWarnings, setWarningHandler, type WarningHandler } from '@softlabels/core';
import { afterAll, beforeAll } from 'vitest';

/**
 * Silences softlabels' warnings for the test file that calls it, and puts the previous handler back after it: for
 * suites whose random logits are sometimes rows in [0, 1] that sum to 1, which rightly warns but is not their subject.
 */
export function silenceWarnings(): void {
  let previousHandler: WarningHandler | null = null;
  beforeAll(() => {
    previousHandler = setWarningHandler(null);
  });
  afterAll(() => {
    setWarningHandler(previousHandler);
    resetWarnings();
  });
}
