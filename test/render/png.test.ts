import { describe, expect, test } from 'vitest';
import { DEFAULT_DOT_OPTIONS, toDot } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { GradvizError } from '../../src/errors.js';
import { renderSvg } from '../../src/render/graphviz.js';
import { mapFontFamilies, renderPng, renderPngAsync, renderPngAtWidth } from '../../src/render/png.js';
import { lectureExpression } from '../graph/helpers.js';
import { decodePng, type Image } from './png-decode.js';

/** Opaque, nearly black pixels: text and lines drawn in black on white. */
function darkPixels(image: Image): { count: number; minX: number; maxX: number } {
  let count = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  for (let i = 0; i < image.rgba.length; i += 4) {
    const [r, g, b, alpha] = image.rgba.subarray(i, i + 4);
    if ((alpha as number) > 200 && (r as number) < 100 && (g as number) < 100 && (b as number) < 100) {
      count++;
      const x = (i / 4) % image.width;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
    }
  }
  return { count, minX, maxX };
}

function page(width: string, height: string, content: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${content}</svg>`
  );
}

const TEXT = '<text x="10" y="40" font-family="Times,serif" font-size="24" fill="#000000">grad 6.0000</text>';

describe('renderPng', () => {
  test('gives a PNG of the SVG size times the scale', () => {
    const png = renderPng(page('200', '100', TEXT), { scale: 1 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (const scale of [1, 2, 3] as const) {
      const image = decodePng(renderPng(page('200', '100', TEXT), { scale }));
      expect([image.width, image.height]).toEqual([200 * scale, 100 * scale]);
    }
    // Graphviz sizes its SVGs in points: 150pt is 200 CSS pixels.
    const points = decodePng(renderPng(page('150pt', '75pt', TEXT), { scale: 2 }));
    expect([points.width, points.height]).toEqual([400, 200]);
  });

  test('scales to a width in pixels, keeping the proportions, with the same fonts', () => {
    const image = decodePng(renderPngAtWidth(page('150pt', '75pt', TEXT), 100));
    expect([image.width, image.height]).toEqual([100, 50]);
    const large = decodePng(renderPngAtWidth(page('200', '60', TEXT), 400));
    expect(darkPixels(large).count).toBeGreaterThan(300);
  });

  test('draws the text with the fonts the project ships', () => {
    const withText = renderPng(page('200', '60', TEXT), { scale: 1 });
    const without = renderPng(page('200', '60', ''), { scale: 1 });
    expect(withText.equals(without)).toBe(false);
    expect(darkPixels(decodePng(without)).count).toBe(0);
    // Eleven glyphs at 24px leave hundreds of dark pixels; a missing font leaves none.
    expect(darkPixels(decodePng(withText)).count).toBeGreaterThan(300);
  });

  test.each(['Times,serif', 'Helvetica,sans-Serif', 'Courier,monospace', 'NoSuchFont', "'DejaVu Sans', sans-serif"])(
    'draws text in font-family %s',
    (family) => {
      const svg = page('200', '60', TEXT.replace('Times,serif', family));
      expect(darkPixels(decodePng(renderPng(svg, { scale: 1 }))).count).toBeGreaterThan(300);
    },
  );

  // Graphviz sizes labels with Times' metrics (Adobe's AFM: 'W' is 944/1000 em wide), so the
  // serif text must be as wide as Times or it runs over the record borders. DejaVu Serif is ~9% wider.
  test("sets Graphviz's Times text with Times' widths, and monospace at 0.6 em", () => {
    const inkWidth = (family: string) => {
      const svg = page('300', '40', `<text x="10" y="30" font-family="${family}" font-size="20">WWWWWWWWWW</text>`);
      const { minX, maxX } = darkPixels(decodePng(renderPng(svg, { scale: 1 })));
      return maxX - minX + 1;
    };
    expect(Math.abs(inkWidth('Times,serif') - 10 * 0.944 * 20)).toBeLessThan(6); // DejaVu Serif: 203
    // DejaVu Sans Mono advances 0.602 em; the ink of the last W stops a little short of its cell.
    expect(Math.abs(inkWidth('Courier,monospace') - 10 * 0.602 * 20)).toBeLessThan(6);
  });

  test('maps generic and common families to the fonts it loads', () => {
    expect(mapFontFamilies('Times,serif')).toBe('Tinos');
    expect(mapFontFamilies('Helvetica,sans-Serif')).toBe('DejaVu Sans');
    expect(mapFontFamilies('"Courier New", monospace')).toBe('DejaVu Sans Mono');
    expect(mapFontFamilies('DejaVu Sans, Verdana, Arial, sans-serif')).toBe('DejaVu Sans');
    expect(mapFontFamilies('NoSuchFont')).toBe('Tinos');
  });

  test('leaves text that looks like a font-family attribute alone', () => {
    const svg = page('300', '60', '<text x="10" y="40" font-size="20">font-family="Courier"</text>');
    expect(darkPixels(decodePng(renderPng(svg, { scale: 1 }))).count).toBeGreaterThan(300);
  });

  test('draws a Graphviz picture of the lecture expression, the same bytes each time', async () => {
    const svg = await renderSvg(toDot(traceGraph(lectureExpression().L), DEFAULT_DOT_OPTIONS));
    const [, width, height] = /width="(\d+)pt" height="(\d+)pt"/.exec(svg) ?? [];
    const png = renderPng(svg, { scale: 2 });
    const image = decodePng(png);
    expect(image.width).toBe(Math.round(((Number(width) * 4) / 3) * 2));
    expect(image.height).toBe(Math.round(((Number(height) * 4) / 3) * 2));
    expect(darkPixels(image).count).toBeGreaterThan(5000);
    expect(renderPng(svg, { scale: 2 }).equals(png)).toBe(true);
    expect((await renderPngAsync(svg, { scale: 2 })).equals(png)).toBe(true);
  });

  test('refuses an image larger than the pixel limit with graph-too-large', () => {
    const svg = page('1000', '1000', TEXT);
    expect(() => renderPng(svg, { scale: 2, maxPixels: 1_000_000 })).toThrow(
      expect.objectContaining({
        name: 'GradvizError',
        kind: 'graph-too-large',
        message: 'the PNG would be 2000 x 2000 pixels, more than the limit of 1,000,000: ask for SVG instead, or a smaller scale',
        details: { limit: 'maxPngPixels', limitValue: 1_000_000, requested: 4_000_000 },
      }),
    );
    expect(decodePng(renderPng(svg, { scale: 1, maxPixels: 1_000_000 })).width).toBe(1000);
  });

  test('refuses a scale other than 1, 2 or 3', () => {
    const scale = 4 as unknown as 1;
    expect(() => renderPng(page('10', '10', ''), { scale })).toThrow(GradvizError);
    expect(() => renderPng(page('10', '10', ''), { scale })).toThrow('scale must be 1, 2 or 3');
  });

  test('refuses an SVG that would make resvg read a file', () => {
    const svg = page('10', '10', '<image href="/etc/hostname" width="10" height="10"/>');
    expect(() => renderPng(svg, { scale: 1 })).toThrow('<image>');
  });
});
