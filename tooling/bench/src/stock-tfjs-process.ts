// The stock-tfjs process of the `conv-kernels` scenario (started by stock-tfjs-peer.ts): plain tfjs-core with its
// own cpu and wasm backends, without softlabels' initBackend, so that the scenario can show tfjs's own kernels beside
// whatever initBackend registers in the bench's process. Reads { backend, batch, warmup, repeats } as JSON on stdin,
// writes { version, results } as one JSON line on stdout, progress lines on stderr.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; loading tfjs-layers registers them all.
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';

import { convKernelCases, runCase } from './conv-kernel-cases';
import { measure, type Measurement, type Repeats } from './measure';

interface Request extends Repeats {
  backend: 'cpu' | 'wasm';
  batch: number;
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Request;
if (!(await tf.setBackend(request.backend))) throw new Error(`tfjs could not start its ${request.backend} backend`);
await tf.ready();
const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
if (cpu !== null) cpu.firstUse = false;

const version = `tfjs-backend-${request.backend} ${request.backend === 'wasm' ? version_wasm : tf.version_core}`;
const results: Record<string, { measurement?: Measurement; note?: string }> = {};
for (const kernelCase of convKernelCases(request.batch)) {
  const missing = kernelCase.kernels.filter((name) => tf.getKernel(name, request.backend) === undefined);
  if (missing.length > 0) {
    results[kernelCase.id] = { note: `${version} has no ${missing.join(', ')} kernel` };
  } else {
    const { run, dispose } = kernelCase.prepare();
    try {
      results[kernelCase.id] = { measurement: await measure(() => runCase(run, true), request) };
    } catch (error) {
      results[kernelCase.id] = { note: `failed: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      dispose();
    }
  }
  const figure = results[kernelCase.id]?.measurement?.medianMs;
  process.stderr.write(`stock tfjs: ${kernelCase.id} ${figure === undefined ? 'n/a' : `${figure.toFixed(2)} ms`}\n`);
}
process.stdout.write(`${JSON.stringify({ version, results })}\n`);
