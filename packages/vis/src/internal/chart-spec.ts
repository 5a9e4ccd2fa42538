import type { TopLevelSpec } from 'vega-lite';

/**
 * A vega-lite top-level spec, as the chart builders return and the renderers take.
 *
 * @example
 * ```ts
 * import { trainingCurvesSpec, type ChartSpec } from '@softlabels/vis';
 *
 * const spec: ChartSpec = trainingCurvesSpec([{ name: 'run', history: { loss: [1, 0.5] } }]);
 * console.log(typeof spec); // object
 * ```
 */
export type ChartSpec = TopLevelSpec;
