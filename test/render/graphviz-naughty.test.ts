import { describe, expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';
import { DEFAULT_DOT_OPTIONS, toDot } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { renderSvg } from '../../src/render/graphviz.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';
import { NAUGHTY_LABELS, shownLabel } from '../helpers/naughty-labels.js';


/**
 * What a reader should see: XML-forbidden characters and bidi controls (which could reorder the
 * text) as U+FFFD, one text line per label line.
 */
function expectedLines(label: string): string[] {
  const shown = shownLabel(label);
  return shown.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

async function draw(label: string): Promise<string> {
  const x = new Value(1.5, label);
  const y = x.mul(2);
  y.label = label;
  y.backward();
  // The label goes into two record fields and, as a cluster title, into a plain label.
  return renderSvg(toDot(traceGraph(y), DEFAULT_DOT_OPTIONS, () => ({ cluster: [label], role: 'parameter' })));
}

describe('user labels in the SVG', () => {
  test.each(NAUGHTY_LABELS.map((label) => [JSON.stringify(label).slice(0, 60), label]))(
    '%s stays text',
    async (_name, label) => {
      const svg = await draw(label);
      expect(svgProblems(svg)).toEqual([]);

      // Exactly the nodes and edges the graph has: nothing injected, no node lost.
      const titles = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
      expect(titles.sort()).toEqual(
        ['cluster_0', 'n0', 'n1', 'n2', 'n2_op', 'n0&#45;&gt;n2_op', 'n1&#45;&gt;n2_op', 'n2_op&#45;&gt;n2'].sort(),
      );
      expect(svg.match(/class="node"/g)).toHaveLength(4);
      expect(svg.match(/class="edge"/g)).toHaveLength(3);

      // The label itself is shown (twice in records, once as the cluster title), not the node id.
      const texts = svgTexts(svg).map((text) => text.trim());
      for (const line of expectedLines(label)) {
        expect(texts.filter((text) => text === line).length).toBeGreaterThanOrEqual(3);
      }
      for (const id of ['n0', 'n1', 'n2']) expect(texts).not.toContain(id);
      expect(texts).toContain('data 1.5000');
      expect(texts).toContain('data 3.0000');
      expect(texts).toContain('data 2.0000');
    },
  );

  test('a label cannot add DOT statements or attributes', async () => {
    const svg = await draw('"] ; n9 [URL="javascript:alert(1)" label="');
    expect(svg).not.toContain('<title>n9</title>');
    expect(svg).not.toMatch(/<a\b/);
  });
});
