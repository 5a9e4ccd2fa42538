// The README recipe ('In the browser' in @softlabels/core): tfjs-backend-wasm's three .wasm files copied to Vite's
// public folder (the check copies them there), their folder passed as `wasmPaths`, then the published packages'
// functions. It writes its numbers as JSON into #result for the browser check to read.
import { initBackend } from '@softlabels/core';

import { computeCheckValues } from './compute';

const output = document.querySelector('#result') as HTMLElement;

try {
  const backend = await initBackend({ backend: 'wasm', wasmPaths: '/' });
  output.textContent = JSON.stringify({ backend, ...computeCheckValues() });
} catch (error) {
  output.textContent = JSON.stringify({ error: String(error) });
}
output.dataset.done = 'true';
