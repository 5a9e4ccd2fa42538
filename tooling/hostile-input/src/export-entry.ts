/**
 * What the suite knows about one public export: how to call it validly, and what its arguments are, so that bad
 * arguments can be generated for each of them.
 */

/** The kind of an argument, which decides the bad values generated for it. */
export type ArgumentType =
  /** A tensor or anything `tf.tensor` accepts (nested number arrays, typed arrays). */
  | 'tensor'
  /** An options object: `undefined` and plain objects are valid; its keys are found by asking the function. */
  | 'options'
  /** A plain data record (not options): each of its fields is replaced by bad values in turn. */
  | 'record'
  /** An array of data (records or numbers): its first and last elements are replaced by bad values in turn. */
  | 'array'
  | 'number'
  | 'string'
  | 'boolean'
  | 'function'
  /** A tfjs layers model. */
  | 'model'
  /** A vega-lite spec: any JSON is a spec, so only non-objects are bad. */
  | 'spec'
  /** A DOM element. */
  | 'element';

/** A value with a label for reports; `make` builds a fresh one for each call. */
export interface LabelledValue {
  readonly label: string;
  readonly make: () => unknown;
}

/** One argument of a function export. */
export interface ArgumentSpec {
  /** The name the function's errors give it (`'logits'`, `'options'`). */
  readonly name: string;
  readonly type: ArgumentType;
  /** Builds a fresh valid value. */
  readonly valid: () => unknown;
  /** Whether `undefined` is valid. */
  readonly optional?: boolean;
  /** Bad values particular to this argument (out of its range, wrong shape), beyond the generated ones. */
  readonly bad?: readonly LabelledValue[];
  /**
   * Whether the leaves of the valid value (fields of records, first and last elements of arrays, down to nested
   * levels) are replaced one at a time by bad values. Defaults to true for `tensor`, `record` and `array`.
   */
  readonly mutateLeaves?: boolean;
  /**
   * Generated probes that are valid for this argument after all, by label (`'options ← a string'`) or by path, which
   * covers every probe of that path (`'options.cause'`: a field that takes any value).
   */
  readonly alsoValid?: readonly string[];
  /**
   * What errors about this argument name instead of the entry's function and the argument's name: validators take
   * the caller's function and parameter names and report under those.
   */
  readonly reportedAs?: { readonly functionName: string; readonly argument: string };
}

/** A probe the generator cannot derive: a particular bad call, with what it must do. */
export interface ExtraProbe {
  readonly label: string;
  /** Builds the arguments. */
  readonly args: () => unknown[];
  /**
   * `{ argument }`: a softlabels error naming the function and this argument. `'user-error'`: the error a user
   * callback threw comes out (any error), with nothing left behind.
   */
  readonly expect: { readonly argument: string; readonly functionName?: string } | 'user-error';
}

/** A function export (or a method, or a constructor). */
export interface FunctionEntry {
  readonly kind: 'function';
  /** The function name its errors carry; defaults to the export's name (`Class.method` for methods). */
  readonly functionName?: string;
  readonly args: readonly ArgumentSpec[];
  /** Turns a result into something compared exactly between calls (for results that are functions or objects). */
  readonly use?: (result: unknown) => unknown;
  /** Probes beyond the generated ones. */
  readonly probes?: readonly ExtraProbe[];
  /**
   * For functions that accept anything and must never throw (type guards such as `isInstance`): every generated
   * value must give exactly this result.
   */
  readonly total?: { readonly result: unknown };
  /** Whether the export is called with `new`. */
  readonly construct?: boolean;
  /**
   * Set where the valid call cannot run in this environment (drawing into a DOM element in Node): the valid call
   * itself must then be refused with a softlabels error naming this argument, and so must every probe.
   */
  readonly refusedHere?: { readonly argument: string };
}

/** A class export: its constructor, its methods (on a fresh valid instance) and its static methods. */
export interface ClassEntry {
  readonly kind: 'class';
  readonly constructorEntry: FunctionEntry;
  /** Builds a valid instance for the methods. */
  readonly instance: () => object;
  readonly methods: Readonly<Record<string, FunctionEntry>>;
  readonly statics: Readonly<Record<string, FunctionEntry>>;
}

/** A constant export: it must be deeply frozen, so no caller can change it for everyone else. */
export interface ConstantEntry {
  readonly kind: 'constant';
}

export type ExportEntry = FunctionEntry | ClassEntry | ConstantEntry;

/** The catalogue of one module: an entry for each of its runtime exports. */
export type Catalogue = Readonly<Record<string, ExportEntry>>;
