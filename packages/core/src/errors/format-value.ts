/**
 * Renders a rejected value for an error message: short, unambiguous (strings quoted, NaN spelled out), truncated.
 * @internal
 */
export function formatValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) {
    if (depth >= 3) return '[…]';
    const shown = value
      .slice(0, 8)
      .map((item: unknown) => formatValue(item, depth + 1))
      .join(', ');
    return `[${shown}${value.length > 8 ? ', …' : ''}]`;
  }
  const text = Object.prototype.toString.call(value);
  return text === '[object Object]' ? safeJson(value) : text;
}

function safeJson(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return '[object]';
  }
}
