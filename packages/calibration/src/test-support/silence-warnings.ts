import { resetWarnings, setWarningHandler, type WarningHandler } from '@softlabels/core';

/**
 * A property suite's `setup` and `teardown` that silence softlabels' warnings while it runs and then put the previous
 * handler back: for suites whose random logits are sometimes rows in [0, 1] that sum to 1, which rightly warns but is
 * not their subject. Hooks of the suite (not of vitest), so the fuzz runner, which loads the suites outside vitest,
 * runs them too.
 */
export function silencedWarnings(): { setup: () => void; teardown: () => void } {
  let previousHandler: WarningHandler | null = null;
  return {
    setup: () => {
      previousHandler = setWarningHandler(null);
    },
    teardown: () => {
      setWarningHandler(previousHandler);
      resetWarnings();
    },
  };
}
