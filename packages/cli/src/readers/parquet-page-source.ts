import type { FileHandle } from 'node:fs/promises';

import type { PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';

/** One page of a column chunk: its header and its (still compressed) bytes. */
export interface ParquetPage {
  header: PageHeader;
  body: Uint8Array;
}

/** Bytes read for a page header first; grown while a header does not fit. */
const HEADER_WINDOW = 1 << 12;

/**
 * The pages of one column chunk, `[start, end)` of the file, read one at a time from `handle` into one buffer that
 * is reused: memory holds one page's bytes, whatever the chunk's size, and a page's `body` is valid until the next
 * call. A header or page that runs past the chunk is an error saying so.
 */
export class ParquetPageSource {
  private position: number;
  private buffer = new Uint8Array(0);
  private readonly handle: FileHandle;
  private readonly end: number;

  constructor(handle: FileHandle, start: number, end: number) {
    this.handle = handle;
    this.position = start;
    this.end = end;
  }

  /** The next page, or `undefined` after the last. */
  async next(): Promise<ParquetPage | undefined> {
    if (this.position >= this.end) return undefined;
    let window = Math.min(HEADER_WINDOW, this.end - this.position);
    for (;;) {
      const bytes = await this.read(this.position, window);
      const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
      let header: PageHeader | undefined;
      try {
        header = parquetHeader(reader);
      } catch (cause) {
        if (window >= this.end - this.position) throw cause;
      }
      if (header !== undefined && reader.offset <= bytes.byteLength) {
        const bodyStart = this.position + reader.offset;
        const size = header.compressed_page_size;
        if (bodyStart + size > this.end) throw new Error('a page runs past the end of its column chunk');
        const body =
          reader.offset + size <= bytes.byteLength
            ? bytes.subarray(reader.offset, reader.offset + size)
            : await this.read(bodyStart, size);
        this.position = bodyStart + size;
        return { header, body };
      }
      if (window >= this.end - this.position) throw new Error('a page header runs past the end of its column chunk');
      window = Math.min(window * 4, this.end - this.position);
    }
  }

  private async read(position: number, length: number): Promise<Uint8Array> {
    if (this.buffer.length < length) this.buffer = new Uint8Array(length);
    const bytes = this.buffer.subarray(0, length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(bytes, filled, length - filled, position + filled);
      if (bytesRead === 0) throw new Error(`the file ends ${length - filled} bytes early`);
      filled += bytesRead;
    }
    return bytes;
  }
}
