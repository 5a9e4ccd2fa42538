import { describe, expect, it } from 'vitest';

import { RESULTS_SCHEMA, RESULTS_SCHEMA_VERSION, validateResults } from './results-schema';

const stat = { mean: 0.5, sd: 0.1, values: [0.4, 0.6] };

describe('validateResults', () => {
  it('reports every missing top-level field of an empty object', () => {
    const errors = validateResults({});
    for (const key of RESULTS_SCHEMA.required as string[]) expect(errors).toContain(`$.${key} is required`);
  });

  it('checks the version, types, enums, nullable fields and array lengths', () => {
    const errors = validateResults({
      schemaVersion: RESULTS_SCHEMA_VERSION + 1,
      generatedAt: 3,
      calibration: { perEpsilon: [{ epsilon: 0, accuracy: { mean: 'x', sd: 0, values: [] } }] },
      representations: {
        examplesPerClass: 1.5,
        triples: [{ name: 'other', classes: [0, 1], perEpsilon: [], panels: [] }],
      },
      distillation: null,
      findings: [{ id: 'other', title: 't', reproduced: null, summary: 's' }],
    });
    expect(errors).toContain(`$.schemaVersion must be ${RESULTS_SCHEMA_VERSION}`);
    expect(errors).toContain('$.generatedAt must be of type string, got integer');
    expect(errors).toContain('$.calibration.perEpsilon needs >= 2 items');
    expect(errors).toContain('$.calibration.perEpsilon[0].accuracy.mean must be of type number, got string');
    expect(errors).toContain('$.calibration.perEpsilon[0].accuracy.values needs >= 1 items');
    expect(errors).toContain('$.representations.triples needs >= 2 items');
    expect(errors).toContain('$.representations.triples[0].name must be one of "dissimilar", "similar"');
    expect(errors).toContain('$.representations.triples[0].classes needs >= 3 items');
    expect(errors).toContain('$.representations.examplesPerClass must be of type integer, got number');
    expect(errors).toContain('$.findings[0].id must be one of "calibration", "representations", "distillation"');
    expect(errors.some((error) => error.startsWith('$.distillation'))).toBe(false);
  });

  it('checks every cell of the distillation grid and the verdict', () => {
    const student = { accuracy: stat, interval: { mean: 0.5, low: 0.4, high: 0.6, level: 0.95, method: 't' } };
    const errors = validateResults({
      distillation: {
        grid: [
          { kind: 'hard-label', epsilon: 0, temperature: 1, teacherAccuracy: stat, gamma: stat, student },
          { kind: 'soft', epsilon: 0.1, temperature: '1', teacherAccuracy: stat, student: { ...student, interval: 0 } },
        ],
        verdict: { rule: 'r', hardLabel: { kind: 'hard-label', epsilon: 0 }, reproduced: 'yes' },
      },
    });
    expect(errors).toContain('$.distillation.grid[0].student.heldOutAccuracy is required');
    expect(errors).toContain('$.distillation.grid[1].kind must be one of "hard-label", "label-smoothed"');
    expect(errors).toContain('$.distillation.grid[1].temperature must be of type number, got string');
    expect(errors).toContain('$.distillation.grid[1].gamma is required');
    expect(errors).toContain('$.distillation.grid[1].student.interval must be of type object or null, got integer');
    expect(errors).toContain('$.distillation.verdict.hardLabel.temperature is required');
    expect(errors).toContain('$.distillation.verdict.labelSmoothed is required');
    expect(errors).toContain('$.distillation.verdict.difference is required');
    expect(errors).toContain('$.distillation.verdict.reproduced must be of type boolean or null, got string');
    expect(errors).toContain('$.distillation.studentAlone is required');
  });

  it('rejects non-finite numbers', () => {
    const errors = validateResults({ timing: { totalSeconds: Number.NaN } });
    expect(errors).toContain('$.timing.totalSeconds must be of type number, got number');
    expect(
      validateResults({ calibration: { bestEpsilon: 0.1, temperatureScaling: { temperature: stat } } }),
    ).not.toContain('$.calibration.bestEpsilon must be of type number, got number');
  });
});
