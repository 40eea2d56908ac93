import { Value } from '../engine/index.js';
import { applyUnary, LECTURE_TANH, type TanhFormula } from '../nn/lecture-tanh.js';
import type { BinaryOp } from './ast.js';
import { arithmetic, pythonRepr, type PyNumber } from './python-number.js';

export type Operand = Value | PyNumber;
export type Operator = BinaryOp | '**';

/**
 * One binary operator with Python's dispatch: plain numbers stay plain numbers; when a Value is
 * involved, micrograd's methods (and its reflected `__r*__` methods for a number on the left) build
 * the node, so the picture matches micrograd's.
 */
export function applyOperator(op: Operator, left: Operand, right: Operand): Operand {
  if (!(left instanceof Value) && !(right instanceof Value)) return arithmetic(op, left, right);
  if (left instanceof Value) {
    if (right instanceof Value) {
      switch (op) {
        case '+': return left.add(right);
        case '-': return left.sub(right);
        case '*': return left.mul(right);
        case '/': return left.div(right);
        case '**': return left.pow(right);
      }
    }
    const n = (right as PyNumber).value;
    switch (op) {
      case '+': return left.add(n);
      case '-': return left.sub(n);
      case '*': return left.mul(n);
      case '/': return left.div(n);
      case '**': return left.pow(n, `**${pythonRepr(right as PyNumber)}`);
    }
  }
  const n = (left as PyNumber).value;
  const value = right as Value;
  switch (op) {
    case '+': return value.radd(n);
    case '-': return value.rsub(n);
    case '*': return value.rmul(n);
    case '/': return value.rdiv(n);
    case '**': return value.rpow(n);
  }
}

export const FUNCTIONS = ['tanh', 'relu', 'exp', 'log', 'sigmoid'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export function isFunctionName(name: string): name is FunctionName {
  return (FUNCTIONS as readonly string[]).includes(name);
}

/** `tanh(x)`, `x.relu()`, ...: a node for a Value, plain math for a plain number; tanh by the formula asked for. */
export function applyFunction(name: FunctionName, x: Operand, tanh: TanhFormula = 'math'): Operand {
  if (name === 'tanh' && tanh === 'lecture') {
    return x instanceof Value ? applyUnary(LECTURE_TANH, x) : { value: LECTURE_TANH.forward(x.value, Number.NaN), isInt: false };
  }
  if (x instanceof Value) return x[name]();
  const v = x.value;
  const result = { tanh: Math.tanh, relu: (t: number) => (t < 0 ? 0 : t), exp: Math.exp, log: Math.log, sigmoid: (t: number) => 1 / (1 + Math.exp(-t)) }[name](v);
  return { value: result, isInt: false };
}
