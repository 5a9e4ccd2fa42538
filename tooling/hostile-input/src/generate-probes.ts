import * as tf from '@tensorflow/tfjs-core';

import type { ArgumentSpec, FunctionEntry, LabelledValue } from './export-entry';
import { badValuesFor, deepFreeze, LEAF_VALUES, transparentProxy } from './hostile-values';

/** What a probe's call must do. */
export type ProbeExpectation =
  /** Throw (or reject with) a softlabels error naming the function and an argument starting with this one. */
  | { readonly argument: string; readonly functionName?: string }
  /** Let the error a user callback threw come out (any error). */
  | 'user-error'
  /** Return exactly what the valid call returns. */
  | 'same'
  /** Return exactly this value. */
  | { readonly result: unknown };

/** One call of an export with generated arguments. */
export interface Probe {
  readonly label: string;
  readonly args: () => unknown[];
  readonly expect: ProbeExpectation;
}

/** Where a leaf sits inside an argument: keys and indices from the top. */
type LeafPath = ReadonlyArray<string | number>;

const MAX_LEAF_DEPTH = 4;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The paths of the fields and of the first and last elements inside a valid value, outermost first. */
function leafPaths(value: unknown, depth = 0): LeafPath[] {
  if (depth === MAX_LEAF_DEPTH || value instanceof tf.Tensor) return [];
  let children: Array<[string | number, unknown]> = [];
  if (Array.isArray(value)) {
    const ends = value.length === 0 ? [] : [...new Set([0, value.length - 1])];
    children = ends.map((index) => [index, value[index]]);
  } else if (isPlainRecord(value)) {
    children = Object.entries(value);
  }
  return children.flatMap(([key, child]) => [[key], ...leafPaths(child, depth + 1).map((path) => [key, ...path])]);
}

function withLeaf(value: unknown, path: LeafPath, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = withLeaf(copy[head as number], rest, leaf);
    return copy;
  }
  const record = value as Record<string, unknown>;
  return { ...record, [head]: withLeaf(record[head as string], rest, leaf) };
}

function pathText(name: string, path: LeafPath): string {
  return path
    .map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`))
    .join('')
    .replace(/^/, name);
}

function validArgs(entry: FunctionEntry): unknown[] {
  return entry.args.map((argument) => argument.valid());
}

function replaced(entry: FunctionEntry, index: number, make: () => unknown): () => unknown[] {
  return () => entry.args.map((argument, position) => (position === index ? make() : argument.valid()));
}

/** Whether a probe label is one the argument declares valid: the label itself, or any probe of a listed path. */
function declaredValid(argument: ArgumentSpec, label: string): boolean {
  return (argument.alsoValid ?? []).some((valid) => label === valid || label.startsWith(`${valid} ←`));
}

function argumentProbes(entry: FunctionEntry, index: number, optionKeys: readonly string[]): Probe[] {
  const argument = entry.args[index] as ArgumentSpec;
  const expect = argument.reportedAs ?? { argument: argument.name };
  const whole: LabelledValue[] = [...badValuesFor(argument.type, argument.optional ?? false), ...(argument.bad ?? [])];
  const probes: Probe[] = whole
    .map((bad) => ({ label: `${argument.name} ← ${bad.label}`, args: replaced(entry, index, bad.make), expect }))
    .filter((probe) => !declaredValid(argument, probe.label));
  const mutateLeaves = argument.mutateLeaves ?? ['tensor', 'record', 'array'].includes(argument.type);
  if (mutateLeaves) {
    for (const path of leafPaths(argument.valid())) {
      for (const leaf of LEAF_VALUES) {
        const label = `${pathText(argument.name, path)} ← ${leaf.label}`;
        if (declaredValid(argument, label)) continue;
        probes.push({
          label,
          args: replaced(entry, index, () => withLeaf(argument.valid(), path, leaf.make())),
          expect,
        });
      }
    }
  }
  if (argument.type === 'options') {
    const withOption = (key: string, make: () => unknown) => () => ({
      ...(argument.valid() as Record<string, unknown> | undefined),
      [key]: make(),
    });
    probes.push({
      label: `${argument.name} with an unknown key`,
      args: replaced(
        entry,
        index,
        withOption('hostileKey', () => 1),
      ),
      expect: { ...expect, argument: `${expect.argument}.hostileKey` },
    });
    for (const key of optionKeys) {
      for (const leaf of LEAF_VALUES) {
        const label = `${argument.name}.${key} ← ${leaf.label}`;
        if (declaredValid(argument, label)) continue;
        probes.push({
          label,
          args: replaced(entry, index, withOption(key, leaf.make)),
          expect: { ...expect, argument: `${expect.argument}.${key}` },
        });
      }
    }
  }
  return probes;
}

/**
 * Every probe of a function export: each argument replaced by each bad value of its type, each leaf of each data
 * argument and each option replaced by each bad leaf value, the entry's own probes, and the valid call with frozen
 * and with proxied arguments (which must return exactly what the plain call returns).
 *
 * `optionKeys` lists, per options argument index, the keys the function reported as known.
 */
export function generateProbes(entry: FunctionEntry, optionKeys: ReadonlyMap<number, readonly string[]>): Probe[] {
  const probes = allProbes(entry, optionKeys);
  const refusal = entry.refusedHere;
  if (refusal === undefined) return probes;
  return [
    { label: 'valid arguments (refused here)', args: () => validArgs(entry), expect: refusal },
    ...probes.map((probe) => (probe.expect === 'user-error' ? probe : { ...probe, expect: refusal })),
  ];
}

function allProbes(entry: FunctionEntry, optionKeys: ReadonlyMap<number, readonly string[]>): Probe[] {
  if (entry.total !== undefined) {
    const expect = { result: entry.total.result };
    return entry.args.flatMap((argument, index) =>
      badValuesFor(argument.type, false).map((bad) => ({
        label: `${argument.name} ← ${bad.label}`,
        args: replaced(entry, index, bad.make),
        expect,
      })),
    );
  }
  const probes = entry.args.flatMap((_, index) => argumentProbes(entry, index, optionKeys.get(index) ?? []));
  for (const extra of entry.probes ?? []) probes.push(extra);
  if (entry.args.length > 0) {
    probes.push(
      { label: 'valid arguments, deeply frozen', args: () => validArgs(entry).map(deepFreeze), expect: 'same' },
      { label: 'valid arguments behind proxies', args: () => validArgs(entry).map(transparentProxy), expect: 'same' },
    );
  }
  return probes;
}
