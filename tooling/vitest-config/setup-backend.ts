// Runs before every test file: activates the project's backend through the public API, as users do.
import { initBackend } from '@softlabels/core';

const backend = process.env.SOFTLABELS_TEST_BACKEND;
if (backend !== 'cpu' && backend !== 'wasm' && backend !== 'cuda') {
  throw new Error(`setup-backend: SOFTLABELS_TEST_BACKEND must be cpu, wasm or cuda, got '${backend}'`);
}
await initBackend({ backend });
