// The local step of the chain rule behind each number of the graph, as the service's answer states
// it: its `edges` give, for every operand of every op, the rule's local derivative (formula and
// value) and the share of gradient it sent back. The page names the values in them and writes
// them out; it holds no derivative rule of its own.

import type { ChainRuleEdge, GraphNode, Warning } from './api.js';
import { formatFixed } from '../../src/graph/format.js';

export interface Contribution {
  /** e.g. `grad(a) += b.data * grad(e)` */
  formula: string;
  /** e.g. `-3.0000 * -2.0000` */
  numbers: string;
  /** The service's `contribution`. */
  value: number;
}

export interface GradientExplanation {
  /** Set for the root: its gradient is the seed 1, not a sum. */
  seed: boolean;
  contributions: Contribution[];
  total: number;
  /** Set when the answer has no edges: why its terms cannot be shown. */
  missing?: string;
}

export interface ChainRuleOptions {
  /** Digits of the numbers written into the terms. */
  digits?: number;
  /** Why `edges` is undefined, e.g. the answer's warning. */
  missing?: string;
}

export function nameOf(node: GraphNode): string {
  return node.label !== '' ? node.label : node.id;
}

/** What the service said when it left the edges out, or a plain statement that they are. */
export function whyNoEdges(warnings: readonly Warning[] = []): string {
  return warnings.find((w) => w.detail.endsWith('the answer has no edges'))?.detail ?? 'the answer lists no chain-rule edges';
}

export class ChainRule {
  private readonly byId = new Map<string, GraphNode>();
  /** The edges into each value's gradient, in the order the answer lists them: the order backward added them. */
  private readonly into: Map<string, ChainRuleEdge[]> | undefined;
  private readonly digits: number;
  private readonly missing: string;

  constructor(
    readonly nodes: readonly GraphNode[],
    edges: readonly ChainRuleEdge[] | undefined,
    options: ChainRuleOptions = {},
  ) {
    this.digits = options.digits ?? 4;
    this.missing = options.missing ?? whyNoEdges();
    for (const node of nodes) this.byId.set(node.id, node);
    if (edges === undefined) return;
    this.into = new Map();
    for (const edge of edges) {
      const list = this.into.get(edge.from) ?? [];
      list.push(edge);
      this.into.set(edge.from, list);
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

  /** Every term that was added into `id`'s gradient during the backward pass, in the order they were added. */
  gradient(id: string): GradientExplanation | undefined {
    const node = this.byId.get(id);
    if (node === undefined) return undefined;
    if (node === this.root) return { seed: true, contributions: [], total: node.grad };
    if (this.into === undefined) return { seed: false, contributions: [], total: node.grad, missing: this.missing };
    const contributions = (this.into.get(id) ?? []).map((edge) => this.contribution(edge));
    return { seed: false, contributions, total: node.grad };
  }

  /** One edge written out: the rule's formula in the values' names, then its numbers. */
  private contribution(edge: ChainRuleEdge): Contribution {
    const from = this.byId.get(edge.from);
    const out = this.byId.get(edge.to);
    const name = from === undefined ? edge.from : nameOf(from);
    const gv = `grad(${out === undefined ? edge.to : nameOf(out)})`;
    const g = this.fmt(out?.grad ?? Number.NaN);
    const value = edge.contribution;
    const named = substitute(edge.formula, (token) => {
      const operand = this.operand(edge, token);
      return operand === undefined ? token : `${nameOf(operand)}.data`;
    });
    const local = this.fmt(edge.local);
    const formula = `grad(${name}) += ${grouped(edge.formula, named)} * ${gv}`;
    // `1`, `y`, `out`: the formula's number is the local derivative itself.
    if (SIMPLE.test(edge.formula)) return { formula, numbers: `${local} * ${g}`, value };
    // The formula with the numbers put in, then the service's value of it.
    const numbered = substitute(edge.formula, (token) => {
      const operand = this.operand(edge, token);
      if (operand === undefined) return token;
      const text = this.fmt(operand.data);
      return text.startsWith('-') ? `(${text})` : text;
    });
    return { formula, numbers: `${grouped(edge.formula, numbered)} * ${g} = ${local} * ${g}`, value };
  }

  /** The value a formula's `x`, `y` or `out` stands for on this edge. */
  private operand(edge: ChainRuleEdge, token: string): GraphNode | undefined {
    const out = this.byId.get(edge.to);
    if (out === undefined) return undefined;
    if (token === 'out') return out;
    const id = out.inputs[token === 'x' ? 0 : 1];
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** How the forward pass computed `id`'s data, e.g. `e = a * b = 2.0000 * -3.0000 = -6.0000`. */
  forward(id: string): string | undefined {
    const node = this.byId.get(id);
    if (node === undefined) return undefined;
    const name = nameOf(node);
    const result = this.fmt(node.data);
    if (node.op === '') return `${name} = ${result} (a leaf: given, not computed)`;
    const inputs = node.inputs.map((input) => this.byId.get(input));
    const names = inputs.map((input, index) => (input === undefined ? (node.inputs[index] ?? '') : nameOf(input)));
    const values = inputs.map((input) => this.fmt(input?.data ?? Number.NaN));
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

/** A formula that is a number or one of its variables alone. */
const SIMPLE = /^(x|y|out|[\d.]+)$/;

function substitute(formula: string, replace: (token: string) => string): string {
  return formula.replace(/\b(out|x|y)\b/g, replace);
}

/**
 * `text` (the formula written out) in parentheses when the formula has a `+`, `-`, `/` or `if`
 * outside parentheses, so that `* grad(out)` multiplies all of it: `(1 - o.data**2) * grad(o)`.
 */
function grouped(formula: string, text: string): string {
  let depth = 0;
  let outside = '';
  for (const char of formula) {
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (depth === 0) outside += char;
  }
  return / [-+/] | if /.test(outside) ? `(${text})` : text;
}
