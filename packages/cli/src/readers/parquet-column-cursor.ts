import type { DecodedArray, SchemaTree } from 'hyparquet';
import { assembleNested } from 'hyparquet/src/assemble.js';
import { readPage } from 'hyparquet/src/column.js';
import { convert, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { snappyUncompress } from 'hyparquet/src/snappy.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel } from 'hyparquet/src/schema.js';

import { decodeHybrid } from './parquet-hybrid';
import type { ParquetPage, ParquetPageSource } from './parquet-page-source';

/** What hyparquet's page decoder needs to know about a column. */
export type ColumnDecoder = Parameters<typeof readPage>[2];

/** Numbers as a page decodes them. */
export type NumericValues = Float32Array | Float64Array | Int32Array;

/**
 * Rows of one column: one cell per row (a number, a list, `null`), or list rows over one array of numbers, row `r`
 * being `values[starts[r], starts[r + 1])`.
 */
export type ColumnRows =
  { kind: 'cells'; cells: ArrayLike<unknown> } | { kind: 'lists'; values: NumericValues; starts: Int32Array };

/** The number of rows in `rows`. */
export function rowCount(rows: ColumnRows): number {
  return rows.kind === 'cells' ? rows.cells.length : rows.starts.length - 1;
}

function sliceRows(rows: ColumnRows, from: number, to: number, copy: boolean): ColumnRows {
  if (rows.kind === 'lists') {
    const first = rows.starts[from] as number;
    const last = rows.starts[to] as number;
    if (!copy) return { kind: 'lists', values: rows.values, starts: rows.starts.subarray(from, to + 1) };
    return {
      kind: 'lists',
      values: rows.values.slice(first, last),
      starts: rows.starts.slice(from, to + 1).map((start) => start - first),
    };
  }
  const { cells } = rows;
  if (Array.isArray(cells)) return { kind: 'cells', cells: cells.slice(from, to) };
  const typed = cells as unknown as NumericValues;
  return { kind: 'cells', cells: copy ? typed.slice(from, to) : typed.subarray(from, to) };
}

const FAST_CONVERTED_TYPES = new Set([undefined, 'INT_8', 'INT_16', 'INT_32', 'INT_64']);
const VALUE_BYTES: Record<string, number> = { FLOAT: 4, DOUBLE: 8, INT32: 4, INT64: 8 };

/**
 * Whether pages of this column can skip hyparquet's general row assembly: a plain number column (FLOAT, DOUBLE,
 * INT32, INT64, no logical type but signed integers), flat or one list of numbers.
 */
function decodesFast(decoder: ColumnDecoder): boolean {
  const { element, schemaPath } = decoder;
  const logical = element.logical_type;
  const top = schemaPath[1]?.element;
  const listOfNumbers =
    schemaPath.length === 2 ||
    ((schemaPath.length === 3 || schemaPath.length === 4) &&
      (top?.converted_type === 'LIST' || top?.logical_type?.type === 'LIST'));
  return (
    VALUE_BYTES[decoder.type] !== undefined &&
    FAST_CONVERTED_TYPES.has(element.converted_type) &&
    (logical === undefined || (logical.type === 'INTEGER' && logical.isSigned)) &&
    getMaxRepetitionLevel(schemaPath) <= 1 &&
    listOfNumbers
  );
}

const bitWidth = (level: number): number => 32 - Math.clz32(level);

/**
 * Streams the rows of one column chunk page by page ({@link ParquetPageSource}), so that memory holds one page and
 * the rows asked for, whatever the row group's size. Pages of plain number columns and lists of numbers without nulls
 * are decoded straight into typed arrays (list rows cut at repetition level 0, a row split over pages joined); any
 * other page (nulls, strings, JSON, nested types) goes through hyparquet's own page decoding and row assembly.
 */
export class ParquetColumnCursor {
  private queue: ColumnRows[] = [];
  private queued = 0;
  /**
   * A list column's last row so far, which the next page may continue: its numbers, or (`pendingAssembled`) the row
   * as hyparquet's level assembly left it, before its list wrappers are removed.
   */
  private pending: unknown[] | undefined;
  private pendingAssembled = false;
  private dictionary: DecodedArray | undefined;
  private done = false;
  /** Reused for each page's uncompressed Snappy bytes and levels: rows left of a page are copied before the next. */
  private uncompressed = new Uint8Array(0);
  private levelScratch = new Uint8Array(0);
  private readonly source: ParquetPageSource;
  private readonly decoder: ColumnDecoder;
  private readonly fast: boolean;
  private readonly maxDefinition: number;
  private readonly maxRepetition: number;

  constructor(source: ParquetPageSource, decoder: ColumnDecoder) {
    this.source = source;
    this.decoder = decoder;
    this.fast = decodesFast(decoder);
    this.maxDefinition = getMaxDefinitionLevel(decoder.schemaPath);
    this.maxRepetition = getMaxRepetitionLevel(decoder.schemaPath);
  }

  /** The next `rows` rows (fewer only when the column chunk ends first), in one or more pieces. */
  async take(rows: number): Promise<ColumnRows[]> {
    while (this.queued < rows && !this.done) {
      // Rows left from earlier pages are copied out, so that their pages can be freed before the next is read.
      this.queue = this.queue.map((piece) => sliceRows(piece, 0, rowCount(piece), true));
      await this.readPage();
    }
    const taken: ColumnRows[] = [];
    let need = Math.min(rows, this.queued);
    this.queued -= need;
    while (need > 0) {
      const head = this.queue[0] as ColumnRows;
      const count = rowCount(head);
      if (count <= need) {
        taken.push(head);
        this.queue.shift();
        need -= count;
      } else {
        taken.push(sliceRows(head, 0, need, false));
        this.queue[0] = sliceRows(head, need, count, false);
        need = 0;
      }
    }
    return taken;
  }

  private push(rows: ColumnRows): void {
    const count = rowCount(rows);
    if (count === 0) return;
    this.queue.push(rows);
    this.queued += count;
  }

  private async readPage(): Promise<void> {
    const page = await this.source.next();
    if (page === undefined) {
      this.done = true;
      this.completePending();
      return;
    }
    const { header } = page;
    if (header.type === 'DICTIONARY_PAGE') {
      const { data } = readPage(this.readerOf(page), header, this.decoder, undefined, undefined, 0);
      if (data !== undefined) this.dictionary = convert(data, this.decoder);
      return;
    }
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2') return;
    const decoded = this.fast ? this.decodeFast(page) : undefined;
    if (decoded === undefined) this.addAssembled(page);
    else if (decoded.rowStarts === undefined) this.push({ kind: 'cells', cells: decoded.values });
    else this.addLists(decoded.values, decoded.rowStarts);
  }

  private readerOf(page: ParquetPage): { view: DataView; offset: number } {
    const { body } = page;
    return { view: new DataView(body.buffer, body.byteOffset, body.byteLength), offset: 0 };
  }

  /** Hands on the pending row as complete. */
  private completePending(): void {
    if (this.pending === undefined) return;
    this.push({ kind: 'cells', cells: this.pendingAssembled ? this.unwrap([this.pending]) : [this.pending] });
    this.pending = undefined;
    this.pendingAssembled = false;
  }

  /** Rows of hyparquet's level assembly with their list wrappers removed, as hyparquet does for whole columns. */
  private unwrap(rows: unknown[]): unknown[] {
    const top = this.decoder.schemaPath[1];
    if (top === undefined || top.children.length === 0) return rows;
    const columns = new Map<string, DecodedArray>([[this.decoder.pathInSchema.join('.'), rows]]);
    assembleNested(columns, top, DEFAULT_PARSERS);
    return columns.get(top.path.join('.')) as unknown[];
  }

  /** A page through hyparquet's decoding and assembly (its rows as JS values). */
  private addAssembled(page: ParquetPage): void {
    if (this.maxRepetition > 0 && this.pending !== undefined && !this.pendingAssembled) throw mixedRow();
    const previous = this.maxRepetition > 0 && this.pending !== undefined ? [this.pending] : undefined;
    const { data } = readPage(this.readerOf(page), page.header, this.decoder, this.dictionary, previous, 0);
    if (data === undefined) return;
    if (this.maxRepetition === 0) {
      this.push({ kind: 'cells', cells: data });
      return;
    }
    const rows = data as unknown[];
    this.pending = rows.length === 0 ? undefined : (rows[rows.length - 1] as unknown[]);
    this.pendingAssembled = this.pending !== undefined;
    this.push({ kind: 'cells', cells: this.unwrap(rows.slice(0, -1)) });
  }

  /** Cuts a page of list entries into rows at its row starts, joining a row continued from the last page. */
  private addLists(values: NumericValues, rowStarts: Int32Array): void {
    const starts = rowStarts.length;
    const lead = starts === 0 ? values.length : (rowStarts[0] as number);
    if (lead > 0 && this.pendingAssembled) throw mixedRow();
    if (lead > 0) this.pending = [...(this.pending ?? []), ...values.subarray(0, lead)];
    if (starts === 0) return;
    this.completePending();
    this.push({ kind: 'lists', values, starts: rowStarts });
    this.pending = Array.from(values.subarray(rowStarts[starts - 1] as number));
  }

  /**
   * Values (and where rows start, for a list) of a page without nulls in PLAIN or dictionary encoding, read in place
   * where they lie aligned; `undefined` for any other page.
   */
  private decodeFast(page: ParquetPage): { values: NumericValues; rowStarts: Int32Array | undefined } | undefined {
    const { header, body } = page;
    if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header;
      if (daph === undefined) return undefined;
      if (this.maxRepetition > 0 && daph.repetition_level_encoding !== 'RLE') return undefined;
      if (this.maxDefinition > 0 && daph.definition_level_encoding !== 'RLE') return undefined;
      const bytes = this.uncompress(body, header.uncompressed_page_size);
      const count = daph.num_values;
      let offset = 0;
      const levels = (max: number): Uint8Array | undefined => {
        if (max === 0) return undefined;
        const length = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0, true);
        const out = this.levelBuffer(count);
        if (!decodeHybrid(bytes, offset + 4, offset + 4 + length, bitWidth(max), out)) throw pageEndsEarly();
        offset += 4 + length;
        return out;
      };
      const repetition = levels(this.maxRepetition);
      const rowStarts = repetition === undefined ? undefined : rowStartsOf(repetition);
      if (!allEqual(levels(this.maxDefinition), this.maxDefinition)) return undefined;
      const values = this.values(bytes, offset, daph.encoding, count);
      return values === undefined ? undefined : { values, rowStarts };
    }
    const daph = header.data_page_header_v2;
    if (daph === undefined || daph.num_nulls > 0) return undefined;
    const count = daph.num_values;
    const repetitionBytes = daph.repetition_levels_byte_length;
    const definitionBytes = daph.definition_levels_byte_length;
    let rowStarts: Int32Array | undefined;
    if (this.maxRepetition > 0) {
      const repetition = this.levelBuffer(count);
      if (!decodeHybrid(body, 0, repetitionBytes, bitWidth(this.maxRepetition), repetition)) throw pageEndsEarly();
      rowStarts = rowStartsOf(repetition);
    }
    if (this.maxDefinition > 0) {
      const definition = this.levelBuffer(count);
      const end = repetitionBytes + definitionBytes;
      if (!decodeHybrid(body, repetitionBytes, end, bitWidth(this.maxDefinition), definition)) throw pageEndsEarly();
      if (!allEqual(definition, this.maxDefinition)) return undefined;
    }
    const stored = body.subarray(repetitionBytes + definitionBytes);
    const size = header.uncompressed_page_size - repetitionBytes - definitionBytes;
    const bytes = daph.is_compressed === false ? stored : this.uncompress(stored, size);
    const values = this.values(bytes, 0, daph.encoding, count);
    return values === undefined ? undefined : { values, rowStarts };
  }

  /** A page's uncompressed bytes: Snappy into the reused buffer, other codecs through hyparquet(-compressors). */
  private uncompress(stored: Uint8Array, size: number): Uint8Array {
    const { codec, compressors } = this.decoder;
    if (codec !== 'SNAPPY') return decompressPage(stored, size, codec, compressors);
    if (this.uncompressed.length < size) this.uncompressed = new Uint8Array(size);
    const out = this.uncompressed.subarray(0, size);
    snappyUncompress(stored, out);
    return out;
  }

  /** Scratch room for `count` levels. */
  private levelBuffer(count: number): Uint8Array {
    if (this.levelScratch.length < count) this.levelScratch = new Uint8Array(count);
    return this.levelScratch.subarray(0, count);
  }

  /** `count` values at `bytes[offset…]`: PLAIN as a typed view (moved onto an aligned offset first), or a dictionary's. */
  private values(bytes: Uint8Array, offset: number, encoding: string, count: number): NumericValues | undefined {
    const { type } = this.decoder;
    if (encoding === 'PLAIN') {
      const size = VALUE_BYTES[type] as number;
      if (bytes.byteLength - offset < count * size) throw pageEndsEarly();
      let start = offset;
      let source = bytes;
      const shift = (bytes.byteOffset + offset) % size;
      if (shift !== 0 && offset >= shift) {
        // The level bytes before the values are decoded: move the values back over them onto an aligned offset.
        bytes.copyWithin(offset - shift, offset, offset + count * size);
        start = offset - shift;
      } else if (shift !== 0) {
        source = bytes.slice(offset, offset + count * size);
        start = 0;
      }
      const at = source.byteOffset + start;
      if (type === 'FLOAT') return new Float32Array(source.buffer, at, count);
      if (type === 'DOUBLE') return new Float64Array(source.buffer, at, count);
      if (type === 'INT32') return new Int32Array(source.buffer, at, count);
      return Float64Array.from(new BigInt64Array(source.buffer, at, count), Number);
    }
    if (encoding !== 'PLAIN_DICTIONARY' && encoding !== 'RLE_DICTIONARY') return undefined;
    const dictionary = this.dictionary;
    if (!(
      dictionary instanceof Float32Array ||
      dictionary instanceof Float64Array ||
      dictionary instanceof Int32Array
    )) {
      return undefined;
    }
    const width = bytes[offset] as number;
    if (width > 24) return undefined;
    const indices = new Int32Array(count);
    if (!decodeHybrid(bytes, offset + 1, bytes.byteLength, width, indices)) throw pageEndsEarly();
    const values = new (dictionary.constructor as new (length: number) => NumericValues)(count);
    for (let index = 0; index < count; index += 1) {
      const entry = indices[index] as number;
      if (entry >= dictionary.length) throw new Error(`dictionary index ${entry} past the dictionary's end`);
      values[index] = dictionary[entry] as number;
    }
    return values;
  }
}

/** The entries where repetition level 0 starts a row. */
function rowStartsOf(repetition: Uint8Array): Int32Array {
  let starts = 0;
  for (let index = 0; index < repetition.length; index += 1) if (repetition[index] === 0) starts += 1;
  const rowStarts = new Int32Array(starts);
  for (let index = 0, row = 0; index < repetition.length; index += 1) {
    if (repetition[index] === 0) {
      rowStarts[row] = index;
      row += 1;
    }
  }
  return rowStarts;
}

function allEqual(levels: Uint8Array | undefined, level: number): boolean {
  if (levels === undefined) return true;
  for (let index = 0; index < levels.length; index += 1) if (levels[index] !== level) return false;
  return true;
}

function mixedRow(): Error {
  return new Error('a list row continues from a page with nulls into one without (or back), which is not supported');
}

function pageEndsEarly(): Error {
  return new Error('a data page ends before its values');
}

/** hyparquet's decoder settings for one leaf column (numbers and text as hyparquet converts them). */
export function columnDecoder(
  schemaPath: SchemaTree[],
  metadata: { type: ColumnDecoder['type']; codec: ColumnDecoder['codec']; path_in_schema: string[] },
  compressors: ColumnDecoder['compressors'],
): ColumnDecoder {
  const leaf = schemaPath[schemaPath.length - 1] as SchemaTree;
  return {
    pathInSchema: metadata.path_in_schema,
    type: metadata.type,
    element: leaf.element,
    schemaPath,
    codec: metadata.codec,
    parsers: DEFAULT_PARSERS,
    ...(compressors === undefined ? {} : { compressors }),
  };
}
