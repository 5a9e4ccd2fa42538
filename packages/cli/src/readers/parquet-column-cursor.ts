import type { DecodedArray, SchemaTree } from 'hyparquet';
import { assembleNested } from 'hyparquet/src/assemble.js';
import { readPage } from 'hyparquet/src/column.js';
import { convert, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { snappyUncompress } from 'hyparquet/src/snappy.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel } from 'hyparquet/src/schema.js';

import { HybridDecoder } from './parquet-hybrid';
import { BufferByteStream, type PageBuffers, type PageByteStream } from './parquet-page-bytes';
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

/** Pages that decode to more bytes than this are decoded while they are read (Snappy, uncompressed), not whole. */
export const STREAMED_PAGE_BYTES = 1 << 22;
/** Levels decoded at a time. */
const LEVEL_PIECE = 1 << 16;

/** A data page of the fast path, being handed on: its values come from `bytes` (or `indices`) front to back. */
interface OpenPage {
  bytes: PageByteStream;
  /** Values in the page, and values handed on so far. */
  count: number;
  entry: number;
  /** For a list column: the entries where rows start, and the index in it of the next row to hand on. */
  rowStarts: Int32Array | undefined;
  row: number;
  /** For a dictionary-encoded page: its indices. */
  indices: HybridDecoder | undefined;
}

/**
 * Streams the rows of one column chunk page by page ({@link ParquetPageSource}), so that memory holds a bounded piece
 * of one page and the rows asked for, whatever the row group's size. Pages of plain number columns and lists of
 * numbers without nulls are decoded straight into typed arrays (list rows cut at repetition level 0, a row split over
 * pages joined) as rows are asked for: a page larger than {@link STREAMED_PAGE_BYTES}, Snappy-compressed or not, is
 * read and decoded piece by piece. Any other page (nulls, strings, JSON, nested types, other codecs' large pages) goes
 * through hyparquet's own page decoding and row assembly, whole.
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
  private page: OpenPage | undefined;
  private done = false;
  private readonly source: ParquetPageSource;
  private readonly buffers: PageBuffers;
  private readonly decoder: ColumnDecoder;
  private readonly fast: boolean;
  private readonly maxDefinition: number;
  private readonly maxRepetition: number;

  /** `buffers`: the column's, shared by its cursors of every row group (one taken from at a time). */
  constructor(source: ParquetPageSource, decoder: ColumnDecoder, buffers: PageBuffers) {
    this.source = source;
    this.buffers = buffers;
    this.decoder = decoder;
    this.fast = decodesFast(decoder);
    this.maxDefinition = getMaxDefinitionLevel(decoder.schemaPath);
    this.maxRepetition = getMaxRepetitionLevel(decoder.schemaPath);
  }

  /**
   * The next `rows` rows (fewer only when the column chunk ends first), in one or more pieces, valid until the next
   * call.
   */
  async take(rows: number): Promise<ColumnRows[]> {
    while (this.queued < rows && !this.done) {
      if (this.page === undefined) {
        // Rows left from earlier pages are copied out, so that their buffers can be reused for the next page.
        this.queue = this.queue.map((piece) => sliceRows(piece, 0, rowCount(piece), true));
        await this.openPage();
      } else {
        await this.pull(this.page, rows - this.queued);
      }
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

  /** Reads the next page: a dictionary, a data page opened for {@link pull}, or one decoded whole. */
  private async openPage(): Promise<void> {
    const page = await this.source.next();
    if (page === undefined) {
      this.done = true;
      this.completePending();
      return;
    }
    const { header } = page;
    if (header.type === 'DICTIONARY_PAGE') {
      const body = await this.source.readAt(page.start, header.compressed_page_size);
      const { data } = readPage(readerOf(body), header, this.decoder, undefined, undefined, 0);
      if (data === undefined) return;
      // An uncompressed dictionary is a view of the page's bytes, whose buffer the next page reuses.
      const converted = convert(data, this.decoder);
      this.dictionary = ArrayBuffer.isView(converted)
        ? (converted as unknown as { slice(): DecodedArray }).slice()
        : converted;
      return;
    }
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2') return;
    const open = this.fast ? await this.openFast(page) : undefined;
    if (open === undefined) {
      await this.addAssembled(page);
      return;
    }
    const { rowStarts } = open;
    if (rowStarts === undefined) {
      if (open.count > 0) this.page = open;
      return;
    }
    // Values before the page's first row start continue the last page's last row.
    const lead = rowStarts.length === 0 ? open.count : (rowStarts[0] as number);
    if (lead > 0 && this.pendingAssembled) throw mixedRow();
    if (lead > 0) this.pending = [...(this.pending ?? []), ...(await this.values(open, lead))];
    if (rowStarts.length === 0) return;
    this.completePending();
    this.page = open;
  }

  /**
   * Hands on up to `need` rows of the open page; with its last complete row, the page's values through its end are
   * taken in the same piece and its last row kept pending, so that one piece of the page's bytes is live at a time.
   */
  private async pull(page: OpenPage, need: number): Promise<void> {
    const { rowStarts } = page;
    if (rowStarts === undefined) {
      const values = await this.values(page, Math.min(need, page.count - page.entry));
      this.push({ kind: 'cells', cells: values });
      if (page.entry === page.count) this.page = undefined;
      return;
    }
    const last = rowStarts.length - 1;
    const rows = Math.min(need, last - page.row);
    const closes = rows === last - page.row;
    const base = page.entry;
    const values = await this.values(page, (closes ? page.count : (rowStarts[page.row + rows] as number)) - base);
    if (rows > 0) {
      const starts = new Int32Array(rows + 1);
      for (let index = 0; index <= rows; index += 1) starts[index] = (rowStarts[page.row + index] as number) - base;
      this.push({ kind: 'lists', values, starts });
    }
    page.row += rows;
    if (closes) {
      this.pending = Array.from(values.subarray((rowStarts[last] as number) - base));
      this.page = undefined;
    }
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
  private async addAssembled(page: ParquetPage): Promise<void> {
    if (this.maxRepetition > 0 && this.pending !== undefined && !this.pendingAssembled) throw mixedRow();
    const previous = this.maxRepetition > 0 && this.pending !== undefined ? [this.pending] : undefined;
    const body = await this.source.readAt(page.start, page.header.compressed_page_size);
    const { data } = readPage(readerOf(body), page.header, this.decoder, this.dictionary, previous, 0);
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

  /**
   * Opens a page without nulls in PLAIN or dictionary encoding: its levels read (row starts kept), its values left to
   * {@link values}; `undefined` for any other page.
   */
  private async openFast(page: ParquetPage): Promise<OpenPage | undefined> {
    const { header } = page;
    if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header;
      if (daph === undefined) return undefined;
      if (this.maxRepetition > 0 && daph.repetition_level_encoding !== 'RLE') return undefined;
      if (this.maxDefinition > 0 && daph.definition_level_encoding !== 'RLE') return undefined;
      const size = header.uncompressed_page_size;
      const bytes = await this.pageBytes(page.start, header.compressed_page_size, size, true);
      const count = daph.num_values;
      let levelBytes = 0;
      const levels = async (max: number): Promise<HybridDecoder> => {
        const prefix = await bytes.take(4);
        const length = new DataView(prefix.buffer, prefix.byteOffset, 4).getUint32(0, true);
        levelBytes += 4 + length;
        return new HybridDecoder(await bytes.take(length), 0, length, bitWidth(max));
      };
      const rowStarts = this.maxRepetition > 0 ? rowStartsOf(await levels(this.maxRepetition), count) : undefined;
      if (this.maxDefinition > 0 && !allAt(await levels(this.maxDefinition), count, this.maxDefinition)) {
        return undefined;
      }
      return this.openValues(bytes, daph.encoding, count, size - levelBytes, rowStarts);
    }
    const daph = header.data_page_header_v2;
    if (daph === undefined || daph.num_nulls > 0) return undefined;
    const count = daph.num_values;
    const repetitionBytes = daph.repetition_levels_byte_length;
    const levelBytes = repetitionBytes + daph.definition_levels_byte_length;
    const levels = await this.source.readAt(page.start, levelBytes);
    let rowStarts: Int32Array | undefined;
    if (this.maxRepetition > 0) {
      const repetition = new HybridDecoder(levels, 0, repetitionBytes, bitWidth(this.maxRepetition));
      rowStarts = rowStartsOf(repetition, count);
    }
    if (this.maxDefinition > 0) {
      const definition = new HybridDecoder(levels, repetitionBytes, levelBytes, bitWidth(this.maxDefinition));
      if (!allAt(definition, count, this.maxDefinition)) return undefined;
    }
    const size = header.uncompressed_page_size - levelBytes;
    const stored = header.compressed_page_size - levelBytes;
    const bytes = await this.pageBytes(page.start + levelBytes, stored, size, daph.is_compressed !== false);
    return this.openValues(bytes, daph.encoding, count, size, rowStarts);
  }

  /** The open page of `count` values in `encoding`, whose `size` value bytes come next in `bytes`. */
  private async openValues(
    bytes: PageByteStream,
    encoding: string,
    count: number,
    size: number,
    rowStarts: Int32Array | undefined,
  ): Promise<OpenPage | undefined> {
    const page = { bytes, count, entry: 0, rowStarts, row: 0, indices: undefined };
    if (encoding === 'PLAIN') return page;
    if (encoding !== 'PLAIN_DICTIONARY' && encoding !== 'RLE_DICTIONARY') return undefined;
    const { dictionary } = this;
    if (!(
      dictionary instanceof Float32Array ||
      dictionary instanceof Float64Array ||
      dictionary instanceof Int32Array
    )) {
      return undefined;
    }
    if (size < 1) throw pageEndsEarly();
    const width = (await bytes.take(1))[0] as number;
    if (width > 24) return undefined;
    const indices = await bytes.take(size - 1);
    return { ...page, indices: new HybridDecoder(indices, 0, indices.length, width) };
  }

  /**
   * A page's uncompressed bytes: a large Snappy or uncompressed page as a stream read piece by piece, a small page (or
   * another codec's, through hyparquet(-compressors)) whole.
   */
  private async pageBytes(start: number, length: number, size: number, compressed: boolean): Promise<PageByteStream> {
    const { codec, compressors } = this.decoder;
    const plain = !compressed || codec === 'UNCOMPRESSED';
    if (size > STREAMED_PAGE_BYTES && plain) return this.buffers.file.open(start, length);
    if (size > STREAMED_PAGE_BYTES && codec === 'SNAPPY') return this.buffers.snappy.open(start, length, size);
    const stored = await this.source.readAt(start, length);
    if (plain) return new BufferByteStream(stored);
    if (codec !== 'SNAPPY') return new BufferByteStream(decompressPage(stored, size, codec, compressors));
    const out = this.buffers.scratch(size);
    snappyUncompress(stored, out);
    return new BufferByteStream(out);
  }

  /** The open page's next `count` values: PLAIN as a typed view of its bytes, or its dictionary's. */
  private async values(page: OpenPage, count: number): Promise<NumericValues> {
    page.entry += count;
    const { type } = this.decoder;
    const { indices } = page;
    if (indices === undefined) {
      const size = VALUE_BYTES[type] as number;
      const bytes = await page.bytes.take(count * size, size);
      if (type === 'FLOAT') return new Float32Array(bytes.buffer, bytes.byteOffset, count);
      if (type === 'DOUBLE') return new Float64Array(bytes.buffer, bytes.byteOffset, count);
      if (type === 'INT32') return new Int32Array(bytes.buffer, bytes.byteOffset, count);
      return Float64Array.from(new BigInt64Array(bytes.buffer, bytes.byteOffset, count), Number);
    }
    const dictionary = this.dictionary as NumericValues;
    const entries = new Int32Array(count);
    if (!indices.read(entries)) throw pageEndsEarly();
    const values = new (dictionary.constructor as new (length: number) => NumericValues)(count);
    for (let index = 0; index < count; index += 1) {
      const entry = entries[index] as number;
      if (entry >= dictionary.length) throw new Error(`dictionary index ${entry} past the dictionary's end`);
      values[index] = dictionary[entry] as number;
    }
    return values;
  }
}

function readerOf(body: Uint8Array): { view: DataView; offset: number } {
  return { view: new DataView(body.buffer, body.byteOffset, body.byteLength), offset: 0 };
}

/** The entries where repetition level 0 starts a row, from `count` levels. */
function rowStartsOf(levels: HybridDecoder, count: number): Int32Array {
  let starts = new Int32Array(1 << 10);
  let found = 0;
  const piece = new Uint8Array(Math.min(count, LEVEL_PIECE));
  for (let done = 0; done < count; done += piece.length) {
    const part = piece.subarray(0, Math.min(piece.length, count - done));
    if (!levels.read(part)) throw pageEndsEarly();
    for (let index = 0; index < part.length; index += 1) {
      if (part[index] !== 0) continue;
      if (found === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[found] = done + index;
      found += 1;
    }
  }
  return starts.subarray(0, found);
}

/** Whether all `count` levels are `level`. */
function allAt(levels: HybridDecoder, count: number, level: number): boolean {
  const piece = new Uint8Array(Math.min(count, LEVEL_PIECE));
  for (let done = 0; done < count; done += piece.length) {
    const part = piece.subarray(0, Math.min(piece.length, count - done));
    if (!levels.read(part)) throw pageEndsEarly();
    for (let index = 0; index < part.length; index += 1) if (part[index] !== level) return false;
  }
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
