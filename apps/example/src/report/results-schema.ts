/**
 * The schema of `results.json` (version {@link RESULTS_SCHEMA_VERSION}), as a JSON Schema (draft 2020-12 subset:
 * `type`, `properties`, `required`, `items`, `enum`, `const`, `minimum`, `maximum`, `minItems`, `nullable` via type
 * arrays) and a hand-written checker for that subset. Every run writes the schema beside the results as
 * `results.schema.json`.
 */
export const RESULTS_SCHEMA_VERSION = 1;

type Schema = Record<string, unknown>;

const number = { type: 'number' };
const integer = { type: 'integer', minimum: 0 };
const string = { type: 'string' };
const boolean = { type: 'boolean' };
const numbers = { type: 'array', items: number };
const nullableNumber = { type: ['number', 'null'] };

function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
  };
}

/** Mean, sample standard deviation and the per-seed values of one quantity. */
const stat = object({ mean: number, sd: number, values: { type: 'array', items: number, minItems: 1 } });

const reliability = object({
  bins: {
    type: 'array',
    minItems: 1,
    items: object({
      lower: number,
      upper: number,
      count: integer,
      confidence: nullableNumber,
      accuracy: nullableNumber,
      gap: nullableNumber,
    }),
  },
  ece: number,
  mce: number,
  accuracy: number,
  averageConfidence: number,
});

const finding = object({
  id: { enum: ['calibration', 'representations', 'distillation'] },
  title: string,
  reproduced: { type: ['boolean', 'null'] },
  summary: string,
});

const projectionPanel = object({
  alpha: number,
  split: { enum: ['train', 'validation'] },
  points: { type: 'array', items: object({ x: number, y: number, label: integer }) },
  vertices: { type: 'array', items: object({ x: number, y: number, label: integer }) },
});

/** The JSON Schema of `results.json`. */
export const RESULTS_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'softlabels example results',
  ...object({
    schemaVersion: { const: RESULTS_SCHEMA_VERSION },
    generatedAt: string,
    settings: object({
      dataset: string,
      datasetSource: string,
      classNames: { type: 'array', items: string },
      backend: string,
      seeds: { type: 'array', items: integer, minItems: 1 },
      epochs: integer,
      trainSize: integer,
      heldOutSize: integer,
      testSize: integer,
      alphas: numbers,
      hidden: { type: 'array', items: integer },
      batchSize: integer,
      learningRate: number,
      quick: boolean,
      distillation: boolean,
      eceBins: integer,
    }),
    environment: object({
      backend: object({ name: string, simd: boolean, threads: integer, floatPrecision: integer }),
      node: string,
      platform: string,
      cpus: integer,
      cpuModel: string,
      loadAverageStart: numbers,
      loadAverageEnd: numbers,
    }),
    timing: object({
      totalSeconds: number,
      cpuSeconds: number,
      calibrationSeconds: number,
      representationsSeconds: number,
      distillationSeconds: number,
      secondsPerEpoch: number,
    }),
    calibration: object({
      perAlpha: {
        type: 'array',
        minItems: 2,
        items: object({
          alpha: number,
          accuracy: stat,
          nll: stat,
          ece: stat,
          heldOutEce: stat,
          temperature: stat,
          eceAfterTemperature: stat,
        }),
      },
      temperatureScaling: object({ temperature: stat, ece: stat, nll: stat, accuracy: stat }),
      bestAlpha: number,
      reliability: object({ baseline: reliability, bestLabelSmoothing: reliability, temperatureScaled: reliability }),
    }),
    representations: object({
      classes: { type: 'array', items: integer, minItems: 3, maxItems: 3 },
      examplesPerClass: integer,
      perAlpha: {
        type: 'array',
        items: object({ alpha: number, trainTightness: stat, validationTightness: stat }),
      },
      panels: { type: 'array', items: projectionPanel },
    }),
    distillation: {
      type: ['object', 'null'],
      properties: {
        transferSize: integer,
        studentHidden: { type: 'array', items: integer },
        studentEpochs: integer,
        studentAlone: stat,
        teachers: {
          type: 'array',
          items: object({
            kind: { enum: ['hard-label', 'label-smoothed'] },
            alpha: number,
            temperature: number,
            teacherAccuracy: stat,
            gamma: stat,
            studentAccuracy: stat,
          }),
        },
        mutualInformation: object({
          classes: { type: 'array', items: integer, minItems: 2, maxItems: 2 },
          examples: integer,
          draws: integer,
          logN: number,
          curves: { type: 'array', items: object({ alpha: number, epochs: numbers, values: numbers }) },
        }),
      },
      required: ['transferSize', 'studentHidden', 'studentEpochs', 'studentAlone', 'teachers', 'mutualInformation'],
    },
    findings: { type: 'array', items: finding },
    figures: { type: 'array', items: object({ id: string, title: string, svg: string, png: string }) },
  }),
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (type === 'number') return (actual === 'number' || actual === 'integer') && Number.isFinite(value as number);
  return actual === type;
}

function check(value: unknown, schema: Schema, path: string, errors: string[]): void {
  if ('const' in schema && value !== schema.const) errors.push(`${path} must be ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    errors.push(`${path} must be one of ${schema.enum.map((item) => JSON.stringify(item)).join(', ')}`);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((type) => matchesType(value, type))) {
      errors.push(`${path} must be of type ${types.join(' or ')}, got ${typeOf(value)}`);
      return;
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      errors.push(`${path} must be >= ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      errors.push(`${path} must be <= ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      errors.push(`${path} needs >= ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      errors.push(`${path} allows <= ${schema.maxItems} items`);
    if (schema.items !== undefined)
      value.forEach((item, index) => check(item, schema.items as Schema, `${path}[${index}]`, errors));
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in record)) errors.push(`${path}.${key} is required`);
    }
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, child] of Object.entries(properties)) {
      if (key in record) check(record[key], child, `${path}.${key}`, errors);
    }
  }
}

/**
 * Checks a parsed `results.json` against {@link RESULTS_SCHEMA}; returns one message per violation (empty when valid).
 *
 * @example
 * ```ts
 * import { validateResults } from './results-schema';
 * console.log(validateResults({ schemaVersion: 1 }).length > 0); // true: most fields are missing
 * ```
 */
export function validateResults(value: unknown): string[] {
  const errors: string[] = [];
  check(value, RESULTS_SCHEMA, '$', errors);
  return errors;
}
