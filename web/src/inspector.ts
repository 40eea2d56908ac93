// What the page says about one value: its label, op, data and grad, how the forward pass computed
// it and the chain-rule terms the backward pass added into its gradient.

import { nameOf, type ChainRule } from './chain-rule.js';

export interface DescribeOptions {
  format: (x: number) => string;
  /** Show the forward computation only (a forward step has no gradients yet). */
  forwardOnly?: boolean;
}

export function describeNode(chain: ChainRule, id: string, options: DescribeOptions): HTMLElement {
  const node = chain.node(id);
  const box = document.createElement('div');
  box.className = 'node-description';
  if (node === undefined) return box;
  box.dataset['id'] = id;
  const { format } = options;

  const facts = document.createElement('dl');
  facts.className = 'facts';
  const fact = (term: string, value: string, className: string): void => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.className = className;
    facts.append(dt, dd);
  };
  fact('label', node.label === '' ? `(none: ${node.id})` : node.label, 'label');
  fact('op', node.op === '' ? '(leaf)' : node.op, 'op');
  fact('data', format(node.data), 'data');
  if (options.forwardOnly !== true) fact('grad', format(node.grad), 'grad');
  box.append(facts);

  box.append(codeLine('forward', chain.forward(id) ?? ''));
  if (options.forwardOnly === true) return box;

  const gradient = chain.gradient(id);
  if (gradient === undefined) return box;
  if (gradient.seed) {
    box.append(codeLine('chain-rule', `grad(${nameOf(node)}) = 1.0  (the root: d${nameOf(node)}/d${nameOf(node)})`));
    return box;
  }
  if (gradient.missing !== undefined) {
    box.append(codeLine('chain-rule missing', `grad(${nameOf(node)}) = ${format(gradient.total)}  (no chain-rule terms: ${gradient.missing})`));
    return box;
  }
  if (gradient.contributions.length === 0) {
    box.append(codeLine('chain-rule', `grad(${nameOf(node)}) = 0  (nothing downstream uses it)`));
    return box;
  }
  for (const term of gradient.contributions) {
    box.append(codeLine('chain-rule', `${term.formula} = ${term.numbers} = ${format(term.value)}`));
  }
  if (gradient.contributions.length > 1) {
    box.append(codeLine('chain-rule total', `grad(${nameOf(node)}) = ${format(gradient.total)}`));
  }
  return box;
}

function codeLine(className: string, text: string): HTMLElement {
  const code = document.createElement('code');
  code.className = className;
  code.textContent = text;
  const p = document.createElement('p');
  p.append(code);
  return p;
}
