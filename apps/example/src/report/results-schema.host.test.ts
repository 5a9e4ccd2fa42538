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
      representations: { classes: [0, 1], examplesPerClass: 1.5, perEpsilon: [], panels: [] },
      distillation: null,
      findings: [{ id: 'other', title: 't', reproduced: null, summary: 's' }],
    });
    expect(errors).toContain(`$.schemaVersion must be ${RESULTS_SCHEMA_VERSION}`);
    expect(errors).toContain('$.generatedAt must be of type string, got integer');
    expect(errors).toContain('$.calibration.perEpsilon needs >= 2 items');
    expect(errors).toContain('$.calibration.perEpsilon[0].accuracy.mean must be of type number, got string');
    expect(errors).toContain('$.calibration.perEpsilon[0].accuracy.values needs >= 1 items');
    expect(errors).toContain('$.representations.classes needs >= 3 items');
    expect(errors).toContain('$.representations.examplesPerClass must be of type integer, got number');
    expect(errors).toContain('$.findings[0].id must be one of "calibration", "representations", "distillation"');
    expect(errors.some((error) => error.startsWith('$.distillation'))).toBe(false);
  });

  it('rejects non-finite numbers', () => {
    const errors = validateResults({ timing: { totalSeconds: Number.NaN } });
    expect(errors).toContain('$.timing.totalSeconds must be of type number, got number');
    expect(
      validateResults({ calibration: { bestEpsilon: 0.1, temperatureScaling: { temperature: stat } } }),
    ).not.toContain('$.calibration.bestEpsilon must be of type number, got number');
  });
});
