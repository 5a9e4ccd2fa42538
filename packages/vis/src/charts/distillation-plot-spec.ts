import { checkNumber, InvalidArgumentError } from '@softlabels/core';

import { arrayOf, checkSeed, describeSpread, prepareSpread, readChartOptions, text } from '../internal/chart-options';
import type { ChartSpec } from '../internal/chart-spec';
import { CATEGORY_COLOURS, CONFIG, SCHEMA } from '../internal/chart-theme';
import { paddedDomain } from '../internal/padded-domain';
import { referenceLayers, type ReferenceLevel } from '../internal/reference-layers';
import type { DistillationPlotOptions } from './distillation-plot-spec-options';
import { summarise } from './summarise';

const FUNCTION_NAME = 'distillationPlotSpec';

/**
 * One trained student.
 *
 * @example
 * ```ts
 * import type { DistillationPoint } from '@softlabels/vis';
 *
 * const point: DistillationPoint = { teacher: 'hard-label teacher', gamma: 0.2, temperature: 4, accuracy: 0.833 };
 * console.log(point.gamma); // 0.2
 * ```
 */
export interface DistillationPoint {
  /** Teacher kind: one series each, e.g. `'hard-label teacher'`, `'label-smoothed teacher'`. */
  teacher: string;
  /** The teacher's smoothness γ on the transfer set (`teacherSmoothness` of `@softlabels/distillation`). */
  gamma: number;
  /** The student's test accuracy in [0, 1]. */
  accuracy: number;
  /** The teacher temperature T used, shown beside the point (`T=2`) when given and `label` is not. */
  temperature?: number;
  /** Text beside the setting's mean point, e.g. `'ε=0.1'` for a label-smoothed teacher (overrides `T=…`). */
  label?: string;
  /** Seed or repeat index, an integer (informational: not drawn). */
  seed?: number;
}

/**
 * Plain data of {@link distillationPlotSpec}.
 *
 * @example
 * ```ts
 * import type { DistillationPlotData } from '@softlabels/vis';
 *
 * const data: DistillationPlotData = {
 *   points: [{ teacher: 'hard-label teacher', gamma: 0.02, temperature: 1, accuracy: 0.825 }],
 *   baseline: { label: 'student alone', values: [0.82] },
 * };
 * console.log(data.points.length); // 1
 * ```
 */
export interface DistillationPlotData {
  /** Students; repeats (seeds) of one teacher setting share `teacher`, `gamma`, `temperature` and `label`. */
  points: readonly DistillationPoint[];
  /** Optional horizontal reference, e.g. the student trained alone: `{ label, values }` over seeds. */
  baseline?: ReferenceLevel;
}

/**
 * A vega-lite spec of the paper's distillation plot: student accuracy against teacher smoothness γ, one series per
 * teacher kind. Repeats of a teacher setting (same teacher, γ and label/T) are drawn as faint dots, their mean as the
 * series' point with an error bar (`spread`), labelled with `label` or T; an optional baseline (the student alone)
 * is a dashed line with its spread shaded.
 *
 * @example
 * ```ts
 * import { distillationPlotSpec, renderSvg } from '@softlabels/vis';
 *
 * const spec = distillationPlotSpec({
 *   points: [
 *     { teacher: 'hard-label teacher', gamma: 0.02, temperature: 1, accuracy: 0.825 },
 *     { teacher: 'hard-label teacher', gamma: 0.2, temperature: 4, accuracy: 0.833 },
 *     { teacher: 'label-smoothed teacher', gamma: 0.1, label: 'ε=0.1', accuracy: 0.828 },
 *   ],
 *   baseline: { label: 'student alone', values: [0.82, 0.818] },
 * });
 * const svg = await renderSvg(spec);
 * console.log(svg.includes('student alone')); // true
 * ```
 */
export function distillationPlotSpec(data: DistillationPlotData, options: DistillationPlotOptions = {}): ChartSpec {
  const { layout, record } = readChartOptions(
    options,
    ['spread'],
    { title: 'Distillation: student accuracy vs teacher smoothness', width: 380, height: 260 },
    FUNCTION_NAME,
  );
  const spread = prepareSpread(record.spread, FUNCTION_NAME);
  if (typeof data !== 'object' || data === null) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'data',
      value: data,
      expected: 'be { points, baseline? }',
    });
  }
  const points = arrayOf<DistillationPoint>(data.points, 'data.points', FUNCTION_NAME, 'students').map(
    (point, index) => {
      const parameter = `data.points[${index}]`;
      if (typeof point !== 'object' || point === null) {
        throw new InvalidArgumentError({
          functionName: FUNCTION_NAME,
          parameter,
          value: point,
          expected: 'be a student object',
        });
      }
      checkSeed(point.seed, `${parameter}.seed`, FUNCTION_NAME);
      return {
        teacher: text(point.teacher, `${parameter}.teacher`, FUNCTION_NAME),
        gamma: checkNumber(point.gamma, `${parameter}.gamma`, FUNCTION_NAME, { min: 0 }),
        accuracy: checkNumber(point.accuracy, `${parameter}.accuracy`, FUNCTION_NAME, { min: 0, max: 1 }),
        temperature:
          point.temperature === undefined
            ? null
            : checkNumber(point.temperature, `${parameter}.temperature`, FUNCTION_NAME, { min: 0, minExclusive: true }),
        label: point.label === undefined ? null : text(point.label, `${parameter}.label`, FUNCTION_NAME),
      };
    },
  );
  if (points.length === 0) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'data.points',
      value: [],
      expected: 'hold at least one student',
    });
  }
  const groups = new Map<string, { teacher: string; gamma: number; label: string; values: number[] }>();
  for (const point of points) {
    const label = point.label ?? (point.temperature === null ? '' : `T=${point.temperature}`);
    const key = JSON.stringify([point.teacher, point.gamma, label]);
    const group = groups.get(key) ?? { teacher: point.teacher, gamma: point.gamma, label, values: [] };
    group.values.push(point.accuracy);
    groups.set(key, group);
  }
  const summaries = [...groups.values()]
    .map((group) => {
      const { mean, lower, upper, count } = summarise(group.values, spread);
      return { teacher: group.teacher, gamma: group.gamma, label: group.label, mean, lower, upper, count };
    })
    .sort((left, right) => left.gamma - right.gamma);
  const teachers = [...new Set(points.map((point) => point.teacher))];
  const y = {
    type: 'quantitative' as const,
    title: 'student accuracy',
    scale: { zero: false, padding: 10 },
    axis: { format: '.1%' },
  };
  const baseline = data.baseline === undefined ? [] : referenceLayers(data.baseline, 'data.baseline', FUNCTION_NAME, y);
  const x = {
    field: 'gamma',
    type: 'quantitative' as const,
    title: 'teacher smoothness γ',
    scale: {
      domain: paddedDomain(
        points.map((point) => point.gamma),
        0.06,
        true,
      ),
      nice: false,
    },
  };
  const colour = {
    field: 'teacher',
    type: 'nominal' as const,
    title: 'teacher',
    scale: {
      domain: teachers,
      range: teachers.map((_, index) => CATEGORY_COLOURS[index % CATEGORY_COLOURS.length] as string),
    },
  };
  return {
    $schema: SCHEMA,
    title: {
      text: layout.title,
      subtitle: [`large points: mean over runs; ${describeSpread(spread)}`, 'small dots: single runs'],
    },
    config: CONFIG,
    width: layout.width,
    height: layout.height,
    layer: [
      ...baseline,
      {
        data: { values: points },
        mark: { type: 'point', size: 16, opacity: 0.35, filled: true },
        encoding: { x, y: { ...y, field: 'accuracy' }, color: colour },
      },
      {
        data: { values: summaries },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' }, color: colour },
      },
      {
        data: { values: summaries },
        mark: { type: 'line', point: { size: 50, filled: true }, strokeWidth: 2 },
        encoding: { x, y: { ...y, field: 'mean' }, color: colour },
      },
      {
        data: { values: summaries },
        mark: { type: 'text', dx: 8, dy: -8, align: 'left', fontSize: 10 },
        encoding: { x, y: { ...y, field: 'mean' }, text: { field: 'label' }, color: colour },
      },
    ],
  };
}
