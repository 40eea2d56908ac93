import { describe, expect, it } from 'vitest';
import { Value } from '../../src/engine/index.js';
import { traceGraph } from '../../src/graph/trace.js';
import { ChainRule } from '../../web/src/chain-rule.js';
import { lectureExpression } from '../graph/helpers.js';

// The playground writes out the chain-rule step behind every gradient from the JSON nodes alone.
// The engine's backward pass is the reference: the terms the page shows for a value must add up
// to the gradient the engine computed, for every op and for values used more than once.

function explain(root: Value): { chain: ChainRule; ids: Map<Value, string> } {
  root.backward();
  const graph = traceGraph(root);
  return { chain: new ChainRule(graph.nodes), ids: graph.ids };
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
    expect(chain.gradient(ids.get(c) ?? '')?.contributions.map((t) => t.formula)).toEqual(['grad(c) += grad(d)']);
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
    expect(`${term?.formula} = ${term?.numbers}`).toBe('grad(n) += (1 - o.data**2) * grad(o) = (1 - 0.7071**2) * 1.0000');
    expect(term?.value).toBeCloseTo(0.5, 12);
    expect(chain.forward(ids.get(o) ?? '')).toBe('o = tanh(n) = tanh(0.8814) = 0.7071');
  });
});
