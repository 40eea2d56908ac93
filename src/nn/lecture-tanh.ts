import { Value } from '../engine/index.js';
import { tanh, type Rule } from '../engine/rules.js';

/** `math`: the C library's tanh (micrograd's engine.py uses math.tanh); `lecture`: the video's formula. */
export type TanhFormula = 'math' | 'lecture';
export const TANH_FORMULAS: readonly TanhFormula[] = ['math', 'lecture'];

/**
 * tanh as the lecture writes it, `t = (math.exp(2*x) - 1) / (math.exp(2*x) + 1)`, with the same
 * local rule `1 - t**2`. Past x = 354 e^2x overflows and the result is NaN (Python raises
 * OverflowError there); a run then fails as not finite.
 */
export const LECTURE_TANH: Rule = {
  ...tanh,
  forward: (x) => {
    const e = Math.exp(2 * x);
    return (e - 1) / (e + 1);
  },
};

export function tanhRule(formula: TanhFormula = 'math'): Rule {
  return formula === 'lecture' ? LECTURE_TANH : tanh;
}

/** A one-input op by a rule of its own, as the engine's own ops are made. */
export function applyUnary(rule: Rule, x: Value): Value {
  return new Value(rule.forward(x.data, Number.NaN), '', rule, x);
}
