import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { stateQuery } from './state-query';
import { temperatureStepQuery } from './temperature-step-query';

const fixtures = join(__dirname, '__fixtures__');
const source = { table: 'logs.predictions', labels: 'label', logits: 'logits' };

/** Spark and BigQuery have no engine here: their text is checked against the committed queries, byte for byte. */
describe.each(['spark', 'bigquery', 'postgres'] as const)('the %s queries', (dialect) => {
  it('state query equals its golden text', () => {
    const expected = readFileSync(join(fixtures, `state-query.${dialect}.sql`), 'utf8');
    expect(stateQuery({ dialect, ...source, bins: 15 })).toBe(expected);
  });

  it('temperature step at T = 1.5 equals its golden text', () => {
    const expected = readFileSync(join(fixtures, `temperature-step.${dialect}.sql`), 'utf8');
    expect(temperatureStepQuery({ dialect, ...source, temperature: 1.5 })).toBe(expected);
  });
});
