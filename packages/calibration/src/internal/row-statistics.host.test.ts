import { describe, expect, it } from 'vitest';
import { createState, quantileEdges, uniformEdges } from './calibration-state';
import { accumulateRows, binIndex, rowConfidences } from './row-statistics';

/** The next double above / below a positive finite x. */
function step(x: number, direction: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(direction));
  return view.getFloat64(0);
}
const nextUp = (x: number) => step(x, 1);
const nextDown = (x: number) => step(x, -1);

describe('binIndex (right-closed bins, edges compared in float64)', () => {
  const edges = uniformEdges(15);

  it('puts 0 in the first bin and 1 in the last', () => {
    expect(binIndex(0, edges)).toBe(0);
    expect(binIndex(1, edges)).toBe(14);
    expect(binIndex(1 + 1e-9, edges)).toBe(14);
  });

  it('puts values on an edge m/M into bin m and the next double into bin m + 1', () => {
    for (let m = 1; m < 15; m += 1) {
      const edge = m / 15;
      expect(binIndex(edge, edges)).toBe(m - 1);
      expect(binIndex(nextUp(edge), edges)).toBe(m);
      expect(binIndex(nextDown(edge), edges)).toBe(m - 1);
    }
    // nextafter(11/15, 1) belongs to bin 12 (index 11) although ceil(15c − 1) says bin 11.
    const c = nextUp(11 / 15);
    expect(binIndex(c, edges)).toBe(11);
    expect(Math.ceil(15 * c - 1)).toBe(10);
  });
});

describe('quantileEdges', () => {
  it('keeps ties together and leaves bins empty instead of splitting them', () => {
    const values = Float64Array.from([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.6, 0.7]);
    const edges = quantileEdges(values, 4);
    expect(Array.from(edges)).toEqual([0, 0.7, 0.9, 0.9, 1]);
    const counts = [0, 0, 0, 0];
    for (const value of values) {
      const bin = binIndex(value, edges);
      counts[bin] = (counts[bin] as number) + 1;
    }
    expect(counts).toEqual([2, 6, 0, 0]);
  });

  it('splits distinct values into equal-mass bins', () => {
    const values = Float64Array.from([0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]);
    expect(Array.from(quantileEdges(values, 4))).toEqual([0, 0.6, 0.7, 0.8, 1]);
  });
});

describe('accumulateRows', () => {
  it('adds rows of logits and probabilities alike, in float64', () => {
    const logits = {
      kind: 'logits' as const,
      values: Float64Array.from([0, 0, 2, 0]),
      rows: 2,
      classes: 2,
      labels: Int32Array.from([1, 0]),
    };
    const state = createState(2, 2, uniformEdges(2), true);
    accumulateRows(logits, state);
    const p = 1 / (1 + Math.exp(-2));
    expect(state.count).toBe(2);
    expect(state.correct).toBe(1); // argmax ties take the first class: row 0 predicts 0, label 1
    expect(state.confidenceSum).toBeCloseTo(0.5 + p, 15);
    expect(Array.from(state.binCount)).toEqual([1, 1]);
    expect(state.nllSum).toBeCloseTo(Math.LN2 - Math.log(p), 14);
    // Class 0 sees 0.5 (bin 1: 0.5 is on the edge) and p; class 1 sees 0.5 and 1 − p, both in bin 1.
    expect(Array.from(state.classCount)).toEqual([1, 1, 2, 0]);
    expect(Array.from(rowConfidences(logits))).toEqual([0.5, p]);
  });
});
