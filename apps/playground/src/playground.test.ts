// The production build in headless Chromium: the page loads its data, a short run of both networks trains in the
// worker, the ECE and fitted temperature it shows match the same computation in Node on the weights the page
// exports, the charts are drawn, an uploaded file gets the calibration panel, and nothing is logged as an error.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { withChromium } from '@softlabels/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { decodeDataset } from './dataset';
import { createMlp, measureCalibration, predictLogits, splitHeldOut } from './training';

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

  it('trains, shows ECE and T that Node reproduces, draws its charts and reads an uploaded file', async () => {
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
        await page.fill('[data-testid="epochs"]', String(EPOCHS));
        await page.focus('[data-testid="train"]');
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-testid="status"][data-done="true"]', { timeout: 60_000 });
        const status = await page.textContent('[data-testid="status"]');
        expect(status).toMatch(/^Done: 150 steps/);

        const read = async (testid: string) =>
          Number(await page.getAttribute(`[data-testid="${testid}"]`, 'data-value'));
        const ece = await read('ece');
        const temperature = await read('temperature');
        const exported = await page.evaluate(() =>
          (
            globalThis as unknown as {
              playground: {
                exportWeights: () => Promise<{ alpha: number; weights: { shape: number[]; values: Float32Array }[] }>;
              };
            }
          ).playground
            .exportWeights()
            .then((message) => ({
              alpha: message.alpha,
              weights: message.weights.map((weight) => ({ shape: weight.shape, values: Array.from(weight.values) })),
            })),
        );
        const dataset = decodeDataset(gunzipSync(readFileSync(join(root, 'public/fashion-mnist-subset.bin'))));
        const { heldOut } = splitHeldOut(dataset.train);
        const model = createMlp(dataset.pixels, 0);
        model.setWeights(exported.weights.map((weight) => tf.tensor(weight.values, weight.shape)));
        const node = measureCalibration(
          exported.alpha,
          await predictLogits(model, dataset.test),
          dataset.test.labels,
          await predictLogits(model, heldOut),
          heldOut.labels,
        );
        model.dispose();
        expect(exported.alpha).toBe(0.1);
        expect(ece).toBeGreaterThan(0);
        expect(ece).toBeCloseTo(node.ece, 5);
        expect(temperature).toBeCloseTo(node.temperature, 4);

        for (const chart of ['curves', 'reliability', 'projection']) {
          const marks = await page
            .locator(`[data-testid="${chart}"] svg path, [data-testid="${chart}"] svg line`)
            .count();
          expect(marks, chart).toBeGreaterThan(0);
        }

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

        const timings = await page.evaluate(() =>
          (globalThis as unknown as { playground: { timings: () => unknown } }).playground.timings(),
        );
        console.log(`playground timings: ${JSON.stringify(timings)}`);
        if (process.env.SOFTLABELS_PLAYGROUND_SCREENSHOT !== undefined) {
          await page.screenshot({ path: join(root, 'docs/playground.png'), fullPage: true });
        }
        expect(errors).toEqual([]);
      },
      { viewport: { width: 1280, height: 800 } },
    );
  }, 90_000);
});
