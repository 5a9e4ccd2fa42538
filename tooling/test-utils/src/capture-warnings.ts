import { afterEach, beforeEach } from 'vitest';

/** The warning channel of `@softlabels/core`, as far as {@link captureWarnings} uses it. */
export interface WarningChannel<W> {
  setWarningHandler(handler: ((warning: W) => void) | undefined): void;
  resetWarnings(): void;
}

/**
 * Collects the warnings each test of the calling `describe` block (or file) emits into the returned array (emptied
 * before each test), and restores the default handler and forgets what was emitted after each. `channel` is
 * `@softlabels/core` itself (`import * as core from '@softlabels/core'`), passed in because core's own tests use this
 * package.
 *
 * @example
 * ```ts
 * import * as core from '@softlabels/core';
 * import { captureWarnings } from '@softlabels/test-utils';
 *
 * const warnings = captureWarnings(core);
 * // in a test: expect(warnings.map((warning) => warning.code)).toEqual(['probabilities-as-logits']);
 * ```
 */
export function captureWarnings<W>(channel: WarningChannel<W>): W[] {
  const warnings: W[] = [];
  beforeEach(() => {
    warnings.length = 0;
    channel.setWarningHandler((warning) => warnings.push(warning));
  });
  afterEach(() => {
    channel.setWarningHandler(undefined);
    channel.resetWarnings();
  });
  return warnings;
}
