import { initBackend } from '@softlabels/core';

import { computeCheckValues } from '../browser/compute';

/** What the browser page must report, computed in Node on the same backend from the same built packages. */
export async function expectedBrowserResults(): Promise<Record<string, unknown>> {
  const backend = await initBackend({ backend: 'wasm' });
  return { backend, ...computeCheckValues() };
}
