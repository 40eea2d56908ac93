// The local step of the chain rule behind each number of the graph, written out from the JSON nodes
// the API returns: which consumer sent how much gradient to a value, and how a value was computed.
// The rules mirror the engine's local backward rules, one per primitive op.

import type { GraphNode } from './api.js';
import { formatFixed } from '../../src/graph/format.js';

export interface Contribution {
  /** e.g. `grad(a) += b.data * grad(e)` */
  formula: string;
  /** e.g. `-3.0000 * -2.0000` */
  numbers: string;
  value: number;
}

export interface GradientExplanation {
  /** Set for the root: its gradient is the seed 1, not a sum. */
  seed: boolean;
  contributions: Contribution[];
  total: number;
}

export function nameOf(node: GraphNode): string {
  return node.label !== '' ? node.label : node.id;
}

export class ChainRule {
  private readonly byId = new Map<string, GraphNode>();
  private readonly consumers = new Map<string, GraphNode[]>();

  constructor(
    readonly nodes: readonly GraphNode[],
    private readonly digits = 4,
  ) {
    for (const node of nodes) {
      this.byId.set(node.id, node);
      for (const input of new Set(node.inputs)) {
        const list = this.consumers.get(input) ?? [];
        list.push(node);
        this.consumers.set(input, list);
      }
    }
  }

  node(id: string): GraphNode | undefined {
    return this.byId.get(id);
  }

  get root(): GraphNode | undefined {
    return this.nodes[this.nodes.length - 1];
  }

  private fmt(x: number): string {
    return formatFixed(x, this.digits);
  }

  private input(node: GraphNode, index: number): GraphNode {
    const id = node.inputs[index];
    const input = id === undefined ? undefined : this.byId.get(id);
    if (input === undefined) throw new Error(`node ${node.id} has no input ${index}`);
    return input;
  }

  /** Every term that was added into `id`'s gradient during the backward pass, in the order they were added. */
  gradient(id: string): GradientExplanation | undefined {
    const node = this.byId.get(id);
    if (node === undefined) return undefined;
    if (node === this.root) return { seed: true, contributions: [], total: node.grad };
    const contributions: Contribution[] = [];
    // Reverse topological order is the order the backward pass visited the consumers.
    const consumers = [...(this.consumers.get(id) ?? [])].reverse();
    for (const consumer of consumers) {
      consumer.inputs.forEach((input, index) => {
        if (input === id) contributions.push(this.contribution(node, consumer, index));
      });
    }
    return { seed: false, contributions, total: node.grad };
  }

  private contribution(v: GraphNode, out: GraphNode, index: number): Contribution {
    const name = nameOf(v);
    const outName = nameOf(out);
    const g = out.grad;
    const gv = `grad(${outName})`;
    const op = out.op;
    if (op === '+') {
      return { formula: `grad(${name}) += ${gv}`, numbers: this.fmt(g), value: g };
    }
    if (op === '*') {
      const other = this.input(out, 1 - index);
      return {
        formula: `grad(${name}) += ${nameOf(other)}.data * ${gv}`,
        numbers: `${this.fmt(other.data)} * ${this.fmt(g)}`,
        value: other.data * g,
      };
    }
    if (op === '**') {
      const base = this.input(out, 0);
      const exponent = this.input(out, 1);
      if (index === 0) {
        return {
          formula: `grad(${name}) += ${nameOf(exponent)}.data * ${name}.data**(${nameOf(exponent)}.data - 1) * ${gv}`,
          numbers: `${this.fmt(exponent.data)} * ${this.fmt(base.data)}**${this.fmt(exponent.data - 1)} * ${this.fmt(g)}`,
          value: exponent.data * base.data ** (exponent.data - 1) * g,
        };
      }
      const local = out.data === 0 ? 0 : out.data * Math.log(base.data);
      return {
        formula: `grad(${name}) += ${outName}.data * log(${nameOf(base)}.data) * ${gv}`,
        numbers: `${this.fmt(out.data)} * log(${this.fmt(base.data)}) * ${this.fmt(g)}`,
        value: local * g,
      };
    }
    if (op.startsWith('**')) {
      const k = Number(op.slice(2));
      return {
        formula: `grad(${name}) += ${op.slice(2)} * ${name}.data**${formatExponent(k - 1)} * ${gv}`,
        numbers: `${op.slice(2)} * ${this.fmt(v.data)}**${formatExponent(k - 1)} * ${this.fmt(g)}`,
        value: k * v.data ** (k - 1) * g,
      };
    }
    const c = this.fmt(out.data);
    switch (op) {
      case 'tanh':
        return {
          formula: `grad(${name}) += (1 - ${outName}.data**2) * ${gv}`,
          numbers: `(1 - ${c}**2) * ${this.fmt(g)}`,
          value: (1 - out.data * out.data) * g,
        };
      case 'ReLU': {
        const on = out.data > 0 ? 1 : 0;
        return {
          formula: `grad(${name}) += (${outName}.data > 0) * ${gv}`,
          numbers: `${on} * ${this.fmt(g)}`,
          value: on * g,
        };
      }
      case 'exp':
        return { formula: `grad(${name}) += ${outName}.data * ${gv}`, numbers: `${c} * ${this.fmt(g)}`, value: out.data * g };
      case 'log':
        return {
          formula: `grad(${name}) += ${gv} / ${name}.data`,
          numbers: `${this.fmt(g)} / ${this.fmt(v.data)}`,
          value: g / v.data,
        };
      case 'sigmoid':
        return {
          formula: `grad(${name}) += ${outName}.data * (1 - ${outName}.data) * ${gv}`,
          numbers: `${c} * (1 - ${c}) * ${this.fmt(g)}`,
          value: out.data * (1 - out.data) * g,
        };
      default:
        return { formula: `grad(${name}) += d${outName}/d${name} * ${gv}`, numbers: '?', value: Number.NaN };
    }
  }

  /** How the forward pass computed `id`'s data, e.g. `e = a * b = 2.0000 * -3.0000 = -6.0000`. */
  forward(id: string): string | undefined {
    const node = this.byId.get(id);
    if (node === undefined) return undefined;
    const name = nameOf(node);
    const result = this.fmt(node.data);
    if (node.op === '') return `${name} = ${result} (a leaf: given, not computed)`;
    const inputs = node.inputs.map((_, index) => this.input(node, index));
    const names = inputs.map(nameOf);
    const values = inputs.map((input) => this.fmt(input.data));
    const [x = '', y = ''] = names;
    const [vx = '', vy = ''] = values;
    let symbolic: string;
    let numeric: string;
    if (node.op === '+' || node.op === '*' || node.op === '**') {
      const sign = node.op === '**' ? '**' : ` ${node.op} `;
      symbolic = `${x}${sign}${y}`;
      numeric = `${vx}${sign}${vy}`;
    } else if (node.op.startsWith('**')) {
      symbolic = `${x}${node.op}`;
      numeric = `${vx}${node.op}`;
    } else {
      symbolic = `${node.op === 'ReLU' ? 'relu' : node.op}(${x})`;
      numeric = `${node.op === 'ReLU' ? 'relu' : node.op}(${vx})`;
    }
    return `${name} = ${symbolic} = ${numeric} = ${result}`;
  }
}

/** Exponents as Python prints a float-or-int result of `k - 1` (e.g. 1, -2, -0.5). */
function formatExponent(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}
