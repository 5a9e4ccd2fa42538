import type { Loader } from 'vega';
import { checkBoolean, checkNumber, InvalidArgumentError, readOptions } from '@softlabels/core';

import { readLoader } from './read-loader';

/** Normalised options of `renderPng` (`RenderPngOptions`). */
export interface PreparedPngOptions {
  scale: number;
  background: string;
  loadSystemFonts: boolean;
  fontFiles: string[];
  fontDirs: string[];
  loader: Loader | undefined;
}

/** The keys of `RenderPngOptions`. */
export const PNG_OPTION_KEYS = ['scale', 'background', 'loadSystemFonts', 'fontFiles', 'fontDirs', 'loader'] as const;

function paths(value: unknown, parameter: string, functionName: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: 'be an array of file paths' });
  }
  return [...(value as string[])];
}

/**
 * Validates PNG rendering options (shared by `renderPng` and `writeChart`); keys outside `allowedKeys` (the PNG
 * options by default) are rejected.
 */
export function preparePngOptions(
  options: unknown,
  functionName: string,
  allowedKeys: readonly string[] = PNG_OPTION_KEYS,
): PreparedPngOptions {
  const record = readOptions(options, allowedKeys, functionName);
  const scale = checkNumber(record.scale ?? 2, 'options.scale', functionName, { min: 0, minExclusive: true, max: 16 });
  const background = record.background ?? 'white';
  if (typeof background !== 'string' || background.length === 0) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.background',
      value: background,
      expected: 'be a CSS colour string',
    });
  }
  return {
    scale,
    background,
    loadSystemFonts: checkBoolean(record.loadSystemFonts, true, 'options.loadSystemFonts', functionName),
    fontFiles: paths(record.fontFiles, 'options.fontFiles', functionName),
    fontDirs: paths(record.fontDirs, 'options.fontDirs', functionName),
    loader: readLoader(record.loader, functionName),
  };
}
