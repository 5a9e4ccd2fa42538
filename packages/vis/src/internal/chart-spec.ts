import type { TopLevelSpec } from 'vega-lite';

/** A vega-lite top-level spec, as the chart builders return and the renderers take. */
export type ChartSpec = TopLevelSpec;
