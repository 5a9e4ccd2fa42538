import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyTemperature } from './apply-temperature';
import { CalibrationAccumulator } from './calibration-accumulator';
import { confidenceHistogram } from './confidence-histogram';
import { expectedCalibrationError } from './expected-calibration-error';
import { fitTemperature } from './fit-temperature';
import { reliabilityDiagram } from './reliability-diagram';
import { README_LABELS, README_LOGITS } from './test-support/readme-example';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('plain-array input', () => {
  it('never asks tfjs for a backend, so it needs none (the README example, as a newcomer runs it)', () => {
    // Every tfjs op, tensor and read goes through the engine's backend; plain input must not reach it.
    const engine = tf.engine();
    const backend = vi.spyOn(engine, 'backend', 'get');
    const logits = README_LOGITS;
    const labels = README_LABELS;
    const flat = new Float32Array(logits.flat());
    expect(expectedCalibrationError({ logits }, labels)).toBeCloseTo(0.298, 3);
    const fit = fitTemperature({ logits: flat }, Int32Array.from(labels));
    const scaled = applyTemperature(flat, fit.temperature);
    expect(expectedCalibrationError({ logits: scaled }, labels)).toBeLessThan(1e-6);
    expect(reliabilityDiagram({ logits: applyTemperature(logits, fit.temperature) }, labels).counts).toHaveLength(15);
    expect(confidenceHistogram({ probabilities: [[0.2, 0.8]] }).total).toBe(1);
    expect(new CalibrationAccumulator().update({ logits: scaled }, labels).compute().count).toBe(6);
    expect(backend).not.toHaveBeenCalled();
    // The spy does see backend use: a tensor reaches it.
    tf.tidy(() => {
      applyTemperature(tf.tensor1d([1, 2]), 2);
    });
    expect(backend).toHaveBeenCalled();
  });
});
