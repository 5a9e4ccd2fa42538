import { resetWarnings, setWarningHandler, type SoftlabelsWarning } from '@softlabels/core';
import { afterEach, beforeEach } from 'vitest';

/**
 * Collects the warnings each test of the calling `describe` block emits into the returned array (emptied before each
 * test), and restores the default handler and forgets what was emitted after each.
 */
export function captureWarnings(): SoftlabelsWarning[] {
  const warnings: SoftlabelsWarning[] = [];
  beforeEach(() => {
    warnings.length = 0;
    setWarningHandler((warning) => warnings.push(warning));
  });
  afterEach(() => {
    setWarningHandler(undefined);
    resetWarnings();
  });
  return warnings;
}
