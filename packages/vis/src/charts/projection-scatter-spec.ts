import { checkNumber, InvalidArgumentError } from '@softlabels/core';

import { arrayOf, readChartOptions, text } from '../internal/chart-options';
import type { ChartSpec } from '../internal/chart-spec';
import { CATEGORY_COLOURS, CONFIG, SCHEMA } from '../internal/chart-theme';
import type { ProjectionScatterOptions } from './projection-scatter-spec-options';

const FUNCTION_NAME = 'projectionScatterSpec';

/**
 * A 2-D point with a class label (a {@link ProjectedPoint} from {@link projectOntoClassPlane}).
 *
 * @example
 * ```ts
 * import type { ScatterPoint } from '@softlabels/vis';
 *
 * const point: ScatterPoint = { x: 0.5, y: 1, label: null };
 * console.log(point.label); // null
 * ```
 */
export interface ScatterPoint {
  x: number;
  y: number;
  label: number | null;
}

/**
 * One panel of {@link projectionScatterSpec}: one model on one split.
 *
 * @example
 * ```ts
 * import type { ProjectionPanel } from '@softlabels/vis';
 *
 * const panel: ProjectionPanel = { title: 'baseline, training', points: [{ x: 0, y: 0, label: 0 }] };
 * console.log(panel.points.length); // 1
 * ```
 */
export interface ProjectionPanel {
  /** Panel heading, e.g. `'label smoothing, validation'`. */
  title: string;
  /** The projected examples. */
  points: readonly ScatterPoint[];
  /** The three template vertices (the `vertices` of {@link projectOntoClassPlane}), marked and named. */
  vertices?: readonly ScatterPoint[];
}

const VERTEX_LABELS = [
  { test: 'datum.vertex === 0', align: 'right', dx: -9, dy: 12 },
  { test: 'datum.vertex === 1', align: 'left', dx: 9, dy: 12 },
  { test: 'datum.vertex >= 2', align: 'center', dx: 0, dy: -14 },
] as const;

function className(label: number | null, names: readonly string[] | undefined): string {
  if (label === null) return 'unlabelled';
  return names?.[label] ?? `class ${label}`;
}

function checkPoint(point: ScatterPoint, parameter: string): void {
  const ok =
    typeof point === 'object' &&
    point !== null &&
    Number.isFinite(point.x) &&
    Number.isFinite(point.y) &&
    (point.label === null || Number.isInteger(point.label));
  if (!ok) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter,
      value: point,
      expected: 'be { x, y, label } with finite coordinates and an integer (or null) label',
    });
  }
}

/** A square domain around all coordinates, so both axes share one unit (distances look like distances). */
function squareDomain(points: readonly ScatterPoint[]): { x: [number, number]; y: [number, number] } {
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  const [xMin, xMax, yMin, yMax] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const half = (Math.max(xMax - xMin, yMax - yMin, 1e-9) * 1.12) / 2;
  const [cx, cy] = [(xMin + xMax) / 2, (yMin + yMax) / 2];
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

/**
 * A vega-lite spec of the paper's penultimate-layer scatter plots: one square panel per model/split (equal units on
 * both axes, so cluster sizes compare within a panel), points coloured by class, the three class templates marked
 * with outlined diamonds and named. A pure function of plain data: render it with `renderSvg`, `renderPng`,
 * `writeChart` or `renderChart`.
 *
 * @example
 * ```ts
 * import { projectOntoClassPlane, projectionScatterSpec, renderSvg } from '@softlabels/vis';
 *
 * const templates = [[0, 0, 1], [2, 0, 1], [0, 2, 1]];
 * const { points, vertices } = projectOntoClassPlane([[0.2, 0.1], [1.7, 0.2], [0.1, 1.8]], templates, [0, 1, 2], {
 *   labels: [0, 1, 2],
 * });
 * const spec = projectionScatterSpec([{ title: 'toy model, training', points, vertices }], {
 *   classNames: ['T-shirt', 'trouser', 'sandal'],
 * });
 * const svg = await renderSvg(spec);
 * console.log(svg.startsWith('<svg')); // true
 * ```
 */
export function projectionScatterSpec(
  panels: readonly ProjectionPanel[],
  options: ProjectionScatterOptions = {},
): ChartSpec {
  const { layout, record } = readChartOptions(
    options,
    ['classNames', 'columns'],
    { title: 'Penultimate-layer activations on the template plane', width: 240, height: 240 },
    FUNCTION_NAME,
  );
  const list = arrayOf<ProjectionPanel>(panels, 'panels', FUNCTION_NAME, '{ title, points, vertices } panels');
  if (list.length === 0) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'panels',
      value: panels,
      expected: 'hold at least one panel',
    });
  }
  const names =
    record.classNames === undefined
      ? undefined
      : arrayOf<unknown>(record.classNames, 'options.classNames', FUNCTION_NAME, 'strings').map((name, index) =>
          text(name, `options.classNames[${index}]`, FUNCTION_NAME),
        );
  const columns = checkNumber(record.columns ?? Math.min(list.length, 2), 'options.columns', FUNCTION_NAME, {
    min: 1,
    integer: true,
  });

  const checked = list.map((panel, panelIndex) => {
    const title = text(panel?.title, `panels[${panelIndex}].title`, FUNCTION_NAME);
    const points = arrayOf<ScatterPoint>(panel.points, `panels[${panelIndex}].points`, FUNCTION_NAME, 'points');
    const vertices = arrayOf<ScatterPoint>(
      panel.vertices ?? [],
      `panels[${panelIndex}].vertices`,
      FUNCTION_NAME,
      'points',
    );
    points.forEach((point, index) => checkPoint(point, `panels[${panelIndex}].points[${index}]`));
    vertices.forEach((point, index) => checkPoint(point, `panels[${panelIndex}].vertices[${index}]`));
    if (points.length + vertices.length === 0) {
      throw new InvalidArgumentError({
        functionName: FUNCTION_NAME,
        parameter: `panels[${panelIndex}]`,
        value: title,
        expected: 'hold at least one point or vertex',
      });
    }
    return { title, points, vertices };
  });
  const labels = [
    ...new Set(checked.flatMap(({ points, vertices }) => [...points, ...vertices].map((point) => point.label))),
  ].sort((left, right) => (left ?? -1) - (right ?? -1));
  const colour = {
    field: 'class',
    type: 'nominal',
    title: 'class',
    scale: {
      domain: labels.map((label) => className(label, names)),
      range: labels.map((label) =>
        label === null ? '#666666' : (CATEGORY_COLOURS[label % CATEGORY_COLOURS.length] as string),
      ),
    },
  } as const;
  const spec: ChartSpec = {
    $schema: SCHEMA,
    ...(layout.title === '' ? {} : { title: layout.title }),
    config: CONFIG,
    columns,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    concat: checked.map(({ title, points, vertices }) => {
      const domain = squareDomain([...points, ...vertices]);
      const x = {
        field: 'x',
        type: 'quantitative',
        title: 'u₁',
        scale: { domain: domain.x, nice: false, zero: false },
      } as const;
      const y = {
        field: 'y',
        type: 'quantitative',
        title: 'u₂',
        scale: { domain: domain.y, nice: false, zero: false },
      } as const;
      return {
        title,
        width: layout.width,
        height: layout.height,
        data: {
          values: [
            ...points.map((point) => ({
              x: point.x,
              y: point.y,
              class: className(point.label, names),
              kind: 'example',
            })),
            ...vertices.map((point, vertex) => ({
              x: point.x,
              y: point.y,
              class: className(point.label, names),
              kind: 'template',
              vertex,
            })),
          ],
        },
        layer: [
          {
            transform: [{ filter: "datum.kind === 'example'" }],
            mark: { type: 'circle', size: 22, opacity: 0.7 },
            encoding: { x, y, color: colour },
          },
          {
            transform: [{ filter: "datum.kind === 'template'" }],
            mark: {
              type: 'point',
              shape: 'diamond',
              size: 150,
              filled: true,
              stroke: 'black',
              strokeWidth: 1.5,
              opacity: 1,
            },
            encoding: { x, y, color: colour },
          },
          // Names beside the vertices, placed for projectOntoClassPlane's layout: w_a at the origin (label left),
          // w_b to its right (label right), w_c above the u₁ axis (label above); a fourth vertex and beyond go above.
          ...VERTEX_LABELS.map(({ test, ...mark }) => ({
            transform: [{ filter: `datum.kind === 'template' && ${test}` }],
            mark: { type: 'text' as const, fontSize: 11, fontWeight: 'bold' as const, ...mark },
            encoding: { x, y, text: { field: 'class' } },
          })),
        ],
      };
    }),
  };
  return spec;
}
