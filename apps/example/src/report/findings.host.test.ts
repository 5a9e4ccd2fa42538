import { describe, expect, it } from 'vitest';

import { decideFindings } from './findings';
import type { CalibrationResults, DistillationResults, RepresentationResults } from './results';
import { summarise } from './summarise';

const s = (...values: number[]) => summarise(values);
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
  });
  return {
    perEpsilon: [entry(0, baselineEce), entry(0.05, bestEce), entry(0.1, 0.09)],
    temperatureScaling: { temperature: s(1.6), ece: s(tsEce), nll: s(0.35), accuracy: s(0.85) },
    bestEpsilon: 0.05,
    reliability: {
      baseline: diagram,
      bestLabelSmoothing: diagram,
      temperatureScaled: diagram,
    } as unknown as CalibrationResults['reliability'],
  };
}

function representations(baseline: number, smoothed: number): RepresentationResults {
  return {
    classes: [0, 1, 2],
    examplesPerClass: 10,
    perEpsilon: [
      { epsilon: 0, trainTightness: s(baseline), validationTightness: s(baseline) },
      { epsilon: 0.1, trainTightness: s(smoothed), validationTightness: s(smoothed) },
    ],
    panels: [],
  };
}

function distillation(hardStudent: number, smoothedStudent: number): DistillationResults {
  const teacher = (kind: 'hard-label' | 'label-smoothed', studentAccuracy: number) => ({
    kind,
    epsilon: kind === 'hard-label' ? 0 : 0.1,
    temperature: 1,
    teacherAccuracy: s(kind === 'hard-label' ? 0.85 : 0.86),
    gamma: s(0.1),
    studentAccuracy: s(studentAccuracy),
  });
  return {
    transferSize: 100,
    studentHidden: [8],
    studentEpochs: 2,
    studentAlone: s(0.8),
    teachers: [teacher('hard-label', hardStudent), teacher('label-smoothed', smoothedStudent)],
    mutualInformation: { classes: [0, 1], examples: 4, draws: 5, logN: Math.log(4), curves: [] },
  };
}

describe('decideFindings', () => {
  it('says each finding reproduces when its fixed criterion holds', () => {
    const findings = decideFindings(
      calibration(0.06, 0.02, 0.015),
      representations(0.3, 0.1),
      distillation(0.83, 0.82),
    );
    expect(findings.map((finding) => [finding.id, finding.reproduced])).toEqual([
      ['calibration', true],
      ['representations', true],
      ['distillation', true],
    ]);
    expect(findings[0]?.summary).toContain('Baseline ECE 0.060');
    expect(findings[2]?.summary).toContain('more accurate');
  });

  it('says plainly when a finding does not reproduce', () => {
    const findings = decideFindings(
      calibration(0.04, 0.03, 0.015),
      representations(0.2, 0.25),
      distillation(0.82, 0.83),
    );
    expect(findings.map((finding) => finding.reproduced)).toEqual([false, false, false]);
    expect(findings[0]?.summary).toContain('Criterion: both ≤ 0.6 × baseline (0.024)');
  });

  it('marks distillation as not run without stage 3', () => {
    const findings = decideFindings(calibration(0.06, 0.02, 0.015), representations(0.3, 0.1), null);
    expect(findings[2]).toMatchObject({ id: 'distillation', reproduced: null });
  });
});
