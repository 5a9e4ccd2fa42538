import type { z } from 'zod';

import type { resultsSchema } from './results-schema';

/** `results.json`: inferred from `resultsSchema` in `results-schema.ts`, which documents each field. */
export type Results = z.infer<typeof resultsSchema>;

/** Stage 1 numbers: per ε, and the baseline after temperature scaling; diagrams of seed 0. */
export type CalibrationResults = Results['calibration'];

/** Stage 2 numbers: per triple of classes, tightness ratio per ε (all seeds) and the projections of seed 0. */
export type RepresentationResults = Results['representations'];

/** Stage 3 numbers (`results.json` holds `null` when stage 3 did not run). */
export type DistillationResults = NonNullable<Results['distillation']>;

/** One cell of the distillation grid: a teacher at a temperature, with its students over seeds. */
export type GridCell = DistillationResults['grid'][number];

/** One of the paper's findings and whether this run reproduces it. */
export type Finding = Results['findings'][number];

/** A point of a template-plane projection. */
export type PlanePoint = RepresentationResults['triples'][number]['panels'][number]['points'][number];

/** A bootstrap percentile interval of a metric (one seed's test ECE). */
export type MetricInterval = CalibrationResults['temperatureScaling']['eceBootstrap'][number];

/** Mean, sample standard deviation (0 for a single value) and the per-seed values of one quantity. */
export type Stat = CalibrationResults['temperatureScaling']['accuracy'];
