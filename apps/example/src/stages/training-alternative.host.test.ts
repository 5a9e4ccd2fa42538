import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import {
  ALL_ALTERNATIVES,
  alternativeId,
  alternativeLabel,
  parseAlternatives,
  type TrainingAlternative,
} from './training-alternative';

describe('training-time alternatives', () => {
  it('name each alternative by an id that parses back to it, and by a label', () => {
    expect(ALL_ALTERNATIVES.map(alternativeId)).toEqual([
      'focal:1',
      'focal:3',
      'focal:flsd-53',
      'penalty:0.1',
      'penalty:0.5',
    ]);
    expect(parseAlternatives(ALL_ALTERNATIVES.map(alternativeId).join(','), 'test')).toEqual(ALL_ALTERNATIVES);
    expect(ALL_ALTERNATIVES.map(alternativeLabel)).toEqual([
      'focal loss γ = 1',
      'focal loss γ = 3',
      'focal loss FLSD-53 (γ 5 / 3)',
      'confidence penalty β = 0.1',
      'confidence penalty β = 0.5',
    ]);
  });

  it('reads none, all and lists with spaces', () => {
    expect(parseAlternatives('none', 'test')).toEqual([]);
    expect(parseAlternatives(' all ', 'test')).toEqual(ALL_ALTERNATIVES);
    expect(parseAlternatives('penalty:.25, focal:0', 'test')).toEqual<TrainingAlternative[]>([
      { loss: 'confidence-penalty', beta: 0.25 },
      { loss: 'focal', gamma: 0 },
    ]);
  });

  it.each([
    '',
    'focal',
    'focal:',
    'focal:1:2',
    'focal:-1',
    'focal:x',
    'penalty:flsd-53',
    'smooth:0.1',
    'focal:3,focal:3',
  ])('refuses %j naming the flag', (value) => {
    const attempt = () => parseAlternatives(value, 'pnpm example');
    expect(attempt).toThrow(InvalidArgumentError);
    expect(attempt).toThrow(/Argument '--alternatives' passed to 'pnpm example' must be none, all, or/);
  });
});
