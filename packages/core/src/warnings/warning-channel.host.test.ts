import { afterEach, describe, expect, it, vi } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { resetWarnings, setWarningHandler, warnOnce, type SoftlabelsWarning } from './warning-channel';

const WARNING: SoftlabelsWarning = { code: 'odd-input', functionName: 'myLoss', message: 'The input looks odd.' };

afterEach(() => {
  setWarningHandler(undefined);
  resetWarnings();
  vi.restoreAllMocks();
});

describe('warning channel', () => {
  it('prints each code once per function with console.warn by default, naming how to silence it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    warnOnce(WARNING);
    warnOnce(WARNING);
    warnOnce({ ...WARNING, functionName: 'otherLoss' });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]?.[0]).toBe(
      'softlabels warning [odd-input] from myLoss: The input looks odd. ' +
        '(silence with setWarningHandler(null) from @softlabels/core)',
    );
  });

  it('sends warnings to a handler, silences them with null and restores the previous handler', () => {
    const noted: SoftlabelsWarning[] = [];
    const original = setWarningHandler((warning) => noted.push(warning));
    warnOnce(WARNING);
    expect(noted).toEqual([WARNING]);
    const custom = setWarningHandler(null);
    warnOnce({ ...WARNING, code: 'other' });
    expect(noted).toHaveLength(1);
    expect(setWarningHandler(custom)).toBeNull();
    resetWarnings();
    warnOnce(WARNING);
    expect(noted).toHaveLength(2);
    setWarningHandler(original);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    warnOnce({ ...WARNING, code: 'third' });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('survives a handler that throws', () => {
    setWarningHandler(() => {
      throw new Error('handler broke');
    });
    expect(() => warnOnce(WARNING)).not.toThrow();
  });

  it('refuses a handler that is no function and a malformed warning, naming the argument', () => {
    expect(() => setWarningHandler('console' as never)).toThrow(InvalidArgumentError);
    expect(() => setWarningHandler('console' as never)).toThrow("'handler' passed to 'setWarningHandler'");
    expect(() => warnOnce({ ...WARNING, code: '' })).toThrow("'warning.code' passed to 'warnOnce'");
    expect(() => warnOnce({ ...WARNING, extra: 1 } as never)).toThrow("'warning.extra'");
    expect(() => warnOnce(null as never)).toThrow("'warning' passed to 'warnOnce'");
  });
});
