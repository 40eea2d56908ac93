import type { GraphNode } from '../graph/trace.js';
import { opKind } from './graph-ops.js';
import { opStatement } from './op-statement.js';
import { MICROGRAD_VALUE_CLASS } from './micrograd-value.js';
import { pythonFloat, pythonString, variableNames } from './python-literals.js';

/**
 * A traced expression as a standalone micrograd file: the lecture's Value class, then the graph
 * built op by op in gradviz's order with its labels, `backward()` on the root, and one line per
 * value (id, label, data, grad). Runs with nothing but Python.
 */
export function expressionToMicrograd(nodes: readonly GraphNode[]): string {
  const names = variableNames(
    nodes.map((n) => n.id),
    nodes.map((n) => n.label),
  );
  const nameOf = new Map(nodes.map((n, i) => [n.id, names[i] as string]));
  const operands = (node: GraphNode): string[] => node.inputs.map((id) => nameOf.get(id) as string);
  const lines = ['"""An expression from gradviz, in micrograd: prints id, label, data and grad of every value."""', MICROGRAD_VALUE_CLASS, ''];
  nodes.forEach((node, i) => {
    const name = names[i] as string;
    const op = opKind(node);
    if (op.kind === 'leaf') {
      lines.push(`${name} = Value(${pythonFloat(node.data)}, label=${pythonString(node.label)})`);
      return;
    }
    lines.push(opStatement(name, op, operands(node), (fn, argument) => `${argument}.${fn}()`));
    if (node.label !== '') lines.push(`${name}.label = ${pythonString(node.label)}`);
  });
  const root = names[names.length - 1] as string;
  lines.push('', `${root}.backward()`, '', 'for id_, value in [');
  nodes.forEach((node, i) => lines.push(`    (${pythonString(node.id)}, ${names[i]}),`));
  lines.push(']:', '    print(id_, ascii(value.label), repr(value.data), repr(value.grad))', '');
  return lines.join('\n');
}
