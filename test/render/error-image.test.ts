import { describe, expect, test } from 'vitest';
import { renderErrorSvg, type ErrorPicture } from '../../src/render/error-image.js';
import { renderPng } from '../../src/render/png.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';
import { decodePng } from './png-decode.js';

const SYNTAX: ErrorPicture = {
  status: 400,
  title: 'Syntax error',
  detail: "line 2, column 9: unknown function 'tahn'; did you mean 'tanh'?",
  source: 'a = Value(2.0)\nb = a + tahn(a)\nL = b * 2\n',
  line: 2,
  column: 9,
};

/** The excerpt's two rows: the source line (with its gutter) and the caret row under it. */
function excerpt(svg: string): { code: string[]; caret: number } {
  const texts = svgTexts(svg);
  const caretRow = texts.find((t) => /^ *\^$/.test(t));
  const code = texts[texts.indexOf(caretRow ?? '') - 1];
  if (caretRow === undefined || code === undefined) throw new Error('no caret in the picture');
  return { code: Array.from(code), caret: caretRow.length - 1 };
}

/** Cells as a reader sees them: code points. */
const cells = (text: string) => Array.from(text).length;

describe('renderErrorSvg', () => {
  test('shows the status, title, message and the source line with a caret', () => {
    const svg = renderErrorSvg(SYNTAX);
    expect(svgProblems(svg)).toEqual([]);
    const texts = svgTexts(svg);
    expect(texts[0]).toBe('400 Syntax error');
    expect(texts[1]).toBe(SYNTAX.detail);
    const { code, caret } = excerpt(svg);
    expect(code.join('')).toBe('2 | b = a + tahn(a)');
    expect(code.slice(caret, caret + 4).join('')).toBe('tahn');
    // Screen readers and tooltips get the same words.
    expect(svg).toContain('<title>400 Syntax error: line 2, column 9: unknown function &#39;tahn&#39;');
  });

  test.each([1, 5, 9, 15, 16])('puts the caret under column %i', (column) => {
    const { code, caret } = excerpt(renderErrorSvg({ ...SYNTAX, column }));
    const line = 'b = a + tahn(a)';
    expect(caret - '2 | '.length).toBe(column - 1);
    expect(code[caret]).toBe(line[column - 1]); // undefined one past the end
  });

  test('lines the caret up with the column when drawn (spaces are kept, cells are 0.602 em)', () => {
    const svg = renderErrorSvg({ ...SYNTAX, source: 'x = 1\ny =          tahn(x)', line: 2, column: 14 });
    const image = decodePng(renderPng(svg, { scale: 1 }));
    const baseline = Number(/<text x="24" y="(\d+)"[^>]*>\s*\^<\/text>/.exec(svg)?.[1]);
    // The caret is the only red ink between the accent bar and the border, above its baseline.
    let minX = Infinity;
    let maxX = -Infinity;
    for (let y = baseline - 14; y <= baseline; y++) {
      for (let x = 12; x < image.width - 4; x++) {
        const [r, g, b] = image.rgba.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3);
        if ((r as number) > 150 && (g as number) < 110 && (b as number) < 110) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
        }
      }
    }
    const cell = 0.602 * 14; // DejaVu Sans Mono advances 1233/2048 em
    const expected = 24 + ('2 | '.length + 13 + 0.5) * cell; // text starts at x=24
    expect(Math.abs((minX + maxX) / 2 - expected)).toBeLessThan(3);
  });

  test('keeps a caret far along a long line in view', () => {
    const line = 'a'.repeat(300) + 'tahn(b)' + 'c'.repeat(300);
    const svg = renderErrorSvg({ ...SYNTAX, source: line, line: 1, column: 301 });
    const { code, caret } = excerpt(svg);
    expect(code.length).toBeLessThanOrEqual(80);
    expect(code.slice(caret, caret + 4).join('')).toBe('tahn');
    expect(code.at(4)).toBe('…');
    expect(code.at(-1)).toBe('…');
    // Near the end of the line the window stops at the end.
    const end = excerpt(renderErrorSvg({ ...SYNTAX, source: line, line: 1, column: line.length + 1 }));
    expect(end.code.length).toBeLessThanOrEqual(80);
    expect(end.code.at(-1)).toBe('c');
    expect(end.caret).toBe(end.code.length);
  });

  test('counts columns in code units and draws astral characters as one cell', () => {
    const { code, caret } = excerpt(renderErrorSvg({ ...SYNTAX, source: 'x = "🚀" + tahn(1)', line: 1, column: 12 }));
    expect(code[caret]).toBe('t');
  });

  test('shows the line without a caret when there is no column, and no excerpt for a line out of range', () => {
    const noColumn = svgTexts(renderErrorSvg({ ...SYNTAX, column: undefined }));
    expect(noColumn).toContain('2 | b = a + tahn(a)');
    expect(noColumn.some((t) => t.includes('^'))).toBe(false);
    for (const line of [0, 99, 1.5]) {
      expect(svgTexts(renderErrorSvg({ ...SYNTAX, line }))).toHaveLength(2);
    }
    expect(svgTexts(renderErrorSvg({ status: 413, title: 'Too large', detail: 'no source' }))).toEqual(['413 Too large', 'no source']);
    const long = svgTexts(renderErrorSvg({ ...SYNTAX, source: 'y'.repeat(500), line: 1, column: undefined }));
    expect(long[2]).toBe(`1 | ${'y'.repeat(75)}…`);
  });

  test('wraps a long message at 80 cells without losing words', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`);
    const texts = svgTexts(renderErrorSvg({ status: 422, title: 'Evaluation error', detail: words.join(' ') }));
    const message = texts.slice(1);
    expect(message.length).toBeGreaterThan(2);
    for (const line of message) expect(cells(line)).toBeLessThanOrEqual(80);
    expect(message.join(' ')).toBe(words.join(' '));
  });

  test.each([
    '<script>alert(1)</script>',
    '"><a href="javascript:alert(1)">click</a>',
    "' onload='alert(1)",
    ']]><!-- <?xml-stylesheet href="x"?> &amp; &lt;',
    '<svg onload=alert(1)><foreignObject><iframe src=x>',
    'a\u0000b\u0001c\u001bd\u007fe\u0085f',
    'lone \ud800 surrogate \udfff',
    'bidi \u202eevil\u202c and \u2066isolate\u2069 \u2028sep',
    '\ufeffbom \uffff \ufffe',
  ])('keeps %j as text, never markup', (naughty) => {
    const picture = { status: 400, title: naughty, detail: naughty, source: naughty, line: 1, column: 3 };
    const svg = renderErrorSvg(picture);
    expect(svgProblems(svg)).toEqual([]);
    expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\ufeff\uffff\ufffe]/.test(svg)).toBe(false);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(svg)).toBe(false);
    const tags = svg.match(/<[a-zA-Z][^>]*>/g)?.map((tag) => /^<(\w+)/.exec(tag)?.[1]);
    expect(new Set(tags)).toEqual(new Set(['svg', 'title', 'rect', 'text']));
    // What a reader sees is the text itself, each unshowable character as one U+FFFD.
    const unshowable = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\ufeff\uffff\ufffe\ud800-\udfff]/g;
    expect(svgTexts(svg)[1]).toBe(naughty.replace(unshowable, '\ufffd'));
  });

  test('stays small whatever it is given', () => {
    const huge = 'x'.repeat(1 << 20);
    const svg = renderErrorSvg({
      status: 400,
      title: huge,
      detail: `${'word '.repeat(100_000)}\n`.repeat(3),
      source: `${huge}\n`.repeat(3),
      line: 2,
      column: 500_000,
    });
    expect(svgProblems(svg)).toEqual([]);
    expect(svg.length).toBeLessThan(4000);
    const texts = svgTexts(svg);
    expect(texts.length).toBeLessThanOrEqual(1 + 8 + 2);
    for (const line of texts) expect(cells(line)).toBeLessThanOrEqual(80);
    expect(texts[0]?.endsWith('…')).toBe(true);
    expect(texts[8]?.endsWith('…')).toBe(true);
    const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    expect(Number(width)).toBeLessThan(800);
    expect(Number(height)).toBeLessThan(400);
  });

  test('draws readable text in a PNG', () => {
    const dark = (picture: ErrorPicture) => {
      const { rgba } = decodePng(renderPng(renderErrorSvg(picture), { scale: 1 }));
      let count = 0;
      for (let i = 0; i < rgba.length; i += 4) if ((rgba[i] as number) < 80 && (rgba[i + 2] as number) < 80) count++;
      return count;
    };
    const blank = dark({ status: 400, title: '', detail: '' });
    expect(dark({ ...SYNTAX, source: undefined })).toBeGreaterThan(blank + 300);
  });
});
