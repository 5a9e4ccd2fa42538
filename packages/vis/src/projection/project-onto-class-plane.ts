import { InvalidArgumentError, type MatrixInput, readHostMatrix, ShapeMismatchError } from '@softlabels/core';

import { prepareProjectOntoClassPlaneOptions } from '../internal/prepare-projection-options';
import type { ProjectOntoClassPlaneOptions } from './project-onto-class-plane-options';

const FUNCTION_NAME = 'projectOntoClassPlane';

/**
 * One example (or template) in the plane's coordinates.
 *
 * @example
 * ```ts
 * import type { ProjectedPoint } from '@softlabels/vis';
 *
 * const point: ProjectedPoint = { x: 1.5, y: 0.2, label: 2 };
 * console.log(point.label); // 2
 * ```
 */
export interface ProjectedPoint {
  /** Coordinate along u₁ (from w_a towards w_b). */
  x: number;
  /** Coordinate along u₂ (the in-plane direction orthogonal to u₁, towards w_c). */
  y: number;
  /** The example's class label (the template's class for vertices); `null` when no labels were given. */
  label: number | null;
}

/**
 * The result of {@link projectOntoClassPlane}.
 *
 * @example
 * ```ts
 * import { projectOntoClassPlane, type ClassPlaneProjection } from '@softlabels/vis';
 *
 * const projection: ClassPlaneProjection = projectOntoClassPlane([[1, 1]], [[0, 0, 1], [2, 0, 1], [0, 2, 1]], [0, 1, 2]);
 * console.log(projection.basis.length); // 2
 * ```
 */
export interface ClassPlaneProjection {
  /** One point per kept example, in input order. */
  points: (ProjectedPoint & { index: number })[];
  /** The orthonormal basis `[u₁, u₂]` of the plane, each of length D + 1 (the bias coordinate last). */
  basis: [number[], number[]];
  /** The origin of the plane coordinates: the template w_a (length D + 1). */
  origin: number[];
  /** The templates w_a, w_b, w_c in plane coordinates (w_a at (0, 0), w_b on the positive x axis). */
  vertices: [ProjectedPoint, ProjectedPoint, ProjectedPoint];
}

function dot(left: Float64Array, right: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index += 1) sum += (left[index] as number) * (right[index] as number);
  return sum;
}

function checkClasses(classes: unknown, classCount: number): [number, number, number] {
  const ok =
    Array.isArray(classes) &&
    classes.length === 3 &&
    classes.every((k) => Number.isInteger(k) && k >= 0 && k < classCount) &&
    new Set(classes).size === 3;
  if (!ok) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'classes',
      value: classes,
      expected: `be three distinct integer class indices in [0, ${classCount - 1}]`,
    });
  }
  return classes as [number, number, number];
}

/**
 * Projects penultimate-layer activations onto the plane through three class templates, as in Müller, Kornblith &
 * Hinton (2019, Sec. 2): with templates w_k = [kernel column k; bias k], the orthonormal basis of the affine plane
 * through w_a, w_b, w_c is u₁ = (w_b − w_a)/‖w_b − w_a‖ and u₂ = the Gram–Schmidt residual of w_c − w_a against u₁,
 * normalised; an example x (extended to x̃ = [x; 1]) lands at (⟨x̃ − w_a, u₁⟩, ⟨x̃ − w_a, u₂⟩). Components orthogonal
 * to the plane are dropped. Computed in float64 on the host (tensors are read once). Another vertex order only
 * rotates or reflects the picture.
 *
 * @param activations `[N, D]` penultimate activations (tensor or number rows), e.g. from `penultimateActivations`.
 * @param templates `[C, D + 1]` class templates with the bias last, e.g. from `classTemplates`.
 * @param classes The three classes `[a, b, c]` whose templates span the plane.
 * @example
 * ```ts
 * import { projectOntoClassPlane } from '@softlabels/vis';
 *
 * const templates = [[0, 0, 1], [2, 0, 1], [0, 2, 1]]; // D = 2, bias 1
 * const projection = projectOntoClassPlane([[1, 1]], templates, [0, 1, 2], { labels: [2] });
 * console.log(projection.points); // [{ x: 1, y: 1, label: 2, index: 0 }]
 * console.log(projection.vertices.map(({ x, y }) => [x, y])); // [[0, 0], [2, 0], [0, 2]]
 * ```
 */
export function projectOntoClassPlane(
  activations: MatrixInput,
  templates: MatrixInput,
  classes: readonly [number, number, number],
  options: ProjectOntoClassPlaneOptions = {},
): ClassPlaneProjection {
  const weights = readHostMatrix(templates, 'templates', FUNCTION_NAME);
  if (weights.rows < 3 || weights.columns < 2) {
    throw new ShapeMismatchError({
      functionName: FUNCTION_NAME,
      parameter: 'templates',
      actual: [weights.rows, weights.columns],
      expected: 'have shape [C, D + 1] with at least 3 classes and D >= 1',
    });
  }
  const [a, b, c] = checkClasses(classes, weights.rows);
  const inputs = readHostMatrix(activations, 'activations', FUNCTION_NAME);
  const width = weights.columns;
  if (inputs.rows < 1 || inputs.columns !== width - 1) {
    throw new ShapeMismatchError({
      functionName: FUNCTION_NAME,
      parameter: 'activations',
      actual: [inputs.rows, inputs.columns],
      expected: `have shape [N >= 1, ${width - 1}] (templates carry D + 1 = ${width} columns, the bias last)`,
    });
  }
  const prepared = prepareProjectOntoClassPlaneOptions(options, inputs.rows, weights.rows);

  const template = (k: number): Float64Array => weights.values.subarray(k * width, (k + 1) * width);
  const origin = template(a);
  const towardsB = template(b).map((value, index) => value - (origin[index] as number));
  const towardsC = template(c).map((value, index) => value - (origin[index] as number));
  const lengthB = Math.sqrt(dot(towardsB, towardsB));
  const u1 = towardsB.map((value) => value / lengthB);
  const along = dot(towardsC, u1);
  const residual = towardsC.map((value, index) => value - along * (u1[index] as number));
  const lengthResidual = Math.sqrt(dot(residual, residual));
  const scale = Math.max(lengthB, Math.sqrt(dot(towardsC, towardsC)));
  if (!(lengthB > 0) || !(lengthResidual > 1e-12 * scale)) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'templates',
      value: [a, b, c],
      expected: 'hold three affinely independent templates for the chosen classes (they span no plane)',
      got: `collinear or coincident templates for classes [${a}, ${b}, ${c}]`,
    });
  }
  const u2 = residual.map((value) => value / lengthResidual);

  const chosen = new Set([a, b, c]);
  const shifted = new Float64Array(width);
  const points: ClassPlaneProjection['points'] = [];
  for (let row = 0; row < inputs.rows; row += 1) {
    const label = prepared.labels === null ? null : (prepared.labels[row] as number);
    if (prepared.select === 'chosen-classes' && !chosen.has(label as number)) continue;
    for (let column = 0; column < width - 1; column += 1) {
      shifted[column] = (inputs.values[row * (width - 1) + column] as number) - (origin[column] as number);
    }
    shifted[width - 1] = 1 - (origin[width - 1] as number);
    points.push({ x: dot(shifted, u1), y: dot(shifted, u2), label, index: row });
  }
  const vertices = [a, b, c].map((k) => {
    const offset = template(k).map((value, index) => value - (origin[index] as number));
    return { x: dot(offset, u1), y: dot(offset, u2), label: k };
  }) as ClassPlaneProjection['vertices'];
  return { points, basis: [Array.from(u1), Array.from(u2)], origin: Array.from(origin), vertices };
}
