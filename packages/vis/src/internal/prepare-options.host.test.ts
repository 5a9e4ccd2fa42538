import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { describeSpread, prepareSpread, readChartOptions } from './chart-options';
import { preparePenultimateActivationsOptions } from './prepare-penultimate-options';
import { preparePngOptions } from './prepare-png-options';
import { prepareProjectOntoClassPlaneOptions } from './prepare-projection-options';
import { prepareWriteChartOptions } from './prepare-write-chart-options';

describe('preparePenultimateActivationsOptions', () => {
  it('defaults the batch size to 256 and checks it', () => {
    expect(preparePenultimateActivationsOptions({})).toEqual({ batchSize: 256 });
    expect(preparePenultimateActivationsOptions({ batchSize: 7 })).toEqual({ batchSize: 7 });
    expect(() => preparePenultimateActivationsOptions({ batchSize: -1 })).toThrow(InvalidArgumentError);
    expect(() => preparePenultimateActivationsOptions({ batch: 7 } as never)).toThrow("'options.batch'");
  });
});

describe('prepareProjectOntoClassPlaneOptions', () => {
  it('normalises labels to numbers and defaults select to all', () => {
    expect(prepareProjectOntoClassPlaneOptions({}, 2, 3)).toEqual({ labels: null, select: 'all' });
    expect(
      prepareProjectOntoClassPlaneOptions({ labels: new Int32Array([2, 0]), select: 'chosen-classes' }, 2, 3),
    ).toEqual({
      labels: [2, 0],
      select: 'chosen-classes',
    });
  });

  it('rejects wrong lengths, out-of-range labels and a select without labels', () => {
    expect(() => prepareProjectOntoClassPlaneOptions({ labels: [0] }, 2, 3)).toThrow(ShapeMismatchError);
    expect(() => prepareProjectOntoClassPlaneOptions({ labels: [0, 3] }, 2, 3)).toThrow(
      'integer class indices in [0, 2]',
    );
    expect(() => prepareProjectOntoClassPlaneOptions({ select: 'chosen-classes' }, 2, 3)).toThrow(InvalidArgumentError);
    expect(() => prepareProjectOntoClassPlaneOptions({ label: [0, 1] } as never, 2, 3)).toThrow("'options.label'");
  });
});

describe('preparePngOptions', () => {
  it('fills in defaults and copies font lists', () => {
    const files = ['/fonts/a.ttf'];
    const prepared = preparePngOptions({ fontFiles: files }, 'renderPng');
    expect(prepared).toEqual({ scale: 2, background: 'white', loadSystemFonts: true, fontFiles: files, fontDirs: [] });
    expect(prepared.fontFiles).not.toBe(files);
  });

  it('rejects a non-object and out-of-range scales, naming the caller', () => {
    expect(() => preparePngOptions(null as never, 'writeChart')).toThrow("Argument 'options' passed to 'writeChart'");
    expect(() => preparePngOptions({ scale: 17 }, 'renderPng')).toThrow('be a finite number in (0, 16]');
    expect(() => preparePngOptions({ loadSystemFonts: 'no' }, 'renderPng')).toThrow("'options.loadSystemFonts'");
    expect(() => preparePngOptions({ format: 'png' }, 'renderPng')).toThrow("'options.format' passed to 'renderPng'");
  });
});

describe('prepareWriteChartOptions', () => {
  it('infers the format from the extension unless given', () => {
    expect(prepareWriteChartOptions('a/b.svg', {}).format).toBe('svg');
    expect(prepareWriteChartOptions('a/b.Png', {}).format).toBe('png');
    expect(prepareWriteChartOptions('a/b.svg', { format: 'png', scale: 3 })).toEqual({
      format: 'png',
      png: { scale: 3, background: 'white', loadSystemFonts: true, fontFiles: [], fontDirs: [] },
    });
  });

  it('rejects paths without a known extension unless the format is given', () => {
    expect(() => prepareWriteChartOptions('chart.jpg', {})).toThrow("'path'");
    expect(prepareWriteChartOptions('chart.jpg', { format: 'svg' }).format).toBe('svg');
    expect(() => prepareWriteChartOptions(42, {})).toThrow("'path'");
    expect(() => prepareWriteChartOptions('chart.svg', { dpi: 300 } as never)).toThrow("'options.dpi'");
  });
});

describe('readChartOptions and prepareSpread', () => {
  const defaults = { title: 'T', width: 100, height: 50 };
  it('fills in defaults, keeps an empty title, and checks sizes', () => {
    expect(readChartOptions({}, [], defaults, 'f').layout).toEqual(defaults);
    expect(readChartOptions({ title: '', width: 300 }, [], defaults, 'f').layout).toEqual({
      title: '',
      width: 300,
      height: 50,
    });
    expect(() => readChartOptions({ height: 10.5 }, [], defaults, 'f')).toThrow("'options.height'");
    expect(() => readChartOptions(null, [], defaults, 'f')).toThrow("'options'");
  });

  it("returns the builder's own keys and rejects unknown ones", () => {
    expect(readChartOptions({ spread: 'min-max' }, ['spread'], defaults, 'f').record).toEqual({ spread: 'min-max' });
    expect(() => readChartOptions({ spred: 'min-max' }, ['spread'], defaults, 'f')).toThrow(
      "'options.spred' passed to 'f' must not be set",
    );
  });

  it('defaults the spread to min-max and rejects unknown ones', () => {
    expect(prepareSpread(undefined, 'f')).toBe('min-max');
    expect(prepareSpread('standard-deviation', 'f')).toBe('standard-deviation');
    expect(() => prepareSpread('iqr', 'f')).toThrow("must be one of 'min-max', 'standard-deviation'");
    expect(describeSpread('min-max')).toContain('min–max');
  });
});
