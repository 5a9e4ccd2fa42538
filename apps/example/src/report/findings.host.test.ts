import { describe, expect, it } from 'vitest';

import { judgeDistillation } from './distillation-verdict';
import { decideFindings } from './findings';
import type { CalibrationResults, DistillationResults, RepresentationResults } from './results';
import { summarise } from './summarise';

const s = (...values: number[]) => summarise(values);
const interval = (ece: number) => ({ estimate: ece, low: ece / 2, high: 2 * ece, level: 0.95, resamples: 10, seed: 0 });
const diagram = { bins: [], ece: 0, mce: 0, accuracy: 0, averageConfidence: 0, counts: [] };

function calibration(baselineEce: number, bestEce: number, tsEce: number): CalibrationResults {
  const entry = (epsilon: number, ece: number) => ({
    epsilon,
    accuracy: s(0.85),
    nll: s(0.4),
    ece: s(ece),
    heldOutEce: s(ece),
    temperature: s(1),
    eceAfterTemperature: s(0.02),
    eceBootstrap: [interval(ece)],
  });
  return {
    perEpsilon: [entry(0, baselineEce), entry(0.05, bestEce), entry(0.1, 0.09)],
    temperatureScaling: {
      temperature: s(1.6),
      ece: s(tsEce),
      nll: s(0.35),
      accuracy: s(0.85),
      eceBootstrap: [interval(tsEce)],
    },
    postHoc: [],
    trainingAlternatives: [],
    bestEpsilon: 0.05,
    reliability: {
      baseline: diagram,
      bestLabelSmoothing: diagram,
      temperatureScaled: diagram,
    } as unknown as CalibrationResults['reliability'],
  };
}

function representations(baseline: number, smoothed: number, similarSmoothed = smoothed): RepresentationResults {
  const triple = (name: 'dissimilar' | 'similar', classes: [number, number, number], tight: number) => ({
    name,
    classes,
    perEpsilon: [
      { epsilon: 0, trainTightness: s(baseline), validationTightness: s(baseline) },
      { epsilon: 0.1, trainTightness: s(tight), validationTightness: s(tight) },
    ],
    panels: [],
  });
  return {
    examplesPerClass: 10,
    triples: [triple('dissimilar', [0, 1, 2], smoothed), triple('similar', [0, 2, 1], similarSmoothed)],
  };
}

/** A grid of one hard-label and one label-smoothed cell with per-seed student accuracies (test and held-out). */
function distillation(hardStudents: number[], smoothedStudents: number[]): DistillationResults {
  const student = (values: number[]) => ({
    accuracy: s(...values),
    interval: null,
    heldOutAccuracy: s(...values),
  });
  const cell = (kind: 'hard-label' | 'label-smoothed', values: number[]) => ({
    kind,
    epsilon: kind === 'hard-label' ? 0 : 0.1,
    temperature: kind === 'hard-label' ? 4 : 1,
    teacherAccuracy: s(kind === 'hard-label' ? 0.85 : 0.86),
    gamma: s(0.1),
    student: student(values),
  });
  const grid = [cell('hard-label', hardStudents), cell('label-smoothed', smoothedStudents)];
  return {
    transferSize: 100,
    student: { kind: 'mlp', layers: 'dense 8 – dense (logits)' },
    studentEpochs: 2,
    augment: true,
    studentAlone: { hardLabels: student([0.8, 0.8]), labelSmoothing: { epsilon: 0.1, ...student([0.8, 0.8]) } },
    grid,
    verdict: judgeDistillation(grid),
    mutualInformation: {
      classes: [0, 1],
      examples: 600,
      draws: 5,
      logN: Math.log(600),
      curves: [{ epsilon: 0, epochs: [1, 2], values: [2, 3.2] }],
    },
  };
}

const NAMES = ['zero', 'one', 'two'];

describe('decideFindings', () => {
  it('says each finding reproduces when its fixed criterion holds', () => {
    const findings = decideFindings(
      calibration(0.06, 0.02, 0.015),
      representations(0.3, 0.1),
      distillation([0.83, 0.84, 0.82], [0.82, 0.83, 0.81]),
      NAMES,
    );
    expect(findings.map((finding) => [finding.id, finding.reproduced])).toEqual([
      ['calibration', true],
      ['representations', true],
      ['distillation', true],
    ]);
    expect(findings[0]?.summary).toContain('Baseline ECE 0.060');
    expect(findings[1]?.summary).toContain('dissimilar classes zero, one, two');
    expect(findings[2]?.summary).toContain('difference (LS − hard, paired by seed) -1.00 points');
    expect(findings[2]?.summary).toContain('the hard-label teacher is better beyond the interval');
    expect(findings[2]?.summary).toContain('ε 0 3.20 nats (50 % of log N, 4.62 × log 2)');
  });

  it('says plainly when a finding does not reproduce', () => {
    const findings = decideFindings(
      calibration(0.04, 0.03, 0.015),
      representations(0.2, 0.1, 0.25),
      distillation([0.82, 0.81, 0.8], [0.84, 0.83, 0.82]),
      NAMES,
    );
    expect(findings.map((finding) => finding.reproduced)).toEqual([false, false, false]);
    expect(findings[0]?.summary).toContain('Criterion: both ≤ 0.6 × baseline (0.024)');
  });

  it('holds the distillation finding as reproduced while the LS student is within the interval', () => {
    const [, , finding] = decideFindings(
      calibration(0.06, 0.02, 0.015),
      representations(0.3, 0.1),
      distillation([0.8, 0.82, 0.81], [0.81, 0.8, 0.83]),
      NAMES,
    );
    expect(finding?.reproduced).toBe(true);
    expect(finding?.summary).not.toContain('beyond the interval');
  });

  it('gives no distillation verdict for a single seed', () => {
    const [, , finding] = decideFindings(
      calibration(0.06, 0.02, 0.015),
      representations(0.3, 0.1),
      distillation([0.8], [0.79]),
      NAMES,
    );
    expect(finding).toMatchObject({ reproduced: null });
    expect(finding?.summary).toContain('one seed: no interval');
  });

  it('marks distillation as not run without stage 3', () => {
    const findings = decideFindings(calibration(0.06, 0.02, 0.015), representations(0.3, 0.1), null, NAMES);
    expect(findings[2]).toMatchObject({ id: 'distillation', reproduced: null });
  });
});
