import fc from 'fast-check';

/**
 * A small deterministic generator (mulberry32) for the bulk values of a property case: cases then print as a seed and
 * a style instead of thousands of numbers, and replay exactly.
 */
export class SeededValues {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** One of `choices`. */
  pick<T>(choices: readonly T[]): T {
    return choices[this.int(choices.length)] as T;
  }
}

/**
 * How the values of a case are drawn: `normal` (Gaussian·scale), `ties` (few distinct small integers·scale, so rows
 * hold ties and signed zeros), `constant` (every value of a row equal, ±0 included), `mixed` (each value one of:
 * Gaussian, +0, −0, ±1e4, a copy of its left neighbour, a tiny value, uniform in ±scale).
 */
export type ValueStyle = 'normal' | 'ties' | 'constant' | 'mixed';

/** Everything that fixes the values of a case. */
export interface ValueRecipe {
  seed: number;
  style: ValueStyle;
  /** Typical magnitude; values never exceed ±1e4. */
  scale: number;
}

/** The largest magnitude a drawn value takes. */
export const VALUE_LIMIT = 1e4;

/**
 * Draws a {@link ValueRecipe}: every style, scales from 1 to 1e4 (shrinking towards normal values of scale 1).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { realiseValues, valueRecipe } from '@softlabels/test-utils';
 *
 * const [recipe] = fc.sample(valueRecipe(), { numRuns: 1, seed: 1 });
 * console.log(realiseValues(recipe!, 6).length); // 6
 * ```
 */
export function valueRecipe(): fc.Arbitrary<ValueRecipe> {
  return fc.record({
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    style: fc.constantFrom<ValueStyle>('normal', 'ties', 'constant', 'mixed'),
    scale: fc.constantFrom(1, 3, 30, 300, VALUE_LIMIT),
  });
}

function clamp(value: number): number {
  return Math.fround(Math.max(-VALUE_LIMIT, Math.min(VALUE_LIMIT, value)));
}

/**
 * The `length` float32 values of `recipe`, in rows of `width` (rows matter to the `constant` style only). Pure: the
 * same recipe always gives the same values.
 *
 * @example
 * ```ts
 * import { realiseValues } from '@softlabels/test-utils';
 *
 * const values = realiseValues({ seed: 7, style: 'ties', scale: 3 }, 12, 4);
 * console.log(values.length); // 12
 * ```
 */
export function realiseValues(recipe: ValueRecipe, length: number, width = length): Float32Array {
  const random = new SeededValues(recipe.seed);
  const { scale } = recipe;
  const out = new Float32Array(length);
  let rowValue = 0;
  for (let index = 0; index < length; index += 1) {
    let value: number;
    switch (recipe.style) {
      case 'normal':
        value = random.normal() * scale;
        break;
      case 'ties': {
        const level = random.int(5) - 2;
        value = level === 0 && random.uniform() < 0.5 ? -0 : level * scale;
        break;
      }
      case 'constant':
        if (width > 0 && index % width === 0) rowValue = random.uniform() < 0.2 ? -0 : random.normal() * scale;
        value = rowValue;
        break;
      case 'mixed': {
        const kind = random.int(7);
        if (kind === 0) value = random.normal() * scale;
        else if (kind === 1) value = 0;
        else if (kind === 2) value = -0;
        else if (kind === 3) value = random.uniform() < 0.5 ? VALUE_LIMIT : -VALUE_LIMIT;
        else if (kind === 4) value = index > 0 ? (out[index - 1] as number) : scale;
        else if (kind === 5) value = (random.uniform() < 0.5 ? -1 : 1) * 10 ** (-30 + 27 * random.uniform());
        else value = (2 * random.uniform() - 1) * scale;
        break;
      }
    }
    out[index] = clamp(value);
  }
  return out;
}

/**
 * `count` rows of `width` float32 probabilities drawn from `recipe`: softmax of its values (in float64, then rounded),
 * with some rows one-hot, some with exact ties, and (with `slack`, rows of 3 or more) some with an entry a little below
 * 0, within `slack`. Every entry stays at most 1. Rows of width 0 are empty.
 *
 * @example
 * ```ts
 * import { realiseDistributions } from '@softlabels/test-utils';
 *
 * const rows = realiseDistributions({ seed: 3, style: 'normal', scale: 1 }, 2, 3);
 * console.log(rows.length); // 6
 * ```
 */
export function realiseDistributions(recipe: ValueRecipe, count: number, width: number, slack = 0): Float32Array {
  const logits = realiseValues(recipe, count * width, width);
  const random = new SeededValues(recipe.seed ^ 0x5bd1e995);
  const out = new Float32Array(count * width);
  for (let row = 0; row < count; row += 1) {
    const base = row * width;
    const kind = random.int(8);
    if (kind === 0 && width > 0) {
      out[base + random.int(width)] = 1;
    } else if (kind === 1 && width > 1) {
      const share = Math.fround(1 / 2);
      out[base] = share;
      out[base + width - 1] = share;
    } else {
      let top = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < width; c += 1) top = Math.max(top, logits[base + c] as number);
      let sum = 0;
      for (let c = 0; c < width; c += 1) sum += Math.exp((logits[base + c] as number) - top);
      for (let c = 0; c < width; c += 1) out[base + c] = Math.exp((logits[base + c] as number) - top) / sum;
    }
    if (slack > 0 && kind === 2 && width > 2) {
      // The smallest entry pushed a little below 0, its mass moved to the next smallest (which stays below 1).
      const order = Array.from({ length: width }, (_, c) => base + c).sort(
        (x, y) => (out[x] as number) - (out[y] as number),
      );
      const [smallest, next] = order as [number, number];
      const shift = (out[smallest] as number) + slack / 4;
      out[next] = Math.fround((out[next] as number) + shift);
      out[smallest] = Math.fround(-slack / 4);
    }
  }
  return out;
}

/**
 * Class counts that probe the kernels' 4-lane vectors: often the smallest (`min`, 1 by default), 2–9, values just below,
 * at and above multiples of 4, and wider rows up to `max`.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { classCounts } from '@softlabels/test-utils';
 *
 * console.log(fc.sample(classCounts(64), { numRuns: 3, seed: 2 }).length); // 3
 * ```
 */
export function classCounts(max = 300, min = 1): fc.Arbitrary<number> {
  const aroundVectors = [3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129].filter(
    (value) => value >= min && value <= max,
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(Math.max(1, min)) },
    { weight: 3, arbitrary: fc.integer({ min: Math.max(1, min), max: Math.min(9, max) }) },
    { weight: 3, arbitrary: fc.constantFrom(...aroundVectors) },
    { weight: 1, arbitrary: fc.integer({ min: Math.max(10, min), max }) },
  );
}

/** The kernels' thread threshold: calls of at least this many row elements may run on worker threads. */
export const THREAD_THRESHOLD_ELEMENTS = 1 << 18;

/**
 * A `[rows, classes]` shape whose element count lies just below, at or just above {@link THREAD_THRESHOLD_ELEMENTS}
 * (exactly at it where `classes` divides it), for the few large cases of a property.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { thresholdShape } from '@softlabels/test-utils';
 *
 * const [shape] = fc.sample(thresholdShape(), { numRuns: 1, seed: 4 });
 * console.log(shape!.rows * shape!.classes > 200_000); // true
 * ```
 */
export function thresholdShape(minClasses = 1): fc.Arbitrary<{ rows: number; classes: number }> {
  return fc
    .record({
      classes: fc.constantFrom(1, 2, 3, 4, 10, 16, 33, 1000).filter((classes) => classes >= minClasses),
      side: fc.constantFrom(-1, 0, 1),
    })
    .map(({ classes, side }) => {
      const at = Math.ceil(THREAD_THRESHOLD_ELEMENTS / classes);
      const below = Math.floor((THREAD_THRESHOLD_ELEMENTS - 1) / classes);
      return { rows: side < 0 ? below : side === 0 ? at : at + 1, classes };
    });
}

/** How a case's class weights are drawn: none given, all 1, random in [0, 3) with some exact zeros, or all 0. */
export interface ClassWeightsRecipe {
  kind: 'none' | 'ones' | 'random' | 'zeros';
  seed: number;
}

/** Draws a {@link ClassWeightsRecipe}. */
export function classWeightsRecipe(): fc.Arbitrary<ClassWeightsRecipe> {
  return fc.record({
    kind: fc.constantFrom('none' as const, 'ones' as const, 'random' as const, 'zeros' as const),
    seed: fc.nat(),
  });
}

/**
 * The float32 class weights of `recipe` for `classes` classes (undefined for `none`).
 *
 * @example
 * ```ts
 * import { realiseClassWeights } from '@softlabels/test-utils';
 *
 * console.log(realiseClassWeights({ kind: 'ones', seed: 0 }, 3)); // Float32Array [1, 1, 1]
 * ```
 */
export function realiseClassWeights(recipe: ClassWeightsRecipe, classes: number): Float32Array | undefined {
  const random = new SeededValues(recipe.seed);
  if (recipe.kind === 'none') return undefined;
  if (recipe.kind === 'ones') return new Float32Array(classes).fill(1);
  if (recipe.kind === 'zeros') return new Float32Array(classes);
  return Float32Array.from({ length: classes }, () =>
    random.uniform() < 0.15 ? 0 : Math.fround(3 * random.uniform()),
  );
}

/** How a case's smoothing prior is drawn: none given (uniform), random with some zeros, or one-hot. */
export interface PriorRecipe {
  kind: 'uniform' | 'random' | 'one-hot';
  seed: number;
}

/** Draws a {@link PriorRecipe}. */
export function priorRecipe(): fc.Arbitrary<PriorRecipe> {
  return fc.record({
    kind: fc.constantFrom('uniform' as const, 'random' as const, 'one-hot' as const),
    seed: fc.nat(),
  });
}

/**
 * The float32 prior of `recipe` for `classes` classes, summing to 1 up to float32 rounding (undefined for `uniform`).
 *
 * @example
 * ```ts
 * import { realisePrior } from '@softlabels/test-utils';
 *
 * console.log(realisePrior({ kind: 'one-hot', seed: 0 }, 2)?.reduce((sum, value) => sum + value, 0)); // 1
 * ```
 */
export function realisePrior(recipe: PriorRecipe, classes: number): Float32Array | undefined {
  const random = new SeededValues(recipe.seed);
  if (recipe.kind === 'uniform') return undefined;
  const prior = new Float32Array(classes);
  if (recipe.kind === 'one-hot') {
    prior[random.int(classes)] = 1;
    return prior;
  }
  const raw = Array.from({ length: classes }, () => (random.uniform() < 0.2 ? 0 : random.uniform()));
  if (!raw.some((value) => value > 0)) raw[0] = 1;
  const total = raw.reduce((sum, value) => sum + value, 0);
  raw.forEach((value, c) => {
    prior[c] = value / total;
  });
  return prior;
}
