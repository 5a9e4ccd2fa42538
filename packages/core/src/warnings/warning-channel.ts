import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { readOptions } from '../options/read-options';
import { checkName } from '../validation/check-names';

/** A note about input that is valid but probably not what the caller meant (probabilities passed as logits…). */
export interface SoftlabelsWarning {
  /** Stable identifier of the kind of warning, such as `'probabilities-as-logits'`. */
  readonly code: string;
  /** The public function that noticed. */
  readonly functionName: string;
  /** One or two sentences for a person: what looks wrong and what to do. */
  readonly message: string;
}

/** Receives each warning softlabels emits. */
export type WarningHandler = (warning: SoftlabelsWarning) => void;

/** Prints a warning with `console.warn`, saying how to silence it. */
const consoleHandler: WarningHandler = (warning) => {
  console.warn(
    `softlabels warning [${warning.code}] from ${warning.functionName}: ${warning.message} ` +
      `(silence with setWarningHandler(null) from @softlabels/core)`,
  );
};

let handler: WarningHandler | null = consoleHandler;
const seen = new Set<string>();

/**
 * Chooses where softlabels' warnings go: a function receives each one, `null` silences them, and no argument (or
 * `undefined`) restores the default, which prints them with `console.warn`. Returns the handler that was in place
 * (`null` when silenced), so a caller can put it back.
 *
 * @example
 * ```ts
 * import { setWarningHandler, type SoftlabelsWarning } from '@softlabels/core';
 *
 * const noted: SoftlabelsWarning[] = [];
 * const previous = setWarningHandler((warning) => noted.push(warning));
 * // … calls that may warn …
 * setWarningHandler(previous);
 * console.log(noted.length); // 0
 * ```
 */
export function setWarningHandler(next?: WarningHandler | null): WarningHandler | null {
  if (next !== undefined && next !== null && typeof next !== 'function') {
    throw new InvalidArgumentError({
      functionName: 'setWarningHandler',
      parameter: 'handler',
      value: next,
      expected: 'be a function, null (silence) or undefined (print with console.warn)',
    });
  }
  const previous = handler;
  handler = next === undefined ? consoleHandler : next;
  return previous;
}

/**
 * Emits a warning to the current handler the first time its `code` is seen for its `functionName` (later ones with
 * the same pair are dropped until {@link resetWarnings}). A handler that throws does not break the call that warned.
 *
 * @example
 * ```ts
 * import { setWarningHandler, warnOnce } from '@softlabels/core';
 *
 * const previous = setWarningHandler((warning) => console.log(warning.code));
 * warnOnce({ code: 'odd-input', functionName: 'myLoss', message: 'The input looks odd.' }); // odd-input
 * warnOnce({ code: 'odd-input', functionName: 'myLoss', message: 'The input looks odd.' }); // (nothing)
 * setWarningHandler(previous);
 * ```
 */
export function warnOnce(warning: SoftlabelsWarning): void {
  const record = readOptions(warning, ['code', 'functionName', 'message'], 'warnOnce', 'warning');
  for (const field of ['code', 'functionName', 'message'] as const)
    checkName(record[field], `warning.${field}`, 'warnOnce');
  const { code, functionName, message } = record as unknown as SoftlabelsWarning;
  const key = `${code}\u0000${functionName}`;
  if (seen.has(key)) return;
  seen.add(key);
  if (handler === null) return;
  try {
    handler({ code, functionName, message });
  } catch {
    // A handler's own failure must not turn a valid call into a failed one.
  }
}

/**
 * Forgets which warnings were emitted, so each may be emitted once more (for tests and long-lived processes that
 * start a new job).
 *
 * @example
 * ```ts
 * import { resetWarnings } from '@softlabels/core';
 *
 * resetWarnings();
 * ```
 */
export function resetWarnings(): void {
  seen.clear();
}
