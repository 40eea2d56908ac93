import type { Value } from '../engine/index.js';
import { GradvizError } from '../errors.js';
import type { TanhFormula } from '../nn/lecture-tanh.js';
import { Evaluator } from './evaluator.js';
import type { LabelSource } from './scope.js';
import { isIdentifier, tokenize } from './lexer.js';
import { parse } from './parser.js';

export interface ProgramLimits {
  /** Characters of source; larger input is refused before it is read (413). */
  maxSourceLength: number;
  maxStatements: number;
  /** Nesting of parentheses, signs, powers and calls. */
  maxDepth: number;
  /** Values the program may create. */
  maxNodes: number;
}

export const DEFAULT_PROGRAM_LIMITS: Readonly<ProgramLimits> = Object.freeze({
  maxSourceLength: 100_000,
  maxStatements: 10_000,
  maxDepth: 100,
  maxNodes: 100_000,
});

export interface ProgramInput {
  source: string;
  /** Free names of the program, bound as labelled leaves. */
  values?: Record<string, number>;
  /** The name of the root; default: what `.backward()` was called on, else the last expression. */
  output?: string;
  limits?: Partial<ProgramLimits>;
  /** `names` (default): a value takes the name it is first assigned to; `explicit`: only `label=` labels, as `draw_dot` shows. */
  labels?: LabelSource;
  /** `math` (default): the C library's tanh; `lecture`: the video's `(e^(2x) - 1) / (e^(2x) + 1)`. */
  tanh?: TanhFormula;
}

export interface ProgramResult {
  /** backward() has been run on it; every data and grad in its graph is finite. */
  root: Value;
  /** The final binding of each name that holds a Value, in first-assignment order. */
  names: Map<string, Value>;
}

/** Parses and evaluates a micrograd-style program and backpropagates from its root. Throws GradvizError. */
export function runProgram(input: ProgramInput): ProgramResult {
  const limits = withDefaults(input.limits);
  if (typeof input.source !== 'string') throw new GradvizError('invalid-request', 'source must be a string');
  if (input.source.length > limits.maxSourceLength) {
    throw new GradvizError(
      'limit-exceeded',
      `the source is ${input.source.length} characters; the limit is ${limits.maxSourceLength}`,
      { limit: 'maxSourceLength', limitValue: limits.maxSourceLength, requested: input.source.length, inputTooLarge: true },
    );
  }
  const statements = parse(tokenize(input.source), limits);
  const parity = { labels: input.labels ?? 'names', tanh: input.tanh ?? 'math' } as const;
  return new Evaluator(limits, checkedValues(input.values ?? {}), parity).run(statements, input.output);
}

/**
 * A partial limits object may carry `undefined` for a limit it leaves alone: the default stays.
 * So does it for NaN or a negative number, which would otherwise switch the limit off unnoticed.
 */
function withDefaults(partial: Partial<ProgramLimits> = {}): ProgramLimits {
  const limits = { ...DEFAULT_PROGRAM_LIMITS };
  for (const key of Object.keys(limits) as (keyof ProgramLimits)[]) {
    const value = partial[key];
    if (typeof value === 'number' && value >= 0) limits[key] = value;
  }
  return limits;
}

function checkedValues(values: Record<string, number>): Map<string, number> {
  const checked = new Map<string, number>();
  for (const [name, x] of Object.entries(values)) {
    if (!isIdentifier(name)) throw new GradvizError('invalid-request', `values: '${name}' is not a valid name`);
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new GradvizError('invalid-request', `values: '${name}' must be a finite number`);
    }
    checked.set(name, x);
  }
  return checked;
}
