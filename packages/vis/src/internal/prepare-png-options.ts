import { checkNumber, InvalidArgumentError } from '@softlabels/core';

import type { RenderPngOptions } from '../render/render-png';

/** Normalised {@link RenderPngOptions}. */
export interface PreparedPngOptions {
  scale: number;
  background: string;
  loadSystemFonts: boolean;
  fontFiles: string[];
  fontDirs: string[];
}

function paths(value: unknown, parameter: string, functionName: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: 'be an array of file paths' });
  }
  return [...(value as string[])];
}

/** Validates PNG rendering options (shared by `renderPng` and `writeChart`). */
export function preparePngOptions(options: RenderPngOptions, functionName: string): PreparedPngOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, parameter: 'options', value: options, expected: 'be an object' });
  }
  const scale = checkNumber(options.scale ?? 2, 'options.scale', functionName, { min: 0, minExclusive: true, max: 16 });
  const background = options.background ?? 'white';
  if (typeof background !== 'string' || background.length === 0) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.background',
      value: background,
      expected: 'be a CSS colour string',
    });
  }
  const loadSystemFonts = options.loadSystemFonts ?? true;
  if (typeof loadSystemFonts !== 'boolean') {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.loadSystemFonts',
      value: loadSystemFonts,
      expected: 'be a boolean',
    });
  }
  return {
    scale,
    background,
    loadSystemFonts,
    fontFiles: paths(options.fontFiles, 'options.fontFiles', functionName),
    fontDirs: paths(options.fontDirs, 'options.fontDirs', functionName),
  };
}
