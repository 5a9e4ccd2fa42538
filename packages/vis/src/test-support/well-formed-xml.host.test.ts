import { describe, expect, it } from 'vitest';

import { parseXml, pngSize } from './well-formed-xml';

describe('parseXml (test support)', () => {
  it('accepts well-formed documents and lists elements and classes', () => {
    const summary = parseXml(
      '<?xml version="1.0"?><!-- note --><svg width="10" height=\'5\'><g class="mark-rect"><path d="M0,0"/>a &amp; b</g></svg>',
    );
    expect(summary.root).toBe('svg');
    expect(summary.rootAttributes).toEqual({ width: '10', height: '5' });
    expect(summary.elements).toEqual(['svg', 'g', 'path']);
    expect(summary.classes).toEqual(['mark-rect']);
  });

  it.each([
    ['<svg><g></svg>', '</svg> at 8 closes <g>'],
    ['<svg><g>', 'unclosed <svg> <g>'],
    ['<svg a="1" a="2"/>', 'duplicate attribute a'],
    ['<svg a=1/>', 'malformed start tag'],
    ['<svg>a & b</svg>', "stray '&'"],
    ['<svg/><svg/>', 'second root element'],
    ['<svg>x</svg>tail', 'text outside the root element'],
    ['', 'no root element'],
    ['<svg title="a<b"/>', 'malformed start tag'],
  ])('rejects %s', (document, message) => {
    expect(() => parseXml(document)).toThrow(message);
  });

  it('reads PNG dimensions from the IHDR chunk and rejects other bytes', () => {
    const header = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 2, 0, 0, 0, 1, 44,
    ]);
    expect(pngSize(header)).toEqual({ width: 512, height: 300 });
    expect(() => pngSize(new Uint8Array(24))).toThrow('not a PNG signature');
  });
});
