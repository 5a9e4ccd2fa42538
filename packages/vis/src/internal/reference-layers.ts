import type { TopLevelSpec } from 'vega-lite';
import { checkNumber, InvalidArgumentError } from '@softlabels/core';

import { arrayOf, text } from './chart-options';

/**
 * A horizontal reference level measured over repeats: drawn at the mean, its min–max range shaded.
 *
 * @example
 * ```ts
 * import type { ReferenceLevel } from '@softlabels/vis';
 *
 * const reference: ReferenceLevel = { label: 'temperature scaling', values: [0.019, 0.021] };
 * console.log(reference.values.length); // 2
 * ```
 */
export interface ReferenceLevel {
  /** Legend text, e.g. `'temperature scaling'` or `'student alone'`. */
  label: string;
  /** The measured values (one per seed); at least one. */
  values: readonly number[];
}

type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

/** The y encoding (without field) the chart's other layers use, so the reference shares their scale. */
export interface ReferenceAxis {
  type: 'quantitative';
  title: string;
  scale: { zero: boolean; padding?: number };
}

/** Layers of a dashed horizontal line at the mean of `reference.values`, a band over their range and a label. */
export function referenceLayers(
  reference: ReferenceLevel,
  parameter: string,
  functionName: string,
  y: ReferenceAxis,
): Layer[] {
  if (typeof reference !== 'object' || reference === null) {
    throw new InvalidArgumentError({ functionName, parameter, value: reference, expected: 'be { label, values }' });
  }
  const label = text(reference.label, `${parameter}.label`, functionName);
  const values = arrayOf<number>(reference.values, `${parameter}.values`, functionName, 'numbers').map((value, index) =>
    checkNumber(value, `${parameter}.values[${index}]`, functionName),
  );
  if (values.length === 0) {
    throw new InvalidArgumentError({
      functionName,
      parameter: `${parameter}.values`,
      value: [],
      expected: 'hold at least one value',
    });
  }
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const row = {
    label: `${label} (${values.length === 1 ? 'one run' : `mean of ${values.length}`})`,
    mean,
    lower: Math.min(...values),
    upper: Math.max(...values),
  };
  const layers: Layer[] = [
    {
      data: { values: [row] },
      mark: { type: 'rect', color: '#888', opacity: 0.15 },
      encoding: { y: { ...y, field: 'lower' }, y2: { field: 'upper' } },
    },
    {
      data: { values: [row] },
      mark: { type: 'rule', color: '#444', strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { y: { ...y, field: 'mean' } },
    },
    {
      data: { values: [row] },
      mark: {
        type: 'text',
        align: 'right',
        baseline: 'bottom',
        dy: -3,
        x: 'width',
        dx: -4,
        color: '#444',
        fontSize: 10,
      },
      encoding: { y: { ...y, field: 'mean' }, text: { field: 'label' } },
    },
  ];
  return layers;
}
