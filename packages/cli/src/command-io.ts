/** Where a command writes: its result lines and its progress/diagnostics (process streams by default). */
export interface CommandIo {
  /** Results (paths written, merged JSON when no `--out` is given). */
  stdout: NodeJS.WritableStream;
  /** Progress and warnings; the one-line error on failure. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}
