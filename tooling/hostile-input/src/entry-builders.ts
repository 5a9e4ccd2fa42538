import type { ArgumentSpec, ArgumentType, ExportEntry, ExtraProbe, FunctionEntry, LabelledValue } from './export-entry';

/** A function entry from its arguments and, optionally, the rest of its fields. */
export function fn(args: readonly ArgumentSpec[], rest: Omit<FunctionEntry, 'kind' | 'args'> = {}): FunctionEntry {
  return { kind: 'function', args, ...rest };
}

/** An argument of the given type. */
export function arg(
  name: string,
  type: ArgumentType,
  valid: () => unknown,
  rest: Omit<ArgumentSpec, 'name' | 'type' | 'valid'> = {},
): ArgumentSpec {
  return { name, type, valid, ...rest };
}

/** An optional options argument (named `options` unless `rest.name` says otherwise) whose valid value is `valid`. */
export function options(
  valid: () => unknown = () => undefined,
  rest: Partial<Omit<ArgumentSpec, 'type' | 'valid'>> = {},
): ArgumentSpec {
  return { name: 'options', type: 'options', valid, optional: true, ...rest };
}

/** A labelled bad value. */
export function bad(label: string, make: () => unknown): LabelledValue {
  return { label, make };
}

/** A probe that must be refused with an error naming `argument`. */
export function refused(label: string, args: () => unknown[], argument: string, functionName?: string): ExtraProbe {
  return { label, args, expect: functionName === undefined ? { argument } : { argument, functionName } };
}

/** A probe whose user callback throws: the user's error comes out, with nothing left behind. */
export function userError(label: string, args: () => unknown[]): ExtraProbe {
  return { label, args, expect: 'user-error' };
}

/** An export that is a constant: it must be deeply frozen. */
export const constant: ExportEntry = { kind: 'constant' };
