/** Whether an object and every object reachable from its own properties are frozen (primitives count as frozen). */
export function isDeeplyFrozen(value: unknown, seen: Set<object> = new Set()): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return true;
  if (seen.has(value)) return true;
  seen.add(value);
  if (!Object.isFrozen(value)) return false;
  return Reflect.ownKeys(value).every((key) => isDeeplyFrozen((value as Record<PropertyKey, unknown>)[key], seen));
}
