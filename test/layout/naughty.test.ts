import { describe, expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';
import { DEFAULT_DOT_OPTIONS, THEMES } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { renderLayeredSvg } from '../../src/layout/index.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';

// The labels the Graphviz path is tested with: markup, DOT and record syntax, entities, characters
// XML forbids, bidi controls, other scripts, a very long label.
const NAUGHTY: string[] = [
  '"', '<', '>', '{', '}', '|', '\\', '&', "'",
  'a\nb', 'line one\nline two\n',
  'javascript:alert(1)', '<script>alert(1)</script>', '</text><script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>', '" onload="alert(1)', "' onmouseover='alert(1)",
  '"] ; n9 [URL="javascript:alert(1)" label="', '}"]; n9 [label="x', '{ x | <p> y }',
  '<?xml-stylesheet href="evil.css"?>', ']]>', '<![CDATA[x]]>', '--', '<!-- x -->',
  '&#1;', '&#x1b;', '&lt;b&gt;', '&nbsp;', '&amp;', '&foo;',
  'ends\\', '\\N \\G \\L \\E', '\\"',
  '\u0001\u001b[31mred\u007f', 'a\u0000b', '\u0000', '\t\r\n',
  '\uD800lone', 'lone\uDC00', '\uFFFE\uFFFF',
  '😀🎉 emoji', 'مرحبا עברית', '\u202Eevil', 'a\u2067b\u2069c', 'Ω≈ç√∫ 田中さん',
  "Robert'); DROP TABLE students;--",
  'x'.repeat(10_000),
];

/** What a reader should see: forbidden characters and bidi controls as U+FFFD, one text per line. */
function expectedLines(label: string): string[] {
  const shown = label.replace(
    /[\u0000-\u0009\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  return shown.split('\n').filter((line) => line !== '');
}

function draw(label: string, theme = DEFAULT_DOT_OPTIONS.theme): string {
  const x = new Value(1.5, label);
  const y = x.mul(2);
  y.label = label;
  y.backward();
  // The label is shown in two records and, as a cluster title, once more.
  return renderLayeredSvg(traceGraph(y), { ...DEFAULT_DOT_OPTIONS, theme }, () => ({ cluster: [label], role: 'parameter' }));
}

describe('user labels in the layered SVG', () => {
  test.each(NAUGHTY.map((label) => [JSON.stringify(label).slice(0, 60), label]))('%s stays text', (_name, label) => {
    const svg = draw(label);
    expect(svgProblems(svg)).toEqual([]);
    const titles = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(titles.sort()).toEqual(
      ['cluster_0', 'n0', 'n1', 'n2', 'n2_op', 'n0&#45;&gt;n2_op', 'n1&#45;&gt;n2_op', 'n2_op&#45;&gt;n2'].sort(),
    );
    expect(svg.match(/class="node"/g)).toHaveLength(4);
    expect(svg.match(/class="edge"/g)).toHaveLength(3);
    const texts = svgTexts(svg);
    for (const line of expectedLines(label)) {
      expect(texts.filter((text) => text === line).length).toBeGreaterThanOrEqual(3);
    }
    expect(texts).toContain('data 1.5000');
    expect(texts).toContain('data 3.0000');
  });

  test.each(THEMES)('a label full of markup stays text in the %s theme', (theme) => {
    expect(svgProblems(draw('</text><script>alert(1)</script>\u0001', theme))).toEqual([]);
  });

  test('an op name is escaped like a label', () => {
    const x = new Value(2, 'x');
    const y = x.pow(2, '<**>&"');
    y.backward();
    const svg = renderLayeredSvg(traceGraph(y), DEFAULT_DOT_OPTIONS);
    expect(svgProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).toContain('<**>&"');
  });
});
