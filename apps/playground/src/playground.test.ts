// The production build in headless Chromium: the page loads its data, a short run of both networks trains in the
// worker, the ECE and fitted temperature it shows match the same computation in Node on the weights the page
// exports, the charts are drawn, two distillation runs add their points, uploaded CSV and .npy files get the
// calibration panel and a bad one an error message, the CNN trains, a phone-width viewport does not overflow, and
// nothing is logged as an error.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { withChromium } from '@softlabels/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createNetwork, type NetworkKind } from './create-network';
import { decodeDataset } from './dataset';
import { encodeNpy } from './encode-npy';
import { measureCalibration, predictLogits, splitHeldOut } from './training';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EPOCHS = 3;

describe('the playground, built for production, in Chromium', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'softlabels-playground-'));
  let server: PreviewServer;
  let origin: string;
  beforeAll(async () => {
    await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    server = await preview({ root, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
    const address = server.httpServer.address();
    if (address === null || typeof address === 'string') throw new Error('the preview server has no port');
    origin = `http://127.0.0.1:${address.port}`;
  }, 90_000);
  afterAll(async () => {
    await new Promise<void>((done) => server.httpServer.close(() => done()));
    rmSync(outDir, { recursive: true, force: true });
  });

  it('trains, shows ECE and T that Node reproduces, distils, reads uploaded files and fits a phone', async () => {
    await withChromium(
      async (context) => {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`${origin}/`);
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
        await page.waitForSelector('[data-testid="train"]:not([disabled])', { timeout: 30_000 });
        // The threaded build, with its default of half the logical cores (at least one, at most eight).
        expect(await page.getAttribute('[data-testid="backend-threads"]', 'data-build')).toBe('threaded');
        const cores = await page.evaluate(() => navigator.hardwareConcurrency);
        expect(Number(await page.getAttribute('[data-testid="backend-threads"]', 'data-value'))).toBe(
          Math.min(8, Math.max(1, Math.floor(cores / 2))),
        );
        await page.fill('[data-testid="epochs"]', String(EPOCHS));
        await page.focus('[data-testid="train"]');
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-testid="status"][data-done="true"]', { timeout: 60_000 });
        const status = await page.textContent('[data-testid="status"]');
        expect(status).toMatch(/^Done: 150 steps/);

        const read = async (testid: string) =>
          Number(await page.getAttribute(`[data-testid="${testid}"]`, 'data-value'));
        const timings = () =>
          page.evaluate(() =>
            (globalThis as unknown as { playground: { timings: () => unknown } }).playground.timings(),
          );
        const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        const ece = await read('ece');
        const temperature = await read('temperature');
        const exported = await page.evaluate(() =>
          (
            globalThis as unknown as {
              playground: {
                exportWeights: () => Promise<{
                  model: NetworkKind;
                  alpha: number;
                  weights: { shape: number[]; values: Float32Array }[];
                }>;
              };
            }
          ).playground
            .exportWeights()
            .then((message) => ({
              model: message.model,
              alpha: message.alpha,
              weights: message.weights.map((weight) => ({ shape: weight.shape, values: Array.from(weight.values) })),
            })),
        );
        const dataset = decodeDataset(gunzipSync(readFileSync(join(root, 'public/fashion-mnist-subset.bin'))));
        const { heldOut } = splitHeldOut(dataset.train);
        const model = createNetwork(exported.model, dataset.pixels, 0);
        model.setWeights(exported.weights.map((weight) => tf.tensor(weight.values, weight.shape)));
        const node = measureCalibration(
          exported.alpha,
          await predictLogits(model, dataset.test),
          dataset.test.labels,
          await predictLogits(model, heldOut),
          heldOut.labels,
        );
        model.dispose();
        expect(exported.model).toBe('mlp');
        expect(exported.alpha).toBe(0.1);
        expect(ece).toBeGreaterThan(0);
        expect(ece).toBeCloseTo(node.ece, 5);
        expect(temperature).toBeCloseTo(node.temperature, 4);

        const csv = 'p0,p1,p2,label\n0.7,0.2,0.1,0\n0.1,0.8,0.1,1\n0.3,0.3,0.4,0\n0.2,0.2,0.6,2\n';
        await page.setInputFiles('[data-testid="upload"]', {
          name: 'mine.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(csv),
        });
        await page.waitForSelector('[data-testid="upload-reliability"] svg', { timeout: 10_000 });
        expect(await page.textContent('[data-testid="upload-summary"]')).toMatch(
          /^mine\.csv: 4 rows of 3 probabilities, ECE 0\.\d{4}/,
        );

        const marks = (testid: string) =>
          page.locator(`[data-testid="${testid}"] svg path, [data-testid="${testid}"] svg line`).count();
        for (const chart of ['curves', 'reliability', 'projection', 'upload-reliability']) {
          expect(await marks(chart), chart).toBeGreaterThan(0);
        }
        const mlpTimings = await timings();

        // Three distillation runs from the two teachers, started with the keyboard.
        await page.fill('[data-testid="distil-epochs"]', '1');
        for (const [teacher, temperature] of [
          ['0', '4'],
          ['1', '2'],
          ['0', '1'],
        ] as const) {
          await page.selectOption('[data-testid="teacher"]', teacher);
          await page.fill('[data-testid="distil-temperature"]', temperature);
          await page.focus('[data-testid="distil"]');
          await page.keyboard.press('Enter');
          await page.waitForSelector('[data-testid="distil"]:not([disabled])', { timeout: 60_000 });
        }
        expect(await page.locator('[data-testid="distil-runs"] tr').count()).toBe(3);
        const studentAccuracy = await read('student-accuracy');
        const gamma = await read('gamma');
        expect(studentAccuracy).toBeGreaterThan(0.3);
        expect(studentAccuracy).toBeLessThanOrEqual(1);
        expect(gamma).toBeGreaterThan(0);
        expect(gamma).toBeLessThan(1);
        expect(await read('mutual-information')).toBeLessThanOrEqual(Math.log(200));
        expect(await marks('distillation')).toBeGreaterThan(0);

        // Scores and labels as two .npy files, then a big-endian file that the page refuses in words.
        const logits = Float32Array.from([2, 0, -1, 0, 3, 1, 1, 1, 0.5, -2, 0, 4]);
        await page.setInputFiles('[data-testid="upload"]', [
          {
            name: 'logits.npy',
            mimeType: 'application/octet-stream',
            buffer: Buffer.from(encodeNpy('<f4', [4, 3], logits)),
          },
          {
            name: 'labels.npy',
            mimeType: 'application/octet-stream',
            buffer: Buffer.from(encodeNpy('<i8', [4], BigInt64Array.from([0n, 1n, 2n, 2n]))),
          },
        ]);
        await page.waitForFunction(() =>
          document.querySelector('[data-testid="upload-summary"]')?.textContent?.startsWith('logits.npy'),
        );
        expect(await page.textContent('[data-testid="upload-summary"]')).toMatch(
          /^logits\.npy \+ labels\.npy: 4 rows of 3 logits, ECE 0\.\d{4}/,
        );
        if (process.env.SOFTLABELS_PLAYGROUND_SCREENSHOT !== undefined) {
          await page.screenshot({ path: join(root, 'docs/playground.png'), fullPage: true });
        }
        await page.setInputFiles('[data-testid="upload"]', {
          name: 'bad.npy',
          mimeType: 'application/octet-stream',
          buffer: Buffer.from(encodeNpy('>f4', [2, 3], new Float32Array(6))),
        });
        await page.waitForSelector('[data-testid="upload-error"]:not([hidden])', { timeout: 10_000 });
        expect(await page.textContent('[data-testid="upload-error"]')).toMatch(
          /^bad\.npy: has dtype '>f4' \(big-endian/,
        );
        expect(await page.textContent('[data-testid="upload-summary"]')).toBe('');

        // The CNN: one epoch of both networks.
        await page.click('[data-testid="reset"]');
        await page.selectOption('[data-testid="model"]', 'cnn');
        await page.fill('[data-testid="epochs"]', '1');
        await page.click('[data-testid="train"]');
        await page.waitForSelector('[data-testid="status"][data-done="true"]', { timeout: 60_000 });
        expect(await page.textContent('[data-testid="status"]')).toMatch(/^Done: 50 steps/);
        expect(await read('ece')).toBeGreaterThan(0);
        const cnnTimings = await timings();
        console.log(`playground timings: mlp ${JSON.stringify(mlpTimings)}, cnn ${JSON.stringify(cnnTimings)}`);

        // Nothing wider than the screen, at 1280 CSS pixels and at a phone's width.
        expect(await overflow()).toBeLessThanOrEqual(0);
        await page.setViewportSize({ width: 375, height: 740 });
        expect(await overflow()).toBeLessThanOrEqual(0);
        if (process.env.SOFTLABELS_PLAYGROUND_SCREENSHOT !== undefined) {
          await page.screenshot({ path: join(root, 'docs/playground-phone.png') });
        }
        expect(errors).toEqual([]);
      },
      { viewport: { width: 1280, height: 800 } },
    );
  }, 240_000);
});
