import type { OpKind } from './graph-ops.js';

export type UnaryName = Extract<OpKind, { kind: 'unary' }>['name'];

/**
 * The Python line that makes one computed value, the same in both exporters for binary ops and
 * powers (`c = a * b`, `d = c ** (2)`); a unary op is written by the exporter's own `call`
 * (`a.tanh()` in micrograd, `torch.tanh(a)` in PyTorch).
 */
export function opStatement(
  name: string,
  op: Exclude<OpKind, { kind: 'leaf' }>,
  operands: readonly string[],
  call: (fn: UnaryName, argument: string) => string,
): string {
  switch (op.kind) {
    case 'binary':
      return `${name} = ${operands[0]} ${op.symbol} ${operands[1]}`;
    case 'power':
      return `${name} = ${operands[0]} ** ${op.exponent}`;
    case 'unary':
      return `${name} = ${call(op.name, operands[0] as string)}`;
  }
}
