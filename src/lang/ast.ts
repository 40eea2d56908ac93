import type { PyNumber } from './python-number.js';
import type { Position } from './source-error.js';

export type BinaryOp = '+' | '-' | '*' | '/';

export type Expression =
  | ({ kind: 'number'; number: PyNumber } & Position)
  | ({ kind: 'string'; value: string } & Position)
  | ({ kind: 'name'; name: string } & Position)
  | ({ kind: 'unary'; op: '-' | '+'; operand: Expression } & Position)
  /** A left-associative run at one precedence (`a + b - c`): a list, so long sums need no recursion. */
  | ({ kind: 'chain'; first: Expression; rest: ChainLink[] } & Position)
  | ({ kind: 'power'; base: Expression; exponent: Expression } & Position)
  | ({ kind: 'call'; callee: string; args: Expression[]; keywords: Keyword[] } & Position)
  | ({ kind: 'method'; target: Expression; method: string; args: Expression[]; keywords: Keyword[] } & Position)
  | ({ kind: 'attribute'; target: Expression; attribute: string } & Position);

export interface ChainLink {
  op: BinaryOp;
  operand: Expression;
  at: Position;
}

export interface Keyword {
  name: string;
  value: Expression;
  at: Position;
}

export type AugmentedOp = '+=' | '-=' | '*=' | '/=' | '**=';

export type Statement =
  | ({ kind: 'assign'; targets: string[]; value: Expression } & Position)
  | ({ kind: 'augmented'; target: string; op: AugmentedOp; value: Expression } & Position)
  | ({ kind: 'set-label'; target: string; label: Expression } & Position)
  | ({ kind: 'expression'; value: Expression } & Position);
