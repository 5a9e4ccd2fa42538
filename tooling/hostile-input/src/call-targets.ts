import type { ExportEntry, FunctionEntry } from './export-entry';
import { exactSnapshot } from './exact-snapshot';
import type { CallTarget } from './run-probe';

/** One callable part of an export, with the entry that describes its arguments. */
export interface LabelledTarget {
  readonly label: string;
  readonly target: CallTarget;
  readonly entry: FunctionEntry;
}

function rejected(error: unknown): Promise<never> {
  const promise = Promise.reject(error);
  promise.catch(() => undefined);
  return promise;
}

function functionTarget(functionName: string, callable: unknown, entry: FunctionEntry): CallTarget {
  const name = entry.functionName ?? functionName;
  return {
    functionName: name,
    use: entry.use,
    call: (args) => {
      try {
        const fn = callable as (...args: unknown[]) => unknown;
        return { value: entry.construct === true ? Reflect.construct(fn, args) : fn(...args) };
      } catch (error) {
        return { value: rejected(error) };
      }
    },
  };
}

function methodTarget(functionName: string, method: string, instance: () => object, entry: FunctionEntry): CallTarget {
  return {
    functionName: entry.functionName ?? functionName,
    use: entry.use,
    call: (args) => {
      const object = instance() as Record<string, (...args: unknown[]) => unknown>;
      const stateBefore = exactSnapshot(object);
      const stateAfter = (): string => exactSnapshot(object);
      try {
        return {
          value: (object[method] as (...args: unknown[]) => unknown).apply(object, args),
          stateBefore,
          stateAfter,
        };
      } catch (error) {
        return { value: rejected(error), stateBefore, stateAfter };
      }
    },
  };
}

/** The constructor, methods and static methods of a class export, or the function itself. */
export function callTargets(exportName: string, exported: unknown, entry: ExportEntry): LabelledTarget[] {
  if (entry.kind === 'function') {
    return [{ label: exportName, target: functionTarget(exportName, exported, entry), entry }];
  }
  if (entry.kind === 'constant') return [];
  const constructorEntry = { ...entry.constructorEntry, construct: true };
  const targets: LabelledTarget[] = [
    {
      label: `new ${exportName}`,
      target: functionTarget(exportName, exported, constructorEntry),
      entry: constructorEntry,
    },
  ];
  for (const [method, methodEntry] of Object.entries(entry.methods)) {
    const name = `${exportName}.${method}`;
    targets.push({ label: name, target: methodTarget(name, method, entry.instance, methodEntry), entry: methodEntry });
  }
  for (const [method, staticEntry] of Object.entries(entry.statics)) {
    const name = `${exportName}.${method}`;
    const callable = (exported as Record<string, unknown>)[method];
    const bound = typeof callable === 'function' ? callable.bind(exported) : callable;
    targets.push({ label: name, target: functionTarget(name, bound, staticEntry), entry: staticEntry });
  }
  return targets;
}
