import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

import { withChromium } from '@softlabels/test-utils';

import { writeRunFiles } from './write-run-files';

/** What the browser saw of one chart of the report. */
export interface ChartView {
  id: string;
  /** Rendered width and height in CSS pixels. */
  width: number;
  height: number;
  /** The chart's `<svg>` is visible (non-empty box, not hidden). */
  visible: boolean;
  /** Number of SVG shapes drawn (paths, lines, rectangles, circles, text). */
  marks: number;
}

/** Options of {@link inspectReport}. */
export interface InspectReportOptions {
  /** Where to save a full-page PNG screenshot (written atomically, folders created). */
  screenshot?: string;
}

/**
 * Opens `report.html` in headless Chromium (playwright-core, own profile folder), reports every chart it finds
 * (`figure.chart` elements) with its size, visibility and mark count, the page's console errors, and optionally
 * saves a full-page screenshot.
 *
 * @example
 * ```ts
 * import { inspectReport } from './inspect-report';
 * const { charts } = await inspectReport('apps/example/out/report.html', { screenshot: '/tmp/report.png' });
 * console.log(charts.every((chart) => chart.visible));
 * ```
 */
export async function inspectReport(
  reportPath: string,
  options: InspectReportOptions = {},
): Promise<{ title: string; charts: ChartView[]; errors: string[] }> {
  return withChromium(
    async (context) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
      const charts = await page.$$eval('figure.chart', (figures) =>
        figures.map((figure) => {
          const svg = figure.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          const style = svg === null ? null : getComputedStyle(svg);
          return {
            id: figure.getAttribute('data-chart') ?? '',
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            visible:
              svg !== null &&
              (box?.width ?? 0) > 50 &&
              (box?.height ?? 0) > 50 &&
              style?.visibility !== 'hidden' &&
              style?.display !== 'none',
            marks: svg?.querySelectorAll('path, line, rect, circle, text').length ?? 0,
          };
        }),
      );
      if (options.screenshot !== undefined) {
        const png = await page.screenshot({ fullPage: true });
        writeRunFiles(dirname(options.screenshot), { [basename(options.screenshot)]: png });
      }
      return { title: await page.title(), charts, errors };
    },
    { viewport: { width: 1200, height: 900 } },
  );
}
