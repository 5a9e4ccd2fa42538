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
  return checkChoice(spread ?? 'min-max', ['min-max', 'standard-deviation'] as const, parameter, functionName);
}

/** The words used in legends and subtitles for a spread. */
export function describeSpread(spread: Spread): string {
  return spread === 'min-max' ? 'bars: min–max' : 'bars: ±1 standard deviation';
}

/** Throws unless `value` is an array; returns it. */
export function arrayOf<T>(value: unknown, parameter: string, functionName: string, what: string): readonly T[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: `be an array of ${what}` });
  }
  return value as readonly T[];
}

/** Throws unless `value` is a non-empty string; returns it. */
export function text(value: unknown, parameter: string, functionName: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: 'be a non-empty string' });
  }
  return value;
}
