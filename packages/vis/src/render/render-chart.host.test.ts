import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { sampleCharts } from '../test-support/sample-charts';
import { renderChart } from './render-chart';

// Drawing into a real page is checked in headless Chromium by render-chart.browser.test.ts; in Node there is no DOM.
describe('renderChart', () => {
  it('rejects a non-element with a typed error that points Node users to renderSvg', async () => {
    const [chart] = sampleCharts();
    const call = renderChart({} as Element, chart!.spec);
    await expect(call).rejects.toThrow(InvalidArgumentError);
    await expect(renderChart({} as Element, chart!.spec)).rejects.toThrow('use renderSvg or writeChart in Node');
    await expect(renderChart({} as Element, chart!.spec, { renderer: 'webgl' as never })).rejects.toThrow("'element'");
  });
});
