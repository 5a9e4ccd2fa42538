import { snappyUncompress } from 'hyparquet/src/snappy.js';

/** Reads `into.length` bytes of a file at `position` into `into`. */
export type ReadAt = (position: number, into: Uint8Array) => Promise<void>;

/** A page's uncompressed bytes, taken front to back. */
export interface PageByteStream {
  /**
   * The next `length` bytes, starting at a byte offset that is a multiple of `alignment` (so that a typed array can
   * view them); valid until the next call.
   */
  take(length: number, alignment?: number): Promise<Uint8Array>;
}

function pageEndsEarly(): Error {
  return new Error('a data page ends before its values');
}

/** A page already in memory (a small page, or a codec decoded whole). */
export class BufferByteStream implements PageByteStream {
  private offset = 0;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  take(length: number, alignment = 1): Promise<Uint8Array> {
    if (this.offset + length > this.bytes.length) return Promise.reject(pageEndsEarly());
    const view = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return Promise.resolve(view.byteOffset % alignment === 0 ? view : view.slice());
  }
}

/** An uncompressed page read from the file piece by piece into one reused buffer. */
export class FileByteStream implements PageByteStream {
  private buffer = new Uint8Array(0);
  private position = 0;
  private end = 0;
  private readonly read: ReadAt;

  constructor(read: ReadAt) {
    this.read = read;
  }

  /** Starts on the `length` bytes at `start`. */
  open(start: number, length: number): this {
    this.position = start;
    this.end = start + length;
    return this;
  }

  async take(length: number): Promise<Uint8Array> {
    if (this.position + length > this.end) throw pageEndsEarly();
    if (this.buffer.length < length) this.buffer = new Uint8Array(length);
    const view = this.buffer.subarray(0, length);
    await this.read(this.position, view);
    this.position += length;
    return view;
  }
}

/** Uncompressed bytes kept behind the newest one: every Snappy compressor's copies reach back less than this. */
export const SNAPPY_WINDOW = 1 << 16;
/** Compressed bytes read from the file at a time. */
const INPUT_PIECE = 1 << 20;
/** The most one copy element writes (a take may end up to this far short of its buffer's end). */
const MAX_COPY = 64;

/**
 * A Snappy-compressed page decoded while it is read: compressed bytes come from the file {@link INPUT_PIECE} at a
 * time, and only the last {@link SNAPPY_WINDOW} uncompressed bytes (which copy elements may refer to) are kept besides
 * the bytes taken, so memory holds about one `take` and not the page. Snappy's format allows copies from further back
 * (4-byte offsets); compressors do not emit them (they compress 64 KiB blocks), and when one occurs the page is read
 * and decoded whole instead.
 */
export class SnappyByteStream implements PageByteStream {
  private input = new Uint8Array(INPUT_PIECE);
  private inputStart = 0;
  private inputEnd = 0;
  private output = new Uint8Array(0);
  /** Where the next take starts in `output`, and where decoding writes next. */
  private readStart = 0;
  private writeStart = 0;
  /** Bytes of a literal element still to copy from the input. */
  private literalLeft = 0;
  /** The page's bytes in the file: `[start, end)`, read up to `filePosition`. */
  private start = 0;
  private filePosition = 0;
  private end = 0;
  private size = 0;
  private taken = 0;
  /** The page decoded whole, after a copy from beyond the window. */
  private whole: Uint8Array | undefined;
  private readonly read: ReadAt;

  constructor(read: ReadAt) {
    this.read = read;
  }

  /** The bytes this stream's buffers hold, whatever the page's size (unless a page had to be decoded whole). */
  get bufferBytes(): number {
    return this.input.length + this.output.length;
  }

  /** Starts on the Snappy block of `length` bytes at `start` that decodes to `size` bytes. */
  async open(start: number, length: number, size: number): Promise<this> {
    this.start = start;
    this.filePosition = start;
    this.end = start + length;
    this.size = size;
    this.taken = 0;
    this.whole = undefined;
    this.inputStart = 0;
    this.inputEnd = 0;
    this.readStart = 0;
    this.writeStart = 0;
    this.literalLeft = 0;
    await this.refill();
    let declared = 0;
    let scale = 1;
    let byte: number;
    do {
      if (this.inputStart >= this.inputEnd) throw new Error('a Snappy page ends in its length header');
      byte = this.input[this.inputStart] as number;
      this.inputStart += 1;
      declared += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    if (declared !== size) throw new Error(`a Snappy page holds ${declared} bytes where its header says ${size}`);
    return this;
  }

  async take(length: number, alignment = 1): Promise<Uint8Array> {
    if (this.taken + length > this.size) throw pageEndsEarly();
    if (this.whole === undefined) {
      this.makeRoom(length, alignment);
      const target = this.readStart + length;
      for (;;) {
        const state = this.decode(target);
        if (state === 'done') break;
        if (state === 'far') {
          await this.decodeWhole();
          break;
        }
        if (this.filePosition >= this.end) throw new Error('a Snappy page ends before its declared size');
        await this.refill();
      }
    }
    const from = this.taken;
    this.taken += length;
    if (this.whole !== undefined) {
      const view = this.whole.subarray(from, from + length);
      return view.byteOffset % alignment === 0 ? view : view.slice();
    }
    const view = this.output.subarray(this.readStart, this.readStart + length);
    this.readStart += length;
    return view;
  }

  /**
   * Makes room for `length` more bytes starting on a multiple of `alignment`: when they would not fit (or not be
   * aligned), the window and any bytes decoded but not taken move to the front, into a larger buffer if need be.
   */
  private makeRoom(length: number, alignment: number): void {
    if (this.readStart % alignment === 0 && this.readStart + length + MAX_COPY <= this.output.length) return;
    const keepFrom = Math.max(0, Math.min(this.readStart, this.writeStart - SNAPPY_WINDOW));
    const lead = this.readStart - keepFrom;
    const shift = (alignment - (lead % alignment)) % alignment;
    const needed = shift + Math.max(lead + length, this.writeStart - keepFrom) + MAX_COPY;
    const target = needed <= this.output.length ? this.output : new Uint8Array(needed + SNAPPY_WINDOW);
    target.set(this.output.subarray(keepFrom, this.writeStart), shift);
    this.output = target;
    this.readStart = shift + lead;
    this.writeStart = shift + this.writeStart - keepFrom;
  }

  /**
   * Decodes elements until `output` holds bytes up to `target`: `done`, `input` when the input read so far ends
   * first, `far` at a copy from before the bytes kept.
   */
  private decode(target: number): 'done' | 'input' | 'far' {
    const { input, output } = this;
    const inputEnd = this.inputEnd;
    const more = this.filePosition < this.end;
    let position = this.inputStart;
    let write = this.writeStart;
    let state: 'done' | 'input' | 'far' = 'done';
    while (write < target) {
      if (this.literalLeft > 0) {
        const count = Math.min(this.literalLeft, inputEnd - position, target - write);
        if (count === 0) {
          state = 'input';
          break;
        }
        output.set(input.subarray(position, position + count), write);
        position += count;
        write += count;
        this.literalLeft -= count;
        continue;
      }
      // An element's header is at most 5 bytes: wait for them unless the page ends sooner.
      if (position >= inputEnd || (more && inputEnd - position < 5)) {
        state = 'input';
        break;
      }
      const tag = input[position] as number;
      const type = tag & 3;
      if (type === 0) {
        let literal = (tag >>> 2) + 1;
        let header = 1;
        if (literal > 60) {
          const bytes = literal - 60;
          if (position + 1 + bytes > inputEnd) {
            state = 'input';
            break;
          }
          literal = 1;
          for (let index = 0; index < bytes; index += 1) {
            literal += (input[position + 1 + index] as number) * 2 ** (8 * index);
          }
          header += bytes;
        }
        position += header;
        this.literalLeft = literal;
        continue;
      }
      let copy: number;
      let offset: number;
      let header: number;
      if (type === 1) {
        copy = ((tag >>> 2) & 7) + 4;
        offset = ((tag >>> 5) << 8) | (input[position + 1] as number);
        header = 2;
      } else if (type === 2) {
        copy = (tag >>> 2) + 1;
        offset = (input[position + 1] as number) | ((input[position + 2] as number) << 8);
        header = 3;
      } else {
        copy = (tag >>> 2) + 1;
        offset =
          ((input[position + 1] as number) |
            ((input[position + 2] as number) << 8) |
            ((input[position + 3] as number) << 16)) +
          (input[position + 4] as number) * 2 ** 24;
        header = 5;
      }
      if (position + header > inputEnd) {
        state = 'input';
        break;
      }
      if (offset === 0) throw new Error('a Snappy page holds a copy with offset 0');
      if (offset > write) {
        state = 'far';
        break;
      }
      position += header;
      for (let from = write - offset, stop = write + copy; write < stop; write += 1, from += 1) {
        output[write] = output[from] as number;
      }
    }
    this.inputStart = position;
    this.writeStart = write;
    return state;
  }

  /** Moves the unread input to the front and reads the next piece of the page behind it. */
  private async refill(): Promise<void> {
    const left = this.inputEnd - this.inputStart;
    this.input.copyWithin(0, this.inputStart, this.inputEnd);
    const count = Math.min(this.input.length - left, this.end - this.filePosition);
    await this.read(this.filePosition, this.input.subarray(left, left + count));
    this.filePosition += count;
    this.inputStart = 0;
    this.inputEnd = left + count;
  }

  /** Reads and decodes the whole page (hyparquet's decoder), for a copy from beyond the window. */
  private async decodeWhole(): Promise<void> {
    const compressed = new Uint8Array(this.end - this.start);
    await this.read(this.start, compressed);
    const whole = new Uint8Array(this.size);
    snappyUncompress(compressed, whole);
    this.whole = whole;
  }
}

/**
 * The buffers of one column's pages, reused from page to page and row group to row group (a page's bytes are taken
 * before the next page's): the streams of large pages and the uncompressed bytes of small Snappy pages.
 */
export class PageBuffers {
  private snappyStream: SnappyByteStream | undefined;
  private fileStream: FileByteStream | undefined;
  private bytes = new Uint8Array(0);
  private readonly read: ReadAt;

  constructor(read: ReadAt) {
    this.read = read;
  }

  get snappy(): SnappyByteStream {
    this.snappyStream ??= new SnappyByteStream(this.read);
    return this.snappyStream;
  }

  get file(): FileByteStream {
    this.fileStream ??= new FileByteStream(this.read);
    return this.fileStream;
  }

  /** `size` bytes of a reused buffer. */
  scratch(size: number): Uint8Array {
    if (this.bytes.length < size) this.bytes = new Uint8Array(size);
    return this.bytes.subarray(0, size);
  }
}
