// The schema of `results.json`, written once with zod: the TypeScript types in `results.ts` are inferred from it, and
// its JSON Schema (draft 2020-12) is generated from it and written beside every run's results as `results.schema.json`.
import { z } from 'zod';

/**
 * The `schemaVersion` of `results.json`: a different number means a different shape.
 *
 * @example
 * ```ts
 * import { RESULTS_SCHEMA_VERSION } from './results-schema';
 * console.log(RESULTS_SCHEMA_VERSION); // 4
 * ```
 */
export const RESULTS_SCHEMA_VERSION = 4;

/** Names the JSON type a value must have in the message of a wrong-type zod issue (see `validateResults`). */
const expecting = (types: string) => ({ error: `expected ${types}` });

/** A count or an index: an integer ≥ 0. */
const count = z.int(expecting('integer')).min(0);
const nullableNumber = z.number(expecting('number or null')).nullable();
const numbers = z.array(z.number());

/** Mean, sample standard deviation (0 for a single value) and the per-seed values of one quantity. */
const statSchema = z.object({ mean: z.number(), sd: z.number(), values: z.array(z.number()).min(1) });

/** A reliability diagram as `@softlabels/calibration`'s `reliabilityDiagram` returns it. */
const reliabilitySchema = z.object({
  bins: z
    .array(
      z.object({
        lower: z.number(),
        upper: z.number(),
        count,
        confidence: nullableNumber,
        accuracy: nullableNumber,
        gap: nullableNumber,
      }),
    )
    .min(1),
  ece: z.number(),
  mce: z.number(),
  accuracy: z.number(),
  averageConfidence: z.number(),
  counts: z.array(count).optional().describe('Rows per bin (the confidence histogram).'),
  classIndex: z
    .int(expecting('integer or null'))
    .min(0)
    .nullable()
    .optional()
    .describe('`null` for the top-label diagram.'),
});

/** A bootstrap percentile interval, as `@softlabels/calibration`'s metrics return it with `bootstrap`. */
const metricIntervalSchema = z.object({
  estimate: z.number(),
  low: z.number(),
  high: z.number(),
  level: z.number(),
  resamples: count,
  seed: z.int(),
});

/** Per seed, the bootstrap interval of a test ECE. */
const eceBootstrapSchema = z
  .array(metricIntervalSchema)
  .min(1)
  .describe(
    'Per seed: the 95 % bootstrap percentile interval of the test ECE (1000 resamples of the test images, resampler seed 0).',
  );

/** The metrics of one kind of trained network over seeds, as the ε sweep's networks are measured. */
const networkMetricsShape = {
  accuracy: statSchema,
  nll: statSchema,
  ece: statSchema,
  heldOutEce: statSchema.describe('ECE on the held-out split (chooses the best ε without looking at the test split).'),
  temperature: statSchema.describe(
    'Temperature fitted on the held-out split for these networks (T > 1: over-confident).',
  ),
  eceAfterTemperature: statSchema,
  eceBootstrap: eceBootstrapSchema,
};

/** A training-time alternative to label smoothing, trained and measured as the ε sweep's networks. */
const trainingAlternativeSchema = z.object({
  id: z.string().describe('As `--alternatives` takes it: `focal:1`, `focal:flsd-53`, `penalty:0.1`.'),
  label: z.string(),
  loss: z.enum(['focal', 'confidence-penalty']),
  gamma: z
    .union([z.number(), z.literal('flsd-53')], expecting('number, "flsd-53" or null'))
    .nullable()
    .describe('Focal loss γ, or the FLSD-53 schedule (γ 5 below p_y = 0.2, else 3); null for the confidence penalty.'),
  beta: nullableNumber.describe('Confidence-penalty β (CE − β·H(p)); null for focal loss.'),
  ...networkMetricsShape,
  reliability: reliabilitySchema.describe('Reliability diagram of the seed-0 network on the test split.'),
});

/** A post-hoc calibrator of `@softlabels/calibration` fitted to each seed's baseline on the held-out split. */
const postHocSchema = z.object({
  method: z.enum(['vector', 'matrix', 'dirichlet', 'isotonic']).describe('The `fitCalibrator` method (its defaults).'),
  label: z.string(),
  accuracy: statSchema,
  nll: z
    .object(statSchema.shape, expecting('object or null'))
    .nullable()
    .describe('null when a calibrated probability of a test label is 0 for some seed (the NLL is infinite).'),
  ece: statSchema,
  eceBootstrap: eceBootstrapSchema,
  converged: z.array(z.boolean()).describe("Per seed: whether the fit's optimiser reached its tolerance."),
  iterations: z
    .array(count)
    .describe("Per seed: the fit's optimiser iterations (1 for isotonic regression, fitted in one pass)."),
});

/** Stage 1 numbers: per ε, and the baseline after temperature scaling; diagrams of seed 0. */
const calibrationResultsSchema = z.object({
  perEpsilon: z.array(z.object({ epsilon: z.number(), ...networkMetricsShape })).min(2),
  temperatureScaling: z
    .object({
      temperature: statSchema,
      ece: statSchema,
      nll: statSchema,
      accuracy: statSchema,
      eceBootstrap: eceBootstrapSchema,
    })
    .describe('The baseline (ε = 0) after temperature scaling with T fitted on the held-out split.'),
  postHoc: z
    .array(postHocSchema)
    .describe('The baseline (ε = 0) with the other post-hoc calibrators, fitted on the held-out split.'),
  trainingAlternatives: z
    .array(trainingAlternativeSchema)
    .describe('Focal loss and confidence penalty networks (same seeds, network and epochs as the ε sweep).'),
  bestEpsilon: z.number().describe('The ε > 0 with the lowest mean held-out ECE.'),
  reliability: z.object({
    baseline: reliabilitySchema,
    bestLabelSmoothing: reliabilitySchema,
    temperatureScaled: reliabilitySchema,
  }),
});

/** A point of a template-plane projection. */
const planePointSchema = z.object({ x: z.number(), y: z.number(), label: count });

/** Stage 2 numbers: per triple of classes, the tightness ratio per ε (all seeds) and the projections of seed 0. */
const representationResultsSchema = z.object({
  examplesPerClass: count.describe('Images of each class per split.'),
  triples: z
    .array(
      z.object({
        name: z.enum(['dissimilar', 'similar']),
        classes: z.tuple([count, count, count]),
        perEpsilon: z.array(
          z.object({ epsilon: z.number(), trainTightness: statSchema, validationTightness: statSchema }),
        ),
        panels: z.array(
          z.object({
            epsilon: z.number(),
            split: z.enum(['train', 'validation']),
            points: z.array(planePointSchema),
            vertices: z.array(planePointSchema),
          }),
        ),
      }),
    )
    .length(2)
    .describe(
      "The paper's Fig. 1 triples: three classes seed 0's baseline confuses least, and its most confused pair with a third.",
    ),
});

/** A 95 % confidence interval of a mean over seeds. */
const intervalSchema = z.object({
  mean: z.number(),
  low: z.number(),
  high: z.number(),
  level: z.number(),
  method: z.literal('t').describe("Student's t over the per-seed values."),
});

/** A student's accuracies over seeds. */
const studentSchema = z.object({
  accuracy: statSchema.describe('Test accuracy.'),
  interval: z
    .object(intervalSchema.shape, expecting('object or null'))
    .nullable()
    .describe('95 % interval of the test accuracy over seeds; null for one seed.'),
  heldOutAccuracy: statSchema.describe('Held-out accuracy: what chooses the best cells.'),
});

const cellKey = z.object({
  kind: z.enum(['hard-label', 'label-smoothed']),
  epsilon: z.number(),
  temperature: z.number(),
});

/** Stage 3 numbers. */
const distillationResultsSchema = z.object({
  transferSize: count,
  student: z.object({ kind: z.enum(['mlp', 'cnn', 'resnet']), layers: z.string() }),
  studentEpochs: count,
  augment: z.boolean().describe("Whether students trained on crops and flips, with the teacher's targets on them."),
  studentAlone: z.object({
    hardLabels: studentSchema.describe("The student trained on the transfer set's hard labels, without a teacher."),
    labelSmoothing: z.object({ epsilon: z.number(), ...studentSchema.shape }),
  }),
  grid: z
    .array(
      z.object({
        ...cellKey.shape,
        teacherAccuracy: statSchema.describe("The teacher's test accuracy."),
        gamma: statSchema.describe('Teacher smoothness γ on the transfer set at this temperature.'),
        student: studentSchema,
      }),
    )
    .min(2)
    .describe('Every teacher (ε) at every temperature T, with per-seed values.'),
  verdict: z.object({
    rule: z.string(),
    hardLabel: cellKey.describe('The hard-label cell with the best mean held-out student accuracy.'),
    labelSmoothed: cellKey.describe('The label-smoothed cell with the best mean held-out student accuracy.'),
    bestTemperatures: z
      .array(z.object({ epsilon: z.number(), temperature: z.number() }))
      .describe("Each teacher's temperature with the best mean held-out student accuracy."),
    difference: z
      .object({ values: numbers, interval: z.object(intervalSchema.shape, expecting('object or null')).nullable() })
      .describe('Per-seed test accuracy of the label-smoothed cell minus the hard-label cell, and its interval.'),
    reproduced: z.boolean(expecting('boolean or null')).nullable().describe('`null` with one seed.'),
    hardLabelAhead: z.boolean().describe('Whether the whole interval lies below 0 (the hard-label student is better).'),
  }),
  mutualInformation: z
    .object({
      classes: z.tuple([count, count]),
      examples: count,
      draws: count,
      logN: z.number(),
      curves: z.array(z.object({ epsilon: z.number(), epochs: numbers, values: numbers })),
    })
    .describe("Î(X; z_a − z_b) during training of seed 0's teachers, with and without label smoothing."),
});

/** One of the paper's findings and whether this run reproduces it. */
const findingSchema = z.object({
  id: z.enum(['calibration', 'representations', 'distillation']),
  title: z.string(),
  reproduced: z.boolean(expecting('boolean or null')).nullable().describe('`null` when the stage did not run.'),
  summary: z.string(),
});

/**
 * `results.json`, as a zod schema: `resultsSchema.safeParse(value)` checks a parsed file, `z.infer` gives its type.
 *
 * @example
 * ```ts
 * import { resultsSchema } from './results-schema';
 * console.log(resultsSchema.safeParse({ schemaVersion: 4 }).success); // false: most fields are missing
 * ```
 */
export const resultsSchema = z
  .object({
    schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
    generatedAt: z.string(),
    settings: z.object({
      dataset: z.string(),
      datasetSource: z.string(),
      classNames: z.array(z.string()),
      backend: z.string(),
      seeds: z.array(count).min(1),
      epochs: count,
      trainSize: count,
      heldOutSize: count,
      testSize: count,
      epsilons: numbers,
      alternatives: z.array(z.string()).describe('The training-time alternatives trained (ids as `--alternatives`).'),
      teacher: z.object({ kind: z.enum(['mlp', 'cnn', 'resnet']), layers: z.string() }),
      augment: z.boolean(),
      batchSize: count,
      learningRate: z.number(),
      preset: z.enum(['quick', 'default', 'paper']),
      distillation: z.boolean(),
      eceBins: count,
    }),
    environment: z.object({
      backend: z.object({ name: z.string(), simd: z.boolean(), threads: count, floatPrecision: count }),
      node: z.string(),
      platform: z.string(),
      cpus: count,
      cpuModel: z.string(),
      loadAverageStart: numbers,
      loadAverageEnd: numbers,
    }),
    timing: z.object({
      totalSeconds: z.number(),
      cpuSeconds: z
        .number()
        .describe(
          'CPU time of this process (user + system): what the run costs on an idle machine, whatever the load.',
        ),
      stages: z
        .array(z.object({ name: z.string(), seconds: z.number() }))
        .describe('Wall time of every stage, in order: data, calibration (with the MI estimates), MI, …, report.'),
      secondsPerEpoch: z.number().describe('Mean wall time of one teacher epoch, MI estimates excluded.'),
    }),
    calibration: calibrationResultsSchema,
    representations: representationResultsSchema,
    distillation: z.object(distillationResultsSchema.shape, expecting('object or null')).nullable(),
    findings: z.array(findingSchema),
    figures: z.array(z.object({ id: z.string(), title: z.string(), svg: z.string(), png: z.string() })),
  })
  .meta({ title: 'softlabels example results' });

/**
 * The JSON Schema (draft 2020-12) of `results.json`, generated from {@link resultsSchema}; its objects allow extra
 * keys, as the zod schema does.
 *
 * @example
 * ```ts
 * import { RESULTS_SCHEMA } from './results-schema';
 * console.log(RESULTS_SCHEMA.required); // ['schemaVersion', 'generatedAt', 'settings', …]
 * ```
 */
export const RESULTS_SCHEMA: Record<string, unknown> = z.toJSONSchema(resultsSchema, { io: 'input' });

/** JSON's name for the kind of a value, integers apart from other numbers. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    root,
  );
}

/** `$.a.b[0]` for the path `['a', 'b', 0]`. */
function pathText(path: readonly PropertyKey[]): string {
  return `$${path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}`;
}

function message(issue: z.core.$ZodIssue, root: unknown): string {
  const at = pathText(issue.path);
  const value = valueAt(root, issue.path);
  if (value === undefined && issue.path.length > 0) return `${at} is required`;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.message.startsWith('expected ') ? issue.message.slice('expected '.length) : issue.expected;
      return `${at} must be of type ${expected}, got ${typeOf(value)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `${at} must be ${JSON.stringify(issue.values[0])}`
        : `${at} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' ? `${at} needs >= ${issue.minimum} items` : `${at} must be >= ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `${at} allows <= ${issue.maximum} items` : `${at} must be <= ${issue.maximum}`;
    default:
      return `${at}: ${issue.message}`;
  }
}

/**
 * Checks a parsed `results.json` against {@link resultsSchema}; returns one message per violation (empty when valid),
 * each naming the field by its path (`$.calibration.perEpsilon[0].ece.mean must be of type number, got string`).
 *
 * @example
 * ```ts
 * import { validateResults } from './results-schema';
 * console.log(validateResults({ schemaVersion: 4 }).length > 0); // true: most fields are missing
 * ```
 */
export function validateResults(value: unknown): string[] {
  const parsed = resultsSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => message(issue, value));
}
