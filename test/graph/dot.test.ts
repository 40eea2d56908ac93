import { describe, expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';
import { GradvizError } from '../../src/errors.js';
import { DEFAULT_DOT_OPTIONS, LARGE_GRAPH_VALUES, toDot, type DotOptions } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { chainOf, lectureExpression } from './helpers.js';

// Checked by eye against the lecture: a 2 (grad 6), b -3 (-4), e = a*b -6 (-2), c 10 (-2),
// d = e+c 4 (-2), f -2 (4), L = d*f -8 (1); op nodes for e, d and L; edges input -> op -> value.
const LECTURE_DOT = `digraph {
  graph [rankdir="LR" bgcolor="#ffffff"]
  node [color="#000000" fontcolor="#000000"]
  edge [color="#000000" fontcolor="#000000"]
  n0 [label="{ a | data 2.0000 | grad 6.0000 }" shape="record"]
  n1 [label="{ b | data -3.0000 | grad -4.0000 }" shape="record"]
  n2 [label="{ e | data -6.0000 | grad -2.0000 }" shape="record"]
  n2_op [label="*"]
  n2_op -> n2
  n3 [label="{ c | data 10.0000 | grad -2.0000 }" shape="record"]
  n4 [label="{ d | data 4.0000 | grad -2.0000 }" shape="record"]
  n4_op [label="+"]
  n4_op -> n4
  n5 [label="{ f | data -2.0000 | grad 4.0000 }" shape="record"]
  n6 [label="{ L | data -8.0000 | grad 1.0000 }" shape="record"]
  n6_op [label="*"]
  n6_op -> n6
  n0 -> n2_op
  n1 -> n2_op
  n2 -> n4_op
  n3 -> n4_op
  n4 -> n6_op
  n5 -> n6_op
}
`;

function lectureDot(options: Partial<DotOptions> = {}): string {
  return toDot(traceGraph(lectureExpression().L), { ...DEFAULT_DOT_OPTIONS, ...options });
}

function recordLabels(dot: string): string[] {
  return [...dot.matchAll(/label="(\{[^"]*\})" shape="record"/g)].map((m) => m[1] as string);
}

function edges(dot: string): string[] {
  return [...dot.matchAll(/^\s*(\w+ -> \w+)$/gm)].map((m) => m[1] as string);
}

describe('toDot', () => {
  test('draws the lecture expression as draw_dot does', () => {
    const dot = lectureDot();
    expect(dot).toBe(LECTURE_DOT);
    expect(recordLabels(dot)).toEqual([
      '{ a | data 2.0000 | grad 6.0000 }',
      '{ b | data -3.0000 | grad -4.0000 }',
      '{ e | data -6.0000 | grad -2.0000 }',
      '{ c | data 10.0000 | grad -2.0000 }',
      '{ d | data 4.0000 | grad -2.0000 }',
      '{ f | data -2.0000 | grad 4.0000 }',
      '{ L | data -8.0000 | grad 1.0000 }',
    ]);
    expect([...dot.matchAll(/(\w+_op) \[label="([^"]*)"\]/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'n2_op *',
      'n4_op +',
      'n6_op *',
    ]);
    expect(edges(dot).sort()).toEqual(
      [
        'n0 -> n2_op', 'n1 -> n2_op', 'n2_op -> n2',
        'n2 -> n4_op', 'n3 -> n4_op', 'n4_op -> n4',
        'n4 -> n6_op', 'n5 -> n6_op', 'n6_op -> n6',
      ].sort(),
    );
  });

  test('is byte-stable: the same graph, built twice or drawn twice, gives the same bytes', () => {
    const graph = traceGraph(lectureExpression().L);
    expect(toDot(graph, DEFAULT_DOT_OPTIONS)).toBe(toDot(graph, DEFAULT_DOT_OPTIONS));
    expect(lectureDot()).toBe(lectureDot());
  });

  test('draws one edge per input occurrence: a*a has two', () => {
    const a = new Value(3, 'a');
    const b = a.mul(a);
    b.backward();
    expect(edges(toDot(traceGraph(b), DEFAULT_DOT_OPTIONS))).toEqual(['n1_op -> n1', 'n0 -> n1_op', 'n0 -> n1_op']);
  });

  test('follows rankdir, precision and grad', () => {
    expect(lectureDot({ rankdir: 'TB' })).toContain('graph [rankdir="TB"');
    expect(recordLabels(lectureDot({ precision: 1 }))[0]).toBe('{ a | data 2.0 | grad 6.0 }');
    expect(recordLabels(lectureDot({ precision: 0 }))[6]).toBe('{ L | data -8 | grad 1 }');
    const forward = lectureDot({ grad: false });
    expect(recordLabels(forward)[6]).toBe('{ L | data -8.0000 }');
    expect(forward).not.toContain('grad');
  });

  test('formats numbers as Python does, ties and negative zero included', () => {
    const x = new Value(0.03125, 'x');
    const y = x.mul(-0);
    y.label = 'y';
    y.backward();
    const dot = toDot(traceGraph(y), DEFAULT_DOT_OPTIONS);
    expect(recordLabels(dot)).toEqual([
      '{ x | data 0.0312 | grad 0.0000 }',
      '{  | data -0.0000 | grad 0.0312 }',
      '{ y | data -0.0000 | grad 1.0000 }',
    ]);
  });

  test('escapes labels so they cannot add fields, ports or DOT statements', () => {
    const x = new Value(1, 'a|b} <p> "q" \\');
    const dot = toDot(traceGraph(x), DEFAULT_DOT_OPTIONS);
    expect(dot).toContain('n0 [label="{ a\\|b\\} \\<p\\> \\"q\\" \\\\ | data 1.0000 | grad 0.0000 }" shape="record"]');
  });

  test('groups values into nested, titled clusters and colours roles apart', () => {
    const { L, a, b, c, f } = lectureExpression();
    const decorate = (value: Value) => {
      if (value === a) return { cluster: ['layer 1', 'neuron "1"'], role: 'parameter' as const };
      if (value === b) return { cluster: ['layer 1', 'neuron "1"'], role: 'parameter' as const };
      if (value === c) return { cluster: ['layer 1'], role: 'input' as const };
      if (value === f) return { role: 'target' as const };
      if (value === L) return { role: 'loss' as const };
      return undefined;
    };
    const dot = toDot(traceGraph(L), DEFAULT_DOT_OPTIONS, decorate);
    const fill = (id: string) => new RegExp(`^\\s*${id} \\[.*fillcolor="(#[0-9a-f]{6})"`, 'm').exec(dot)?.[1];
    expect(dot).toContain(
      [
        '  subgraph cluster_0 {',
        '    graph [label="layer 1" style="rounded" color="#999999" fontcolor="#444444"]',
        '    subgraph cluster_1 {',
        '      graph [label="neuron \\"1\\"" style="rounded" color="#999999" fontcolor="#444444"]',
        '      n0 [label="{ a | data 2.0000 | grad 6.0000 }" shape="record" style="filled" fillcolor="#cfe2f3"]',
        '      n1 [label="{ b | data -3.0000 | grad -4.0000 }" shape="record" style="filled" fillcolor="#cfe2f3"]',
        '    }',
        '    n3 [label="{ c | data 10.0000 | grad -2.0000 }" shape="record" style="filled" fillcolor="#d9ead3"]',
        '  }',
      ].join('\n'),
    );
    const fills = ['n0', 'n3', 'n5', 'n6'].map(fill);
    expect(new Set(fills).size).toBe(4);
    expect(fill('n2')).toBeUndefined();
    // Same values, same clusters, same bytes.
    expect(toDot(traceGraph(L), DEFAULT_DOT_OPTIONS, decorate)).toBe(dot);
  });

  test('gives each theme its background, and the dark theme its own role fills', () => {
    const { L } = lectureExpression();
    const loss = () => ({ role: 'loss' as const });
    const light = toDot(traceGraph(L), DEFAULT_DOT_OPTIONS, loss);
    const dark = toDot(traceGraph(L), { ...DEFAULT_DOT_OPTIONS, theme: 'dark' }, loss);
    const transparent = toDot(traceGraph(L), { ...DEFAULT_DOT_OPTIONS, theme: 'transparent' }, loss);
    expect(light).toContain('bgcolor="#ffffff"');
    expect(dark).toContain('bgcolor="#1e1e1e"');
    expect(transparent).toContain('bgcolor="transparent"');
    const lossFill = (dot: string) => /n6 \[.*fillcolor="([^"]+)"/.exec(dot)?.[1];
    expect(lossFill(dark)).not.toBe(lossFill(light));
    expect(dark).toMatch(/node \[color="#c8c8c8" fontcolor="#e8e8e8"\]/);
  });

  test('asks dot for cheaper layout passes only on large graphs', () => {
    const limits = 'nslimit="0.2" nslimit1="0.2" mclimit="0.1"';
    expect(toDot(traceGraph(chainOf(LARGE_GRAPH_VALUES)), DEFAULT_DOT_OPTIONS)).not.toContain(limits);
    expect(toDot(traceGraph(chainOf(LARGE_GRAPH_VALUES + 1)), DEFAULT_DOT_OPTIONS)).toContain(limits);
  });

  test('rejects options outside the contract with an invalid-request error', () => {
    const graph = traceGraph(lectureExpression().L);
    const bad: Partial<Record<keyof DotOptions, unknown>>[] = [
      { precision: 11 },
      { precision: -1 },
      { precision: 1.5 },
      { rankdir: 'RL' },
      { theme: 'neon' },
      { grad: 'yes' },
    ];
    for (const options of bad) {
      const call = () => toDot(graph, { ...DEFAULT_DOT_OPTIONS, ...options } as DotOptions);
      expect(call).toThrow(GradvizError);
      try {
        call();
      } catch (error) {
        expect((error as GradvizError).kind).toBe('invalid-request');
      }
    }
  });

  test('defaults to the lecture picture', () => {
    expect(DEFAULT_DOT_OPTIONS).toEqual({ rankdir: 'LR', precision: 4, grad: true, theme: 'light' });
  });
});
