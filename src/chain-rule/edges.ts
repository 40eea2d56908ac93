import type { Value } from '../engine/index.js';

/** One step of the chain rule: how much of `to`'s gradient flows into `from`. */
export interface ChainRuleEdge {
  /** The input's id. */
  from: string;
  /** The id of the value made from it. */
  to: string;
  /** Which operand `from` is: 0 for x, 1 for y (`a*a` has an edge for each). */
  operand: number;
  /** d to / d from as the op's rule writes it, in terms of `x`, `y` and `out`. */
  formula: string;
  /** Its value. */
  local: number;
  /** `local * to.grad`: this edge's share of `from.grad`. */
  contribution: number;
}

/**
 * Every edge of the graph with its local derivative and contribution, in the order backward applies
 * them (the root's edges first). Summing each value's contributions in this order gives its grad
 * (bar the last bit for log, whose backward divides instead of multiplying by 1/x).
 */
export function chainRuleEdges(order: readonly Value[], ids: ReadonlyMap<Value, string>): ChainRuleEdge[] {
  const edges: ChainRuleEdge[] = [];
  for (let i = order.length - 1; i >= 0; i--) {
    const out = order[i] as Value;
    const { rule } = out;
    if (rule === undefined) continue;
    out.inputs.forEach((input, operand) => {
      const local = rule.local(out, out.x as Value, out.y as Value, operand);
      edges.push({
        from: ids.get(input) ?? '',
        to: ids.get(out) ?? '',
        operand,
        formula: rule.formulas[operand] ?? '',
        local,
        contribution: local * out.grad,
      });
    });
  }
  return edges;
}
