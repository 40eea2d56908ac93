import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { countForeground } from './pixels.js';

// The blank-page check of the browser tests rests on this counter, so check it on pictures whose
// counts are known: axis-aligned rectangles on whole pixels have no anti-aliased edges.
describe('countForeground', () => {
  it('counts exactly the pixels that differ from the most common colour', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="80">' +
      '<rect width="100" height="80" fill="#fafafa"/>' +
      '<rect x="10" y="10" width="40" height="20" fill="#000"/>' +
      '<rect x="60" y="50" width="10" height="10" fill="#c00"/></svg>';
    const count = countForeground(Buffer.from(new Resvg(svg).render().asPng()));
    expect(count).toMatchObject({ width: 100, height: 80, background: [250, 250, 250], foreground: 900 });
  });

  it('finds nothing on a blank picture', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#1e1e1e"/></svg>';
    const count = countForeground(Buffer.from(new Resvg(svg).render().asPng()));
    expect(count.foreground).toBe(0);
    expect(count.background).toEqual([30, 30, 30]);
  });
});
