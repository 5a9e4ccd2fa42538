import { checkChoice, checkNumber, InvalidArgumentError, readOptions } from '@softlabels/core';

/**
 * Layout options every chart builder accepts.
 *
 * @example
 * ```ts
 * import type { ChartLayoutOptions } from '@softlabels/vis';
 *
 * const layout: ChartLayoutOptions = { title: '', width: 300, height: 200 };
 * console.log(layout.width); // 300
 * ```
 */
export interface ChartLayoutOptions {
  /** Chart title (each builder has a default; `''` for none). */
  title?: string;
  /** Width of one plot panel in pixels. */
  width?: number;
  /** Height of one plot panel in pixels. */
  height?: number;
}

/**
 * How error bars summarise repeated runs (seeds): min–max, or mean ± 1 sample standard deviation.
 *
 * @example
 * ```ts
 * import { summarise, type Spread } from '@softlabels/vis';
 *
 * const spread: Spread = 'min-max';
 * console.log(summarise([1, 2, 6], spread).upper); // 6
 * ```
 */
export type Spread = 'min-max' | 'standard-deviation';

/** Normalised {@link ChartLayoutOptions}. */
export interface PreparedLayout {
  title: string;
  width: number;
  height: number;
}

/** A chart builder's options: the checked layout and the record of its own keys. */
export interface ChartOptions {
  layout: PreparedLayout;
  record: Record<string, unknown>;
}

const LAYOUT_KEYS = ['title', 'width', 'height'] as const;

/**
 * Reads the options of a chart builder: rejects unknown keys (the layout keys and `ownKeys` are known), checks the
 * layout options and fills in the builder's defaults.
 */
export function readChartOptions(
  options: unknown,
  ownKeys: readonly string[],
  defaults: PreparedLayout,
  functionName: string,
): ChartOptions {
  const record = readOptions(options, [...LAYOUT_KEYS, ...ownKeys], functionName);
  const title = record.title ?? defaults.title;
  if (typeof title !== 'string') {
    throw new InvalidArgumentError({ functionName, parameter: 'options.title', value: title, expected: 'be a string' });
  }
  const size = { min: 20, max: 4000, integer: true };
  return {
    layout: {
      title,
      width: checkNumber(record.width ?? defaults.width, 'options.width', functionName, size),
      height: checkNumber(record.height ?? defaults.height, 'options.height', functionName, size),
    },
    record,
  };
}

/** Validates a {@link Spread} option (default `'min-max'`). */
export function prepareSpread(spread: unknown, functionName: string, parameter = 'options.spread'): Spread {
  return checkChoice(
    spread === undefined ? 'min-max' : spread,
    ['min-max', 'standard-deviation'] as const,
    parameter,
    functionName,
  );
}

/** The words used in legends and subtitles for a spread. */
export function describeSpread(spread: Spread): string {
  return spread === 'min-max' ? 'bars: min–max' : 'bars: ±1 standard deviation';
}

/**
 * Throws unless `value` is an array without holes; returns it. The first hole is refused where it is, so a huge
 * sparse array is refused at once instead of walked.
 */
export function arrayOf<T>(value: unknown, parameter: string, functionName: string, what: string): readonly T[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: `be an array of ${what}` });
  }
  for (let index = 0; index < value.length; index += 1) {
    if (!(index in value)) {
      throw new InvalidArgumentError({
        functionName,
        parameter: `${parameter}[${index}]`,
        value: undefined,
        expected: `be an element: ${parameter} must be an array of ${what} without holes`,
        got: 'a hole',
      });
    }
  }
  return value as readonly T[];
}

/** Throws unless `value` is a plain object (not a Map, a Date or a class instance); returns it. */
export function plainRecord(value: unknown, parameter: string, functionName: string, what: string): object {
  const prototype = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: `be a plain object: ${what}` });
  }
  return value as object;
}

/** Checks an optional seed or repeat index: `undefined` or an integer. */
export function checkSeed(value: unknown, parameter: string, functionName: string): void {
  if (value !== undefined) checkNumber(value, parameter, functionName, { integer: true });
}

/** Throws unless `value` is a non-empty string; returns it. */
export function text(value: unknown, parameter: string, functionName: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: 'be a non-empty string' });
  }
  return value;
}
