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
