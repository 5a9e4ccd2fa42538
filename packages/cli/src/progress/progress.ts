import { Presets, SingleBar } from 'cli-progress';

import { countRows } from './count-rows';

/** What {@link startProgress} shows progress of. */
export interface ProgressOptions {
  /** The command, named on each line (`calibrate`). */
  command: string;
  /** The files it reads, in order. */
  files: readonly string[];
  /** Show nothing. */
  quiet: boolean;
  /** Milliseconds between plain lines when the stream is not a terminal (default 10 000: short runs print none). */
  intervalMs?: number;
  /** The clock of the plain lines (default `Date.now`). */
  now?: () => number;
}

/** Progress of a streamed read: told of each file started and of the rows read so far; stopped once, always. */
export interface Progress {
  /** File `index` of the files (0-based) is being read. */
  file(index: number): void;
  /** Rows read so far, over all files. */
  rows(rowsRead: number): void;
  /** Removes the bar (on a terminal) and ends the updates. */
  stop(): void;
}

const SILENT: Progress = { file: () => undefined, rows: () => undefined, stop: () => undefined };

function terminalBar(stream: NodeJS.WritableStream, options: ProgressOptions, total: number | undefined): Progress {
  const { command, files } = options;
  const format =
    total === undefined
      ? `softlabels ${command} {bar} file {value}/{total} | {rows} rows | {duration_formatted}`
      : `softlabels ${command} {bar} {percentage}% | {value}/{total} rows | ETA {eta_formatted}`;
  const bar = new SingleBar(
    { stream, format, barsize: 30, clearOnComplete: true, hideCursor: false, fps: 5 },
    Presets.shades_classic,
  );
  bar.start(total ?? files.length, 0, { rows: 0 });
  return {
    file: (index) => {
      if (total === undefined) bar.update(index);
    },
    rows: (rowsRead) => (total === undefined ? bar.update({ rows: rowsRead }) : bar.update(rowsRead)),
    stop: () => bar.stop(),
  };
}

function plainLines(stream: NodeJS.WritableStream, options: ProgressOptions, total: number | undefined): Progress {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 10_000;
  let last = now();
  let fileIndex = 0;
  return {
    file: (index) => {
      fileIndex = index;
    },
    rows: (rowsRead) => {
      if (now() - last < interval) return;
      last = now();
      const of = total === undefined ? '' : ` of ${total} (${Math.floor((100 * rowsRead) / Math.max(total, 1))} %)`;
      stream.write(
        `softlabels ${options.command}: ${rowsRead} rows read${of}, file ${fileIndex + 1} of ${options.files.length}\n`,
      );
    },
    stop: () => undefined,
  };
}

/**
 * Starts showing the progress of reading `options.files` on `stream` (stderr): on a terminal a progress bar of rows
 * read against the rows the files' metadata promise (Parquet, `.npy`), or of files read with a row count when a file
 * cannot tell (CSV, JSON Lines, Arrow), removed when stopped; elsewhere one plain line every `intervalMs`, so short
 * runs and their one-line errors stay alone on stderr; nothing when `quiet`.
 */
export async function startProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  options: ProgressOptions,
): Promise<Progress> {
  if (options.quiet) return SILENT;
  const total = await countRows(options.files);
  return stream.isTTY === true ? terminalBar(stream, options, total) : plainLines(stream, options, total);
}
