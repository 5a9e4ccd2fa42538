import { describe, expect, it } from 'vitest';

import { peerBudgetSeconds } from './calibrators';

describe('peerBudgetSeconds', () => {
  it('gives matrix and Dirichlet fits over a minute our time, and nothing else a budget', () => {
    expect(peerBudgetSeconds('matrix', 200)).toBe(200);
    expect(peerBudgetSeconds('dirichlet', 61)).toBe(61);
    expect(peerBudgetSeconds('dirichlet', 60)).toBeUndefined();
    expect(peerBudgetSeconds('vector', 900)).toBeUndefined();
    expect(peerBudgetSeconds('temperature', 900)).toBeUndefined();
  });
});
