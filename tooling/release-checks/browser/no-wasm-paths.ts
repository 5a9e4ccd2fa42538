// A newcomer's first page: the wasm backend asked for without `wasmPaths`, then `'auto'`. It reports the error, the
// backend `'auto'` chose and the warnings softlabels emitted, as JSON in #result.
import { initBackend, setWarningHandler, type SoftlabelsWarning } from '@softlabels/core';

const output = document.querySelector('#result') as HTMLElement;
const warnings: SoftlabelsWarning[] = [];
setWarningHandler((warning) => warnings.push(warning));

const wasmError = await initBackend({ backend: 'wasm' }).then(
  () => undefined,
  (error: unknown) => ({ name: (error as Error).name, message: (error as Error).message }),
);
const auto = await initBackend();
output.textContent = JSON.stringify({ wasmError, auto, warnings });
output.dataset.done = 'true';
