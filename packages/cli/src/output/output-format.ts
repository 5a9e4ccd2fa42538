import { InvalidArgumentError } from '@softlabels/core';

/** The formats `softlabels apply` writes calibrated probabilities in. */
export type OutputFormat = 'csv' | 'jsonl' | 'npy';

const EXTENSIONS: Record<string, OutputFormat> = { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl', npy: 'npy' };

/** The extension of `file` when it names an {@link OutputFormat} (`.csv`, `.jsonl`, `.ndjson`, `.npy`). */
export function outputExtension(file: string): string | undefined {
  const extension = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  return extension !== undefined && extension in EXTENSIONS ? extension : undefined;
}

/** The {@link OutputFormat} of `file` from its extension; any other extension is an `InvalidArgumentError`. */
export function outputFormatOf(file: string, parameter: string, functionName: string): OutputFormat {
  const extension = outputExtension(file);
  if (extension === undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: file,
      expected: `end in one of .${Object.keys(EXTENSIONS).join(', .')}`,
    });
  }
  return EXTENSIONS[extension] as OutputFormat;
}
