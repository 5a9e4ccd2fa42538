import { InvalidArgumentError } from '@softlabels/core';

import { arrayOf } from '../internal/chart-options';

const FUNCTION_NAME = 'clusterStatistics';

/**
 * A labelled 2-D point, e.g. a {@link ProjectedPoint} with a label.
 *
 * @example
 * ```ts
 * import type { LabelledPoint } from '@softlabels/vis';
 *
 * const point: LabelledPoint = { x: 0.4, y: -1.2, label: 0 };
 * console.log(point.x); // 0.4
 * ```
 */
export interface LabelledPoint {
  x: number;
  y: number;
  label: number | null;
}

/**
 * Statistics of one class in {@link ClusterStatistics}.
 *
 * @example
 * ```ts
 * import { clusterStatistics, type ClassCluster } from '@softlabels/vis';
 *
 * const points = [{ x: 0, y: 0, label: 0 }, { x: 2, y: 0, label: 0 }, { x: 9, y: 9, label: 1 }];
 * const [first]: ClassCluster[] = clusterStatistics(points).classes;
 * console.log(first?.centroid); // { x: 1, y: 0 }
 * ```
 */
export interface ClassCluster {
  label: number;
  /** Number of points of this class. */
  count: number;
  /** Mean of the class's points. */
  centroid: { x: number; y: number };
  /** Mean Euclidean distance of the class's points to their centroid. */
  spread: number;
}

/**
 * The result of {@link clusterStatistics}.
 *
 * @example
 * ```ts
 * import { clusterStatistics, type ClusterStatistics } from '@softlabels/vis';
 *
 * const statistics: ClusterStatistics = clusterStatistics([{ x: 0, y: 0, label: 0 }, { x: 3, y: 4, label: 1 }]);
 * console.log(statistics.meanCentroidDistance); // 5
 * ```
 */
export interface ClusterStatistics {
  /** One entry per class, sorted by label. */
  classes: ClassCluster[];
  /** Distance between every pair of class centroids (`a < b`), in label order. */
  centroidDistances: { a: number; b: number; distance: number }[];
  /** Mean of the per-class spreads (each class weighs the same). */
  meanSpread: number;
  /** Mean of the pairwise centroid distances. */
  meanCentroidDistance: number;
  /** `meanSpread / meanCentroidDistance`: smaller means tighter, better separated clusters. */
  tightness: number;
}

/**
 * Summarises how tightly labelled 2-D points cluster by class: per-class spread (mean distance to the class
 * centroid), distances between centroids, and the tightness ratio mean spread / mean centroid distance. The ratio is
 * scale-free, so it compares a label-smoothed network's projection (tight clusters, smaller scale) with a baseline's
 * without looking at a picture. Computed in float64.
 *
 * @example
 * ```ts
 * import { clusterStatistics } from '@softlabels/vis';
 *
 * const statistics = clusterStatistics([
 *   { x: 0, y: 1, label: 0 }, { x: 0, y: -1, label: 0 },
 *   { x: 4, y: 1, label: 1 }, { x: 4, y: -1, label: 1 },
 * ]);
 * console.log(statistics.meanSpread, statistics.meanCentroidDistance, statistics.tightness); // 1 4 0.25
 * ```
 */
export function clusterStatistics(points: readonly LabelledPoint[]): ClusterStatistics {
  const list = arrayOf<LabelledPoint>(points, 'points', FUNCTION_NAME, '{ x, y, label } points');
  const groups = new Map<number, { x: number; y: number }[]>();
  list.forEach((point: LabelledPoint, index) => {
    const ok =
      typeof point === 'object' &&
      point !== null &&
      Number.isFinite(point.x) &&
      Number.isFinite(point.y) &&
      Number.isInteger(point.label);
    if (!ok) {
      throw new InvalidArgumentError({
        functionName: FUNCTION_NAME,
        parameter: `points[${index}]`,
        value: point,
        expected: 'have finite x and y and an integer label',
      });
    }
    const group = groups.get(point.label as number) ?? [];
    group.push({ x: point.x, y: point.y });
    groups.set(point.label as number, group);
  });
  if (groups.size < 2) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'points',
      value: `${points.length} points in ${groups.size} class(es)`,
      expected: 'hold points of at least two classes',
      got: `${points.length} points in ${groups.size} class(es)`,
    });
  }
  const classes: ClassCluster[] = [...groups.keys()]
    .sort((left, right) => left - right)
    .map((label) => {
      const members = groups.get(label) as { x: number; y: number }[];
      const centroid = {
        x: members.reduce((sum, point) => sum + point.x, 0) / members.length,
        y: members.reduce((sum, point) => sum + point.y, 0) / members.length,
      };
      const spread =
        members.reduce((sum, point) => sum + Math.hypot(point.x - centroid.x, point.y - centroid.y), 0) /
        members.length;
      return { label, count: members.length, centroid, spread };
    });
  const centroidDistances: ClusterStatistics['centroidDistances'] = [];
  classes.forEach((first, index) => {
    for (const second of classes.slice(index + 1)) {
      centroidDistances.push({
        a: first.label,
        b: second.label,
        distance: Math.hypot(first.centroid.x - second.centroid.x, first.centroid.y - second.centroid.y),
      });
    }
  });
  const meanSpread = classes.reduce((sum, cluster) => sum + cluster.spread, 0) / classes.length;
  const meanCentroidDistance =
    centroidDistances.reduce((sum, pair) => sum + pair.distance, 0) / centroidDistances.length;
  if (!(meanCentroidDistance > 0)) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'points',
      value: 'all class centroids coincide',
      expected: 'have class centroids that do not all coincide',
      got: 'all class centroids at the same point',
    });
  }
  return { classes, centroidDistances, meanSpread, meanCentroidDistance, tightness: meanSpread / meanCentroidDistance };
}
