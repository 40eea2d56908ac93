import { describe, expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';
import { DEFAULT_DOT_OPTIONS, THEMES } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { renderLayeredSvg } from '../../src/layout/index.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';
import { NAUGHTY_LABELS, shownLabel } from '../helpers/naughty-labels.js';


/** What a reader should see: forbidden characters and bidi controls as U+FFFD, one text per line. */
function expectedLines(label: string): string[] {
  const shown = shownLabel(label);
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
  test.each(NAUGHTY_LABELS.map((label) => [JSON.stringify(label).slice(0, 60), label]))('%s stays text', (_name, label) => {
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
