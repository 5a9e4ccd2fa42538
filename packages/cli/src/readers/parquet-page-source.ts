import type { FileHandle } from 'node:fs/promises';

import type { PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';

import type { ReadAt } from './parquet-page-bytes';

/** One page of a column chunk: its header and where its (still compressed) bytes start in the file. */
export interface ParquetPage {
  header: PageHeader;
  start: number;
}

/** A `ReadAt` of `handle`'s file: it fills the bytes asked for, or fails saying how many bytes the file lacks. */
export function fileReader(handle: FileHandle): ReadAt {
  return async (position, into) => {
    let filled = 0;
    while (filled < into.length) {
      const { bytesRead } = await handle.read(into, filled, into.length - filled, position + filled);
      if (bytesRead === 0) throw new Error(`the file ends ${into.length - filled} bytes early`);
      filled += bytesRead;
    }
  };
}

/** Bytes read for a page header first; grown while a header does not fit. */
const HEADER_WINDOW = 1 << 12;

/**
 * The pages of one column chunk, `[start, end)` of the file, from `handle`: {@link ParquetPageSource.next} reads a
 * page's header and skips its bytes, which are read whole ({@link ParquetPageSource.readAt}, into one reused buffer)
 * or piece by piece (through a {@link fileReader} of the same file) as the page is decoded. A header or page that runs past the
 * chunk is an error saying so.
 */
export class ParquetPageSource {
  private position: number;
  private buffer = new Uint8Array(0);
  /** The file range `buffer` holds. */
  private held = { start: 0, length: 0 };
  private readonly readInto: ReadAt;
  private readonly end: number;

  constructor(handle: FileHandle, start: number, end: number) {
    this.readInto = fileReader(handle);
    this.position = start;
    this.end = end;
  }

  /** The next page, or `undefined` after the last. */
  async next(): Promise<ParquetPage | undefined> {
    if (this.position >= this.end) return undefined;
    let window = Math.min(HEADER_WINDOW, this.end - this.position);
    for (;;) {
      const bytes = await this.readAt(this.position, window);
      const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
      let header: PageHeader | undefined;
      try {
        header = parquetHeader(reader);
      } catch (cause) {
        if (window >= this.end - this.position) throw cause;
      }
      if (header !== undefined && reader.offset <= bytes.byteLength) {
        const start = this.position + reader.offset;
        if (start + header.compressed_page_size > this.end) {
          throw new Error('a page runs past the end of its column chunk');
        }
        this.position = start + header.compressed_page_size;
        return { header, start };
      }
      if (window >= this.end - this.position) throw new Error('a page header runs past the end of its column chunk');
      window = Math.min(window * 4, this.end - this.position);
    }
  }

  /** `length` bytes of the file at `position`, in the reused buffer: valid until the next call of this source. */
  async readAt(position: number, length: number): Promise<Uint8Array> {
    const { held } = this;
    if (position >= held.start && position + length <= held.start + held.length) {
      return this.buffer.subarray(position - held.start, position - held.start + length);
    }
    if (this.buffer.length < length) this.buffer = new Uint8Array(length);
    const bytes = this.buffer.subarray(0, length);
    this.held = { start: position, length: 0 };
    await this.readInto(position, bytes);
    this.held = { start: position, length };
    return bytes;
  }
}
