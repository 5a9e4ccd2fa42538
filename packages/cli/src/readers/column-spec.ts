import { InputFileError } from '../errors/input-file-error';

/** What a reader knows about one column of a file before reading its values. */
export interface ColumnInfo {
  name: string;
  /** Whether each row holds a list of numbers (Parquet/Arrow lists, JSON arrays). */
  list: boolean;
}

/** The score columns a spec selects: several scalar columns in class order, or one list-valued column. */
export type ResolvedScores = { kind: 'columns'; names: string[] } | { kind: 'list'; name: string };

function globPattern(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '(.*)')
    .replace(/\?/g, '(.)');
  return new RegExp(`^${escaped}$`);
}

/** Natural order: the parts matched by the glob compared as numbers where both are numbers, as text otherwise. */
function compareCaptures(left: string[], right: string[]): number {
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index] ?? '';
    const b = right[index] ?? '';
    const numberA = Number(a);
    const numberB = Number(b);
    const bothNumbers = a !== '' && b !== '' && Number.isFinite(numberA) && Number.isFinite(numberB);
    const order = bothNumbers ? numberA - numberB : a < b ? -1 : a > b ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Resolves a score column spec against a file's columns: a comma-separated list of names (in class order), a glob with
 * `*` / `?` (`'logit_*'`: every matching column, ordered by the number the wildcard matched, so `logit_10` follows
 * `logit_9`), or the name of one list-valued column. Unknown names, a glob matching nothing, a single scalar column
 * and fewer than two columns are an {@link InputFileError} naming the file and the column.
 */
export function resolveScoreColumns(
  spec: string,
  columns: readonly ColumnInfo[],
  file: string,
  flag: string,
): ResolvedScores {
  const functionName = 'resolveScoreColumns';
  const known = columns.map((column) => column.name).join(', ');
  if (/[*?]/.test(spec)) {
    const pattern = globPattern(spec);
    const matches = columns
      .map((column) => ({ column, captures: pattern.exec(column.name)?.slice(1) }))
      .filter((match): match is { column: ColumnInfo; captures: string[] } => match.captures !== undefined)
      .sort((left, right) => compareCaptures(left.captures, right.captures));
    if (matches.length === 0) {
      throw new InputFileError({ file, column: spec, functionName, problem: `${flag} matches no column (${known})` });
    }
    return scalarColumns(
      matches.map((match) => match.column),
      spec,
      file,
      flag,
    );
  }
  const names = spec.split(',').map((name) => name.trim());
  const selected = names.map((name) => {
    const column = columns.find((candidate) => candidate.name === name);
    if (column === undefined) {
      throw new InputFileError({ file, column: name, functionName, problem: `no such column (the file has ${known})` });
    }
    return column;
  });
  const [only] = selected;
  if (selected.length === 1 && only !== undefined) {
    if (only.list) return { kind: 'list', name: only.name };
    throw new InputFileError({
      file,
      column: only.name,
      functionName,
      problem:
        `${flag} names one column of single numbers: name the class columns ('a,b,c'), a glob ('logit_*') ` +
        'or one list-valued column',
    });
  }
  return scalarColumns(selected, spec, file, flag);
}

function scalarColumns(selected: ColumnInfo[], spec: string, file: string, flag: string): ResolvedScores {
  const functionName = 'resolveScoreColumns';
  const list = selected.find((column) => column.list);
  if (list !== undefined) {
    throw new InputFileError({
      file,
      column: list.name,
      functionName,
      problem: `${flag} selects several columns, and this one holds lists: name it alone`,
    });
  }
  if (selected.length < 2) {
    throw new InputFileError({
      file,
      column: spec,
      functionName,
      problem: `${flag} selects ${selected.length} column; scores need at least two classes`,
    });
  }
  return { kind: 'columns', names: selected.map((column) => column.name) };
}

/**
 * Checks that the label column exists and holds single values; returns its name.
 */
export function resolveLabelColumn(spec: string, columns: readonly ColumnInfo[], file: string): string {
  const functionName = 'resolveLabelColumn';
  const name = spec.trim();
  const column = columns.find((candidate) => candidate.name === name);
  if (column === undefined) {
    const known = columns.map((candidate) => candidate.name).join(', ');
    throw new InputFileError({ file, column: name, functionName, problem: `no such column (the file has ${known})` });
  }
  if (column.list) {
    throw new InputFileError({ file, column: name, functionName, problem: 'holds lists, not one label per row' });
  }
  return name;
}
