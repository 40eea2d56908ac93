import type { GraphNode } from '../graph/trace.js';
import { opKind } from './graph-ops.js';
import { opStatement, type UnaryName } from './op-statement.js';
import { pythonFloat, pythonString, variableNames } from './python-literals.js';

const TORCH_FUNCTION: Record<UnaryName, string> = { tanh: 'torch.tanh', relu: 'torch.relu', exp: 'torch.exp', log: 'torch.log', sigmoid: 'torch.sigmoid' };

/**
 * A traced expression as a PyTorch script: every leaf a float64 tensor with `requires_grad`, every op
 * one line in gradviz's order (intermediate values keep their grad with `retain_grad()`), then
 * `backward()` on the root and one line per value: its id, label, data and grad. Running it prints
 * what PyTorch computes for the same expression, to set beside gradviz's answer.
 */
export function expressionToPytorch(nodes: readonly GraphNode[]): string {
  const names = variableNames(
    nodes.map((n) => n.id),
    nodes.map((n) => n.label),
  );
  const nameOf = new Map(nodes.map((n, i) => [n.id, names[i] as string]));
  const operands = (node: GraphNode): string[] => node.inputs.map((id) => nameOf.get(id) as string);
  const lines = [
    '"""An expression from gradviz, computed by PyTorch in float64: prints id, label, data and grad of every value."""',
    'import torch',
    '',
  ];
  nodes.forEach((node, i) => {
    const name = names[i] as string;
    const op = opKind(node);
    if (op.kind === 'leaf') {
      lines.push(`${name} = torch.tensor(${pythonFloat(node.data)}, dtype=torch.float64, requires_grad=True)`);
      return;
    }
    lines.push(opStatement(name, op, operands(node), (fn, argument) => `${TORCH_FUNCTION[fn]}(${argument})`));
    lines.push(`${name}.retain_grad()`);
  });
  const root = names[names.length - 1] as string;
  lines.push('', `${root}.backward()`, '', 'for id_, label, value in [');
  nodes.forEach((node, i) => lines.push(`    (${pythonString(node.id)}, ${pythonString(node.label)}, ${names[i]}),`));
  lines.push(']:', '    print(id_, ascii(label), repr(value.item()), repr(value.grad.item()))', '');
  return lines.join('\n');
}
