import type { ColumnInfo, ResolvedScores } from './column-spec';
import { CHUNK_VALUES, type RawChunk } from './raw-chunk';

/**
 * Collects row-oriented records (CSV fields, JSON Lines objects) into {@link RawChunk}s of `chunkRows` rows, or fewer
 * when they reach {@link CHUNK_VALUES} scores (long list cells), keeping only the selected columns.
 * `cell(record, column)` reads one column of a record; list cells are handed on as they are (parsed lists, or text
 * the assembler refuses).
 */
export class RowBatcher<Record> {
  private firstRow = 0;
  private rows = 0;
  private values = 0;
  private scoreCells: unknown[][];
  private labelCells: unknown[];
  private readonly scores: ResolvedScores;
  private readonly labels: string | undefined;
  private readonly chunkRows: number;
  private readonly cell: (record: Record, column: string) => unknown;

  constructor(
    scores: ResolvedScores,
    labels: string | undefined,
    chunkRows: number,
    cell: (record: Record, column: string) => unknown,
  ) {
    this.scores = scores;
    this.labels = labels;
    this.chunkRows = chunkRows;
    this.cell = cell;
    this.scoreCells = this.emptyScores();
    this.labelCells = [];
  }

  /** Adds one record; returns a full chunk when this record completed one. */
  add(record: Record): RawChunk | undefined {
    let width: number;
    if (this.scores.kind === 'columns') {
      this.scores.names.forEach((name, column) => (this.scoreCells[column] as unknown[]).push(this.cell(record, name)));
      width = this.scores.names.length;
    } else {
      const list = this.cell(record, this.scores.name);
      (this.scoreCells[0] as unknown[]).push(list);
      width = Array.isArray(list) ? list.length : 1;
    }
    this.values += width;
    if (this.labels !== undefined) this.labelCells.push(this.cell(record, this.labels));
    this.rows += 1;
    // Full when one more row as wide as this one would pass CHUNK_VALUES.
    return this.rows >= this.chunkRows || this.values + width > CHUNK_VALUES ? this.flush() : undefined;
  }

  /** The rows collected since the last chunk, if any. */
  flush(): RawChunk | undefined {
    if (this.rows === 0) return undefined;
    const chunk: RawChunk = {
      firstRow: this.firstRow,
      rows: this.rows,
      scores:
        this.scores.kind === 'columns'
          ? { kind: 'columns', names: this.scores.names, columns: this.scoreCells }
          : { kind: 'list', name: this.scores.name, lists: this.scoreCells[0] as unknown[] },
      ...(this.labels === undefined ? {} : { labels: { name: this.labels, values: this.labelCells } }),
    };
    this.firstRow += this.rows;
    this.rows = 0;
    this.values = 0;
    this.scoreCells = this.emptyScores();
    this.labelCells = [];
    return chunk;
  }

  private emptyScores(): unknown[][] {
    return this.scores.kind === 'columns' ? this.scores.names.map(() => []) : [[]];
  }
}

/** Column infos from a header and a first record (a column is a list when its first cell is one). */
export function columnsFromFirstRecord(names: readonly string[], first: (name: string) => unknown): ColumnInfo[] {
  return names.map((name) => ({ name, list: Array.isArray(first(name)) }));
}
