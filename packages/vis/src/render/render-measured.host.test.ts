import { describe, expect, it } from 'vitest';

import { clusterStatistics } from '../projection/cluster-statistics';
import { measuredChartData, measuredCharts } from '../test-support/measured-charts';
import { parseXml } from '../test-support/well-formed-xml';
import { renderSvg } from './render-svg';

const data = measuredChartData();
const charts = measuredCharts(data);

/** Number of mark groups (not legend or axis parts) of a vega mark type. */
function countMarks(classes: string[], type: string): number {
  return classes.filter((value) => value.split(' ').includes(type) && value.split(' ').includes('role-mark')).length;
}

describe('the README charts, from measured Fashion-MNIST data', () => {
  it('render the projection panels with every example and the three vertices of each', async () => {
    const { classes, elements } = parseXml(await renderSvg(charts.projection!));
    const examples = data.projection.reduce((sum, panel) => sum + panel.points.length, 0);
    const vertices = data.projection.reduce((sum, panel) => sum + (panel.vertices?.length ?? 0), 0);
    expect(data.projection).toHaveLength(4);
    expect(vertices).toBe(12);
    expect(countMarks(classes, 'mark-symbol')).toBe(8); // examples and vertices layers of four panels
    expect(countMarks(classes, 'mark-text')).toBe(12); // three vertex-name layers per panel
    // Every example and vertex becomes one path; legend symbols and axes add more.
    expect(elements.filter((name) => name === 'path').length).toBeGreaterThan(examples + vertices);
  });

  it.each(['reliability', 'trainingCurves', 'distillation', 'eceByEpsilon'])(
    'render the %s chart as well-formed SVG',
    async (name) => {
      const document = parseXml(await renderSvg(charts[name]!));
      expect(document.root).toBe('svg');
      expect(document.elements).toContain('text');
    },
  );

  it('show label smoothing tightening the clusters (lower tightness ratio than the baseline)', () => {
    const tightness = Object.fromEntries(
      data.projection.map((panel) => [panel.title, clusterStatistics(panel.points).tightness]),
    );
    const titles = Object.keys(tightness);
    for (const split of ['training', 'validation']) {
      const baseline = titles.find((title) => title.startsWith('baseline') && title.endsWith(split))!;
      const smoothed = titles.find((title) => title.startsWith('label smoothing') && title.endsWith(split))!;
      expect(tightness[smoothed]!).toBeLessThan(tightness[baseline]!);
    }
  });
});
