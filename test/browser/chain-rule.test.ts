import { describe, expect, it } from 'vitest';
import { chainRuleEdges } from '../../src/chain-rule/edges.js';
import { Value } from '../../src/engine/index.js';
import { traceGraph } from '../../src/graph/trace.js';
import { ChainRule, whyNoEdges } from '../../web/src/chain-rule.js';
import { lectureExpression } from '../graph/helpers.js';

// The playground writes out the chain-rule step behind every gradient from the answer's nodes and
// edges, as the service lists them. The engine's backward pass is the reference: the terms the page
// shows for a value must add up to the gradient the engine computed, for every op and for values
// used more than once.

function explain(root: Value): { chain: ChainRule; ids: Map<Value, string> } {
  root.backward();
  const graph = traceGraph(root);
  return { chain: new ChainRule(graph.nodes, chainRuleEdges(graph.order, graph.ids)), ids: graph.ids };
}

function expectTermsToSumToGrad(root: Value): void {
  const { chain } = explain(root);
  for (const node of chain.nodes) {
    const explanation = chain.gradient(node.id);
    if (explanation === undefined) throw new Error(`no explanation for ${node.id}`);
    if (node === chain.root) {
      expect(explanation.seed).toBe(true);
      expect(node.grad).toBe(1);
      continue;
    }
    const sum = explanation.contributions.reduce((total, term) => total + term.value, 0);
    expect(sum, `terms of grad(${node.label || node.id})`).toBeCloseTo(node.grad, 12);
  }
}

describe('ChainRule', () => {
  const ops: [string, () => Value][] = [
    ['+', () => new Value(0.7, 'x').add(new Value(-1.3, 'y'))],
    ['*', () => new Value(0.7, 'x').mul(new Value(-1.3, 'y'))],
    ['**2', () => new Value(0.7, 'x').pow(2)],
    ['**-1', () => new Value(0.7, 'x').pow(-1)],
    ['**0.5', () => new Value(2.5, 'x').pow(0.5)],
    ['** with a Value exponent', () => new Value(2.5, 'x').pow(new Value(-1.3, 'y'))],
    ['tanh', () => new Value(0.7, 'x').tanh()],
    ['ReLU (on)', () => new Value(0.7, 'x').relu()],
    ['ReLU (off)', () => new Value(-0.7, 'x').relu()],
    ['exp', () => new Value(0.7, 'x').exp()],
    ['log', () => new Value(2.5, 'x').log()],
    ['sigmoid', () => new Value(0.7, 'x').sigmoid()],
  ];
  for (const [op, build] of ops) {
    it(`explains ${op} with terms that add up to the engine's gradient`, () => {
      // Feed the op's output into a product so its gradient is not just 1.
      expectTermsToSumToGrad(build().mul(new Value(-2.0, 'k')).tanh());
    });
  }

  it("adds a term per use: micrograd's README expression", () => {
    const a = new Value(-4.0, 'a');
    const b = new Value(2.0, 'b');
    let c = a.add(b);
    let d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1));
    c = c.add(new Value(1).add(c).add(a.neg()));
    d = d.add(d.mul(2).add(b.add(a).relu()));
    d = d.add(d.rmul(3).add(b.sub(a).relu()));
    const e = c.sub(d);
    const f = e.pow(2);
    let g = f.div(2.0);
    g = g.add(f.rdiv(10.0));
    expectTermsToSumToGrad(g);
    expect(a.grad).toBeCloseTo(138.83381924198252, 10);
  });

  it('keeps both edges of a*a', () => {
    const a = new Value(3.0, 'a');
    const { chain, ids } = explain(a.mul(a));
    const terms = chain.gradient(ids.get(a) ?? '')?.contributions ?? [];
    expect(terms.map((t) => t.formula)).toEqual(['grad(a) += a.data * grad(n1)', 'grad(a) += a.data * grad(n1)']);
    expect(terms.map((t) => t.value)).toEqual([3, 3]);
  });

  it("writes the lecture's steps as the lecture does", () => {
    const { L, a, c, e } = lectureExpression();
    const { chain, ids } = explain(L);
    const [term] = chain.gradient(ids.get(a) ?? '')?.contributions ?? [];
    expect(`${term?.formula} = ${term?.numbers}`).toBe('grad(a) += b.data * grad(e) = -3.0000 * -2.0000');
    const [sum] = chain.gradient(ids.get(c) ?? '')?.contributions ?? [];
    expect(`${sum?.formula} = ${sum?.numbers}`).toBe('grad(c) += 1 * grad(d) = 1.0000 * -2.0000');
    expect(chain.gradient(ids.get(L) ?? '')?.seed).toBe(true);
    expect(chain.forward(ids.get(e) ?? '')).toBe('e = a * b = 2.0000 * -3.0000 = -6.0000');
    expect(chain.forward(ids.get(a) ?? '')).toBe('a = 2.0000 (a leaf: given, not computed)');
  });

  it('shows the neuron through its tanh', () => {
    const n = new Value(0.8813735870195432, 'n');
    const o = n.tanh();
    o.label = 'o';
    const { chain, ids } = explain(o);
    const [term] = chain.gradient(ids.get(n) ?? '')?.contributions ?? [];
    expect(`${term?.formula} = ${term?.numbers}`).toBe('grad(n) += (1 - o.data**2) * grad(o) = (1 - 0.7071**2) * 1.0000 = 0.5000 * 1.0000');
    expect(term?.value).toBeCloseTo(0.5, 12);
    expect(chain.forward(ids.get(o) ?? '')).toBe('o = tanh(n) = tanh(0.8814) = 0.7071');
  });

  it("writes each op's rule from the formula the answer gives, in the values' names", () => {
    const x = (data: number) => new Value(data, 'x');
    const cases: [Value, string[]][] = [
      [x(0.7).mul(new Value(-1.3, 'y')), ['grad(x) += y.data * grad(n2) = -1.3000 * 1.0000', 'grad(y) += x.data * grad(n2) = 0.7000 * 1.0000']],
      [x(-0.5).pow(2), ['grad(x) += 2 * x.data**1 * grad(n1) = 2 * (-0.5000)**1 * 1.0000 = -1.0000 * 1.0000']],
      [x(0.7).relu(), ['grad(x) += (1 if n1.data > 0 else 0) * grad(n1) = (1 if 0.7000 > 0 else 0) * 1.0000 = 1.0000 * 1.0000']],
      [x(2).log(), ['grad(x) += (1 / x.data) * grad(n1) = (1 / 2.0000) * 1.0000 = 0.5000 * 1.0000']],
      [x(0).sigmoid(), ['grad(x) += n1.data * (1 - n1.data) * grad(n1) = 0.5000 * (1 - 0.5000) * 1.0000 = 0.2500 * 1.0000']],
      [
        x(2).pow(new Value(3, 'y')),
        [
          'grad(x) += y.data * x.data**(y.data - 1) * grad(n2) = 3.0000 * 2.0000**(3.0000 - 1) * 1.0000 = 12.0000 * 1.0000',
          'grad(y) += n2.data * ln(x.data) * grad(n2) = 8.0000 * ln(2.0000) * 1.0000 = 5.5452 * 1.0000',
        ],
      ],
    ];
    for (const [root, lines] of cases) {
      const { chain } = explain(root);
      const written = chain.nodes
        .filter((node) => node.op === '')
        .flatMap((node) => chain.gradient(node.id)?.contributions ?? [])
        .map((term) => `${term.formula} = ${term.numbers}`);
      expect(written).toEqual(lines);
    }
  });

  it("shows the answer's numbers, not numbers of its own", () => {
    const { L, a } = lectureExpression();
    L.backward();
    const graph = traceGraph(L);
    const edges = chainRuleEdges(graph.order, graph.ids).map((edge) =>
      edge.from === graph.ids.get(a) ? { ...edge, local: 7, contribution: 42 } : edge,
    );
    const [term] = new ChainRule(graph.nodes, edges).gradient(graph.ids.get(a) ?? '')?.contributions ?? [];
    expect(`${term?.formula} = ${term?.numbers}`).toBe('grad(a) += b.data * grad(e) = 7.0000 * -2.0000');
    expect(term?.value).toBe(42);
  });

  it('says why when the answer has no edges, and still explains the root and the forward pass', () => {
    const { L, a, e } = lectureExpression();
    L.backward();
    const graph = traceGraph(L);
    const why = whyNoEdges([{ detail: 'the list of chain-rule edges would be 900 bytes, more than 800; the answer has no edges' }]);
    const chain = new ChainRule(graph.nodes, undefined, { missing: why });
    expect(chain.gradient(graph.ids.get(a) ?? '')).toEqual({ seed: false, contributions: [], total: 6, missing: why });
    expect(chain.gradient(graph.ids.get(L) ?? '')?.seed).toBe(true);
    expect(chain.forward(graph.ids.get(e) ?? '')).toBe('e = a * b = 2.0000 * -3.0000 = -6.0000');
    expect(why).toContain('900 bytes');
    expect(whyNoEdges(undefined)).toBe('the answer lists no chain-rule edges');
  });
});
