import type { GraphNode } from '../graph/trace.js';

/** How a traced value was made, in the terms both exporters write Python from. */
export type OpKind =
  | { kind: 'leaf' }
  | { kind: 'binary'; symbol: '+' | '*' | '**' }
  | { kind: 'power'; exponent: string }
  | { kind: 'unary'; name: 'tanh' | 'relu' | 'exp' | 'log' | 'sigmoid' };

const UNARY: Record<string, 'tanh' | 'relu' | 'exp' | 'log' | 'sigmoid'> = {
  tanh: 'tanh',
  ReLU: 'relu',
  exp: 'exp',
  log: 'log',
  sigmoid: 'sigmoid',
};

/** A Python number literal as micrograd prints a constant exponent: `2`, `2.0`, `-1`, `0.5`, `1e-05`. */
const PYTHON_NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/;

export function opKind(node: GraphNode): OpKind {
  if (node.op === '') return { kind: 'leaf' };
  if (node.op === '+' || node.op === '*') return { kind: 'binary', symbol: node.op };
  if (node.op.startsWith('**') && node.inputs.length === 2) return { kind: 'binary', symbol: '**' };
  if (node.op.startsWith('**')) {
    const exponent = node.op.slice(2);
    if (PYTHON_NUMBER.test(exponent)) return { kind: 'power', exponent: `(${exponent})` };
    throw new Error(`export: the exponent ${JSON.stringify(exponent)} is not a number`);
  }
  const name = UNARY[node.op];
  if (name === undefined) throw new Error(`export: no Python for the op ${JSON.stringify(node.op)}`);
  return { kind: 'unary', name };
}
