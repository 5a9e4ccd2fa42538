// A minimal browser page as a user would write it with Vite: wasm backend with bundled .wasm URLs, then the
// published packages' functions. It writes its numbers as JSON into #result for the browser check to read.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend } from '@softlabels/core';

import { computeCheckValues } from './compute';

const output = document.querySelector('#result') as HTMLElement;

try {
  const backend = await initBackend({
    backend: 'wasm',
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
  });
  output.textContent = JSON.stringify({ backend, ...computeCheckValues() });
} catch (error) {
  output.textContent = JSON.stringify({ error: String(error) });
}
output.dataset.done = 'true';
