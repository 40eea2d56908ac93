import { Value } from '../engine/index.js';
import { GradvizError } from '../errors.js';
import type { Expression, Keyword, Statement } from './ast.js';
import { FUNCTIONS, applyFunction, applyOperator, isFunctionName, type Operand, type Operator } from './operations.js';
import { NodeRegistry, whyNotFinite } from './node-registry.js';
import { ArithmeticFault, float, negate, pythonRepr } from './python-number.js';
import { Scope, type LabelSource, type Result } from './scope.js';
import type { TanhFormula } from '../nn/lecture-tanh.js';
import { isStackOverflow, sourceError, tooDeep, type Position } from './source-error.js';
import { didYouMean } from './suggest.js';

const CALLABLES = ['Value', ...FUNCTIONS, 'draw_dot'];
const METHODS = [...FUNCTIONS, 'backward'];

export interface EvaluationLimits {
  maxNodes: number;
  maxDepth: number;
}

/** How closely to follow micrograd's notebook rather than gradviz's defaults. */
export interface ParityOptions {
  labels: LabelSource;
  tanh: TanhFormula;
}

export interface Evaluation {
  root: Value;
  names: Map<string, Value>;
}

/** Runs statements with Python's semantics over the engine, then backpropagates from the root. */
export class Evaluator {
  private readonly nodes: NodeRegistry;
  private readonly scope: Scope;
  private backwardRoot: Value | undefined;
  private last: { result: Result; at: Position } | undefined;

  constructor(
    private readonly limits: EvaluationLimits,
    values: ReadonlyMap<string, number>,
    private readonly parity: ParityOptions = { labels: 'names', tanh: 'math' },
  ) {
    this.nodes = new NodeRegistry(limits.maxNodes);
    this.scope = new Scope(this.nodes, CALLABLES, parity.labels);
    for (const [name, x] of values) this.scope.defineLeaf(name, x);
  }

  run(statements: readonly Statement[], output: string | undefined): Evaluation {
    for (const statement of statements) {
      try {
        this.execute(statement);
      } catch (error) {
        // The parser bounds nesting; this only matters when maxDepth is set beyond what the stack holds.
        if (isStackOverflow(error)) throw tooDeep(statement, this.limits.maxDepth, true);
        throw error;
      }
    }
    const root = this.chooseRoot(output);
    root.backward();
    this.nodes.checkGradients(root);
    return { root, names: this.scope.values() };
  }

  // --- statements ---

  private execute(statement: Statement): void {
    switch (statement.kind) {
      case 'assign': {
        const result = this.evaluate(statement.value);
        for (const target of statement.targets) this.scope.bind(target, result, statement);
        this.last = { result, at: statement };
        return;
      }
      case 'augmented': {
        const current = this.scope.lookup(statement.target, statement);
        const right = this.evaluate(statement.value);
        const op = statement.op.slice(0, -1) as Operator;
        const result: Result = { operand: this.combine(op, current, right, statement) };
        this.scope.bind(statement.target, result, statement);
        this.last = { result, at: statement };
        return;
      }
      case 'set-label': {
        const label = this.evaluate(statement.label);
        if (!('text' in label)) throw sourceError('evaluation-error', statement, "a label must be a string, like 'a'");
        return this.scope.setLabel(statement.target, label.text, statement);
      }
      case 'expression': {
        const value = statement.value;
        if (value.kind === 'method' && value.method === 'backward') {
          this.expectNoArguments(value.args, value.keywords, 'backward', value);
          const target = this.evaluate(value.target);
          if (!('operand' in target) || !(target.operand instanceof Value)) {
            throw sourceError('evaluation-error', value, 'backward() needs a Value; this is a plain number');
          }
          this.backwardRoot = target.operand;
          return;
        }
        const result = this.evaluate(value);
        if ('operand' in result) this.last = { result, at: statement };
      }
    }
  }

  private chooseRoot(output: string | undefined): Value {
    if (output !== undefined) {
      const binding = this.scope.valueOf(output);
      if (binding === undefined) {
        throw new GradvizError('evaluation-error', `output '${output}' is not a name the program defines${this.scope.suggestion(output)}`);
      }
      // A number chosen as the output is drawn as its leaf: a graph of one node.
      return binding instanceof Value ? binding : this.scope.leafOf(binding, { line: 1, column: 1 });
    }
    if (this.backwardRoot !== undefined) return this.backwardRoot;
    if (this.last === undefined) throw new GradvizError('evaluation-error', 'the program computes nothing: assign an expression, e.g. L = a * b');
    const { result, at } = this.last;
    if ('operand' in result && result.operand instanceof Value) return result.operand;
    if ('operand' in result && result.binding !== undefined) return this.scope.leafOf(result.binding, at);
    throw sourceError(
      'evaluation-error',
      at,
      'nothing to draw: this is a plain number, and arithmetic on plain numbers makes no graph; wrap a number in Value(...) to make a node',
    );
  }

  // --- expressions ---

  private evaluate(expression: Expression): Result {
    switch (expression.kind) {
      case 'number':
        if (!Number.isFinite(expression.number.value)) {
          throw sourceError('not-finite', expression, `the number is too large: it is not finite (${pythonRepr(expression.number)})`);
        }
        return { operand: expression.number };
      case 'string':
        return { text: expression.value };
      case 'name':
        return this.scope.lookup(expression.name, expression);
      case 'unary': {
        const operand = this.operandOf(this.evaluate(expression.operand), expression);
        if (expression.op === '+') return { operand };
        return { operand: operand instanceof Value ? this.nodes.record(operand.neg(), expression) : negate(operand) };
      }
      case 'chain': {
        let acc = this.evaluate(expression.first);
        for (const link of expression.rest) {
          acc = { operand: this.combine(link.op, acc, this.evaluate(link.operand), link.at) };
        }
        return acc;
      }
      case 'power':
        return { operand: this.combine('**', this.evaluate(expression.base), this.evaluate(expression.exponent), expression) };
      case 'call':
        return this.call(expression.callee, expression.args, expression.keywords, expression);
      case 'method': {
        if (!isFunctionName(expression.method)) {
          const hint = expression.method === 'backward' ? ': backward() must be a statement of its own, like L.backward()' : didYouMean(expression.method, METHODS);
          throw sourceError('evaluation-error', expression, `unknown method '${expression.method}'${hint}`);
        }
        this.expectNoArguments(expression.args, expression.keywords, expression.method, expression);
        const method = expression.method;
        const target = this.operandOf(this.evaluate(expression.target), expression);
        return { operand: this.apply(method, target, () => applyFunction(method, target, this.parity.tanh), expression) };
      }
      case 'attribute':
        return this.attribute(this.operandOf(this.evaluate(expression.target), expression), expression.attribute, expression);
    }
  }

  private call(callee: string, args: Expression[], keywords: Keyword[], at: Position): Result {
    if (callee === 'Value') return { operand: this.makeValue(args, keywords, at) };
    if (callee === 'draw_dot') {
      // A notebook's drawing line means "this is the root"; its format/rankdir keywords are the request's options here.
      if (args.length !== 1) throw sourceError('evaluation-error', at, 'draw_dot() takes one Value');
      return this.evaluate(args[0] as Expression);
    }
    if (!isFunctionName(callee)) {
      throw sourceError('evaluation-error', at, `unknown function '${callee}'${didYouMean(callee, CALLABLES)}`);
    }
    if (args.length !== 1 || keywords.length > 0) throw sourceError('evaluation-error', at, `${callee}() takes exactly one argument`);
    const x = this.operandOf(this.evaluate(args[0] as Expression), at);
    return { operand: this.apply(callee, x, () => applyFunction(callee, x, this.parity.tanh), at) };
  }

  /** `x.data` is a plain float and `x.label` a string; `x.grad` is only known once the program has run. */
  private attribute(target: Operand, attribute: string, at: Position): Result {
    if (target instanceof Value) {
      if (attribute === 'data') return { operand: float(target.data) };
      if (attribute === 'label') return { text: target.label };
      if (attribute === 'grad') {
        throw sourceError('evaluation-error', at, 'gradients are only known after backward; the response lists every grad');
      }
      if (METHODS.includes(attribute)) throw sourceError('evaluation-error', at, `'${attribute}' is a method: call it, like x.${attribute}()`);
      throw sourceError('evaluation-error', at, `a Value has no attribute '${attribute}'${didYouMean(attribute, ['data', 'grad', 'label'])}`);
    }
    throw sourceError('evaluation-error', at, `a plain number has no attribute '${attribute}'; wrap it in Value(...) to make a node`);
  }

  /** `Value(2.0)`, `Value(2.0, label='a')`, `Value(data=2.0)`. */
  private makeValue(args: Expression[], keywords: Keyword[], at: Position): Value {
    const usage = "Value() takes a number and an optional label, like Value(2.0, label='a')";
    let data: Expression | undefined = args[0];
    let label = '';
    if (args.length > 1) throw sourceError('evaluation-error', at, usage);
    for (const keyword of keywords) {
      if (keyword.name === 'data' && data === undefined) {
        data = keyword.value;
      } else if (keyword.name === 'label') {
        const text = this.evaluate(keyword.value);
        if (!('text' in text)) throw sourceError('evaluation-error', keyword.at, 'label must be a string');
        label = text.text;
      } else {
        const hint = didYouMean(keyword.name, ['data', 'label']) || `: ${usage}`;
        throw sourceError('evaluation-error', keyword.at, `unexpected argument '${keyword.name}'${hint}`);
      }
    }
    if (data === undefined) throw sourceError('evaluation-error', at, usage);
    const result = this.evaluate(data);
    if (!('operand' in result) || result.operand instanceof Value) {
      throw sourceError('evaluation-error', data, `Value() needs a plain number here, not ${'text' in result ? 'a string' : 'a Value'}`);
    }
    return this.nodes.record(new Value(result.operand.value, label), at);
  }

  // --- operands ---

  private operandOf(result: Result, at: Position): Operand {
    if ('text' in result) throw sourceError('evaluation-error', at, 'a string cannot be used in arithmetic');
    return result.operand;
  }

  /** A binary op. A named number meeting a Value becomes its leaf, except as an exponent (`x**n` draws `**2`). */
  private combine(op: Operator, left: Result, right: Result, at: Position): Operand {
    let l = this.operandOf(left, at);
    let r = this.operandOf(right, at);
    if (r instanceof Value && !(l instanceof Value) && 'binding' in left && left.binding !== undefined) {
      l = this.scope.leafOf(left.binding, at);
    }
    if (l instanceof Value && !(r instanceof Value) && op !== '**' && 'binding' in right && right.binding !== undefined) {
      r = this.scope.leafOf(right.binding, at);
    }
    // Python's ZeroDivisionError, also for `x / 0` with x a Value (micrograd computes `0**-1`).
    if (op === '/' && !(r instanceof Value) && r.value === 0) throw sourceError('evaluation-error', at, 'division by zero');
    const a = l;
    const b = r;
    return this.apply(op, a, () => applyOperator(op, a, b), at);
  }

  /** Runs one op and checks what it made: Values are recorded, plain numbers must be finite. */
  private apply(op: string, input: Operand, operation: () => Operand, at: Position): Operand {
    let result: Operand;
    try {
      result = operation();
    } catch (error) {
      if (error instanceof ArithmeticFault) throw sourceError(error.kind, at, error.message);
      throw error;
    }
    if (result instanceof Value) return this.nodes.record(result, at);
    if (!Number.isFinite(result.value)) {
      const why = whyNotFinite(op, input instanceof Value ? input.data : input.value, result.value);
      throw sourceError('not-finite', at, `${why}: the result of '${op}' is not finite (${pythonRepr(result)})`);
    }
    return result;
  }

  private expectNoArguments(args: Expression[], keywords: Keyword[], name: string, at: Position): void {
    if (args.length > 0 || keywords.length > 0) throw sourceError('evaluation-error', at, `${name}() takes no arguments`);
  }
}
