import { checkChoice, checkNumber, InvalidArgumentError } from '@softlabels/core';

/** Layout options every chart builder accepts. */
export interface ChartLayoutOptions {
  /** Chart title (each builder has a default; `''` for none). */
  title?: string;
  /** Width of one plot panel in pixels. */
  width?: number;
  /** Height of one plot panel in pixels. */
  height?: number;
}

/** How error bars summarise repeated runs (seeds). */
export type Spread = 'min-max' | 'standard-deviation';

/** Normalised {@link ChartLayoutOptions}. */
export interface PreparedLayout {
  title: string;
  width: number;
  height: number;
}

/** Validates the layout options of a chart builder, filling in its defaults. */
export function prepareLayout(
  options: ChartLayoutOptions,
  defaults: PreparedLayout,
  functionName: string,
): PreparedLayout {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, parameter: 'options', value: options, expected: 'be an object' });
  }
  const title = options.title ?? defaults.title;
  if (typeof title !== 'string') {
    throw new InvalidArgumentError({ functionName, parameter: 'options.title', value: title, expected: 'be a string' });
  }
  const size = { min: 20, max: 4000, integer: true };
  return {
    title,
    width: checkNumber(options.width ?? defaults.width, 'options.width', functionName, size),
    height: checkNumber(options.height ?? defaults.height, 'options.height', functionName, size),
  };
}

/** Validates a {@link Spread} option (default `'min-max'`). */
export function prepareSpread(spread: unknown, functionName: string): Spread {
  return checkChoice(spread ?? 'min-max', ['min-max', 'standard-deviation'] as const, 'options.spread', functionName);
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
