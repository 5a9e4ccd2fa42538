import type { Spread } from './chart-options';

/** Mean of repeated measurements and the ends of their error bar. */
export interface Summary {
  mean: number;
  lower: number;
  upper: number;
  count: number;
}

/**
 * Mean and spread of repeated measurements (e.g. over seeds): min–max, or mean ± the sample standard deviation
 * (n − 1; zero for a single value).
 */
export function summarise(values: readonly number[], spread: Spread): Summary {
  const count = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / count;
  if (spread === 'min-max') {
    return { mean, lower: Math.min(...values), upper: Math.max(...values), count };
  }
  const variance = count > 1 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1) : 0;
  const deviation = Math.sqrt(variance);
  return { mean, lower: mean - deviation, upper: mean + deviation, count };
}

/** The words used in legends and subtitles for a spread. */
export function describeSpread(spread: Spread): string {
  return spread === 'min-max' ? 'bars: min–max' : 'bars: ±1 standard deviation';
}

/**
 * A domain around `values` widened by `margin` of their span on each side (so marks and labels at the ends stay
 * inside the frame), including 0 when `withZero`. Ticks then stay on round numbers inside the data range.
 */
export function paddedDomain(values: readonly number[], margin: number, withZero: boolean): [number, number] {
  const low = Math.min(...values, ...(withZero ? [0] : []));
  const high = Math.max(...values, ...(withZero ? [0] : []));
  const span = high - low || Math.abs(high) || 1;
  return [low - margin * span, high + margin * span];
}
