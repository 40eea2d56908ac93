import { Value } from '../engine/index.js';
import type { GradvizError } from '../errors.js';
import type { NodeRegistry } from './node-registry.js';
import type { Operand } from './operations.js';
import type { PyNumber } from './python-number.js';
import { sourceError, type Position } from './source-error.js';
import { didYouMean } from './suggest.js';

/**
 * A name bound to a plain number. It stays a number (Python's `a + 1` is a float); where it meets
 * a Value it stands for one leaf carrying its name, made once, so every such use adds to one grad.
 */
export interface NumberBinding {
  readonly number: PyNumber;
  label: string;
  leaf?: Value;
}

/** What an expression gives: a Value, a number (with its binding when it is a bare name), or a string. */
export type Result = { operand: Operand; binding?: NumberBinding } | { text: string };

/** Where labels come from: program names too, or only what the program writes as a label. */
export type LabelSource = 'names' | 'explicit';
export const LABEL_SOURCES: readonly LabelSource[] = ['names', 'explicit'];

/**
 * The program's names. A Map, so `__proto__` and `constructor` are names like any other; its order
 * is the order of first assignment, which is the order of the result's names.
 */
export class Scope {
  private readonly bindings = new Map<string, Value | NumberBinding>();

  constructor(
    private readonly nodes: NodeRegistry,
    /** Also offered when a name is misspelt: `tahn` is more likely `tanh` than a variable. */
    private readonly builtins: readonly string[],
    /** micrograd labels nothing by itself: with `explicit`, names never become labels. */
    private readonly labels: LabelSource = 'names',
  ) {}

  /** A free name the request gives a number for: a leaf, labelled with the name unless labels are explicit. */
  defineLeaf(name: string, data: number): void {
    this.bindings.set(name, new Value(data, this.nameLabel(name)));
  }

  lookup(name: string, at: Position): Result {
    const binding = this.bindings.get(name);
    if (binding === undefined) throw this.undefinedName(name, at);
    return binding instanceof Value ? { operand: binding } : { operand: binding.number, binding };
  }

  /** A Value without a label takes the name of the first variable it is assigned to (`c += 1` too). */
  bind(name: string, result: Result, at: Position): void {
    if ('text' in result) throw sourceError('evaluation-error', at, `'${name}' would hold a string; strings can only be labels`);
    const operand = result.operand;
    if (operand instanceof Value) {
      if (operand.label === '') operand.label = this.nameLabel(name);
      this.bindings.set(name, operand);
    } else {
      this.bindings.set(name, { number: operand, label: this.nameLabel(name) });
    }
  }

  private nameLabel(name: string): string {
    return this.labels === 'names' ? name : '';
  }

  /** `name.label = '...'`; on a number, the label its leaf carries. */
  setLabel(name: string, label: string, at: Position): void {
    const binding = this.bindings.get(name);
    if (binding === undefined) throw this.undefinedName(name, at);
    binding.label = label;
    if (!(binding instanceof Value) && binding.leaf !== undefined) binding.leaf.label = label;
  }

  leafOf(binding: NumberBinding, at: Position): Value {
    binding.leaf ??= this.nodes.record(new Value(binding.number.value, binding.label), at);
    return binding.leaf;
  }

  /** The output a request names, if the program (or its values) defines it. */
  valueOf(name: string): Value | NumberBinding | undefined {
    return this.bindings.get(name);
  }

  suggestion(name: string): string {
    return didYouMean(name, this.bindings.keys());
  }

  /** The final binding of each name that holds a Value (a number that met one: its leaf). */
  values(): Map<string, Value> {
    const names = new Map<string, Value>();
    for (const [name, binding] of this.bindings) {
      const value = binding instanceof Value ? binding : binding.leaf;
      if (value !== undefined) names.set(name, value);
    }
    return names;
  }

  private undefinedName(name: string, at: Position): GradvizError {
    const hint = didYouMean(name, [...this.bindings.keys(), ...this.builtins]);
    return sourceError('evaluation-error', at, `name '${name}' is not defined${hint || '; give it a value in the program or in "values"'}`);
  }
}
