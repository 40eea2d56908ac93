import { describe, expect, test } from 'vitest';
import { topologicalOrder, Value } from '../../src/engine/index.js';
import { traceGraph } from '../../src/graph/trace.js';
import { lectureExpression } from './helpers.js';

describe('traceGraph', () => {
  test('names values n0, n1, ... in topological order with their data, grad, op and inputs', () => {
    const { L, a, b, e } = lectureExpression();
    const graph = traceGraph(L);
    expect(graph.order).toEqual(topologicalOrder(L));
    expect(graph.nodes.map((n) => [n.id, n.label, n.op, n.data, n.grad, n.inputs])).toEqual([
      ['n0', 'a', '', 2, 6, []],
      ['n1', 'b', '', -3, -4, []],
      ['n2', 'e', '*', -6, -2, ['n0', 'n1']],
      ['n3', 'c', '', 10, -2, []],
      ['n4', 'd', '+', 4, -2, ['n2', 'n3']],
      ['n5', 'f', '', -2, 4, []],
      ['n6', 'L', '*', -8, 1, ['n4', 'n5']],
    ]);
    expect(graph.root).toBe(graph.nodes[6]);
    expect(graph.ids.get(a)).toBe('n0');
    expect(graph.ids.get(b)).toBe('n1');
    expect(graph.ids.get(e)).toBe('n2');
    expect(graph.ids.size).toBe(7);
  });

  test('keeps duplicate inputs: a*a lists a twice', () => {
    const a = new Value(3, 'a');
    const b = a.mul(a);
    b.backward();
    const graph = traceGraph(b);
    expect(graph.nodes).toHaveLength(2);
    expect(graph.root).toEqual({ id: 'n1', label: '', op: '*', data: 9, grad: 1, inputs: ['n0', 'n0'] });
    expect(graph.nodes[0]?.grad).toBe(6);
  });

  test('a lone leaf is its own root', () => {
    const graph = traceGraph(new Value(1.5, 'x'));
    expect(graph.nodes).toEqual([{ id: 'n0', label: 'x', op: '', data: 1.5, grad: 0, inputs: [] }]);
    expect(graph.root.id).toBe('n0');
  });

  test('the same program traced twice gives the same nodes', () => {
    expect(traceGraph(lectureExpression().L).nodes).toEqual(traceGraph(lectureExpression().L).nodes);
  });
});
