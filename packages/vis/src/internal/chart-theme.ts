import type { Config } from 'vega-lite';

/** The vega-lite schema the chart builders target. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Font stack for every chart: DejaVu Sans where present (Linux, and what `renderPng` finds first there), then common
 * sans-serif fonts, so SVGs look alike in browsers and PNGs rendered by resvg.
 */
export const FONT = 'DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif';

/** Shared look: white background, quiet grid, readable font sizes. */
export const CONFIG: Config = {
  background: 'white',
  font: FONT,
  padding: 8,
  view: { stroke: '#888' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6', domainColor: '#888', tickColor: '#888' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320, symbolOpacity: 1 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start', offset: 10 },
};

/** Ten distinguishable class colours (Tableau 10). */
export const CATEGORY_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
