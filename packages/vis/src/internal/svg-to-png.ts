import type { PreparedPngOptions } from './prepare-png-options';

/** The part of `@resvg/resvg-js` renderPng uses. */
interface ResvgModule {
  Resvg: new (
    svg: string,
    options: Record<string, unknown>,
  ) => {
    render(): { asPng(): Uint8Array; width: number; height: number };
  };
}

// A variable specifier keeps bundlers from pulling the native renderer into browser builds.
const RESVG = '@resvg/resvg-js';

/** Rasterises an SVG string with resvg (Node only). */
export async function svgToPng(svg: string, options: PreparedPngOptions): Promise<Uint8Array> {
  const { Resvg } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ RESVG)) as ResvgModule;
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale },
    background: options.background,
    font: {
      loadSystemFonts: options.loadSystemFonts,
      fontFiles: options.fontFiles,
      fontDirs: options.fontDirs,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  }).render();
  return new Uint8Array(image.asPng());
}
