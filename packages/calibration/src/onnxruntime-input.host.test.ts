import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from './expected-calibration-error';
import { fitCalibrator } from './fit-calibrator';

const fixture = (name: string): string => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const heldOut = JSON.parse(readFileSync(fixture('held-out.json'), 'utf8')) as {
  features: number[];
  labels: number[];
  temperature: number;
};

describe('an onnxruntime-node classifier, end to end', () => {
  it('calibrates its output tensors as they come: float32 logits and int64 labels', async () => {
    const session = await ort.InferenceSession.create(fixture('classifier.onnx'));
    const rows = heldOut.labels.length;
    const x = new ort.Tensor('float32', Float32Array.from(heldOut.features), [rows, 4]);
    const logits = (await session.run({ x })).logits as ort.Tensor;
    expect(logits.type).toBe('float32');
    expect(logits.dims).toEqual([rows, 3]);
    const labels = new ort.Tensor('int64', BigInt64Array.from(heldOut.labels.map(BigInt)), [rows]);

    const calibrator = fitCalibrator('temperature', { logits }, labels);
    const { temperature } = calibrator.toJSON().parameters as { temperature: number };
    // The classifier computes 3 · (W x + b) while the labels follow softmax(W x + b): sampling noise only.
    expect(temperature).toBeGreaterThan(0.8 * heldOut.temperature);
    expect(temperature).toBeLessThan(1.25 * heldOut.temperature);

    const calibrated = calibrator.apply({ logits });
    expect(calibrated.dims).toEqual([rows, 3]);
    const before = expectedCalibrationError({ logits }, labels);
    const after = expectedCalibrationError({ probabilities: calibrated }, labels);
    expect(before).toBeGreaterThan(0.1);
    expect(after).toBeLessThan(before / 3);
    await session.release();
  });
});
