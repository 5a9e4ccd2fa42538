import { InvalidArgumentError } from '@softlabels/core';
import type { HostRows } from '../read-input';
import type { MethodDefinition } from './method-definition';

/** Throws unless `kind` is an input kind the method fits and applies to, naming the input of `functionName`. */
export function checkAcceptedKind(
  definition: MethodDefinition<unknown>,
  kind: HostRows['kind'],
  value: unknown,
  functionName: string,
): void {
  if (definition.accepts.includes(kind)) return;
  const wanted = definition.accepts.map((accepted) => `{ ${accepted} }`).join(' or ');
  throw new InvalidArgumentError({
    functionName,
    parameter: `input.${kind}`,
    value,
    expected: `be given as ${wanted} for method '${definition.method}'`,
  });
}
