import { InvalidArgumentError } from '@softlabels/core';

import type { FunctionEntry } from './export-entry';
import type { CallTarget } from './run-probe';
import { tensorsIn } from './exact-snapshot';

const KNOWN = /known options are (.+)$/;

/**
 * Asks the function which keys each of its options arguments knows: an unknown key must be refused with an error
 * that lists them. Options arguments whose function does not answer get no keys (their unknown-key probe fails).
 */
export async function discoverOptionKeys(target: CallTarget, entry: FunctionEntry): Promise<Map<number, string[]>> {
  const keys = new Map<number, string[]>();
  for (const [index, argument] of entry.args.entries()) {
    if (argument.type !== 'options') continue;
    const args = entry.args.map((each) => each.valid());
    args[index] = { ...(args[index] as Record<string, unknown> | undefined), hostileDiscovery: 1 };
    try {
      const returned = await target.call(args).value;
      for (const tensor of tensorsIn(returned)) tensor.dispose();
    } catch (error) {
      const expected = InvalidArgumentError.isInstance(error)
        ? KNOWN.exec(error.message.replace(/, but got .*$/s, ''))
        : null;
      if (expected !== null) keys.set(index, (expected[1] as string).split(', '));
    }
    for (const tensor of tensorsIn(args)) tensor.dispose();
  }
  return keys;
}
