import type { AugmentedOp, BinaryOp, ChainLink, Expression, Keyword, Statement } from './ast.js';
import type { Token } from './lexer.js';
import { isStackOverflow, sourceError, tooDeep, type Position } from './source-error.js';

export interface ParseLimits {
  maxStatements: number;
  maxDepth: number;
}

const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '**=']);
const UNSUPPORTED_STATEMENTS = new Set([
  'if', 'elif', 'else', 'for', 'while', 'def', 'class', 'return', 'lambda', 'with', 'try', 'except', 'finally',
  'raise', 'yield', 'async', 'await', 'global', 'nonlocal', 'del', 'pass', 'assert', 'break', 'continue',
]);

function where(at: Position): Position {
  return { line: at.line, column: at.column };
}

/** Statements of a micrograd-style program, by recursive descent with Python's precedence. */
export function parse(tokens: Token[], limits: ParseLimits): Statement[] {
  return new Parser(tokens, limits).program();
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly limits: ParseLimits,
  ) {}

  program(): Statement[] {
    const statements: Statement[] = [];
    let count = 0;
    while (this.peek().kind !== 'end') {
      if (this.peek().kind === 'newline') {
        this.index++;
        continue;
      }
      if (++count > this.limits.maxStatements) {
        throw sourceError('limit-exceeded', this.peek(), `too many statements: the limit is ${this.limits.maxStatements}`, {
          limit: 'maxStatements',
          limitValue: this.limits.maxStatements,
          requested: count,
        });
      }
      const statement = this.statement();
      if (statement !== undefined) statements.push(statement);
      this.endOfStatement();
    }
    return statements;
  }

  // --- statements ---

  private statement(): Statement | undefined {
    const first = this.peek();
    if (first.kind === 'name') {
      if (first.text === 'import' || first.text === 'from') return this.skipToEndOfStatement();
      if (first.text === 'print' && this.peek(1).text === '(') return this.skipCall();
      if (UNSUPPORTED_STATEMENTS.has(first.text)) {
        throw sourceError('syntax-error', first, `'${first.text}' is not supported: write one assignment or expression per line`);
      }
      const second = this.peek(1);
      if (second.text === '=' && second.kind === 'op') return this.assignment();
      if (second.kind === 'op' && AUGMENTED.has(second.text)) {
        this.index += 2;
        return { kind: 'augmented', target: first.text, op: second.text as AugmentedOp, value: this.expression(), ...where(second) };
      }
      if (second.text === '.' && this.peek(2).text === 'label' && this.peek(3).text === '=') {
        this.index += 4;
        return { kind: 'set-label', target: first.text, label: this.expression(), ...where(first) };
      }
    }
    const value = this.expression();
    const next = this.peek();
    if (next.kind === 'op' && (next.text === '=' || AUGMENTED.has(next.text))) {
      throw sourceError('syntax-error', next, 'can only assign to a name (or to name.label)');
    }
    return { kind: 'expression', value, line: first.line, column: first.column };
  }

  private assignment(): Statement {
    const targets: string[] = [];
    const at = this.peek(1);
    while (this.peek().kind === 'name' && this.peek(1).text === '=' && this.peek(1).kind === 'op') {
      targets.push(this.next().text);
      this.index++;
    }
    return { kind: 'assign', targets, value: this.expression(), ...where(at) };
  }

  private skipToEndOfStatement(): undefined {
    while (this.peek().kind !== 'newline' && this.peek().kind !== 'end') this.index++;
    return undefined;
  }

  /** `print(...)`: parenthesised contents are skipped, never evaluated (they may hold f-strings). */
  private skipCall(): undefined {
    this.index++;
    const open = this.next();
    let depth = 1;
    while (depth > 0) {
      const token = this.next();
      if (token.kind === 'end') throw sourceError('syntax-error', open, "'(' was never closed");
      if (token.text === '(' && token.kind === 'op') depth++;
      if (token.text === ')' && token.kind === 'op') depth--;
    }
    return undefined;
  }

  private endOfStatement(): void {
    const token = this.peek();
    if (token.kind === 'newline' || token.kind === 'end') return;
    throw this.unexpected(token, 'expected the end of the statement');
  }

  // --- expressions, loosest binding first ---

  private expression(): Expression {
    return this.chain(['+', '-'], () => this.term());
  }

  private term(): Expression {
    return this.chain(['*', '/'], () => this.factor());
  }

  private chain(ops: BinaryOp[], operand: () => Expression): Expression {
    const first = operand();
    const rest: ChainLink[] = [];
    for (let token = this.peek(); token.kind === 'op'; token = this.peek()) {
      if (!(ops as string[]).includes(token.text)) break;
      this.index++;
      rest.push({ op: token.text as BinaryOp, operand: operand(), at: token });
    }
    return rest.length === 0 ? first : { kind: 'chain', first, rest, line: first.line, column: first.column };
  }

  private factor(): Expression {
    const token = this.peek();
    if (token.kind === 'op' && (token.text === '-' || token.text === '+')) {
      this.index++;
      return this.nested(token, () => ({ kind: 'unary', op: token.text as '-' | '+', operand: this.factor(), ...where(token) }));
    }
    return this.power();
  }

  /** `**` binds tighter than a unary minus on its left and is right-associative: `-2**-2**2`. */
  private power(): Expression {
    const base = this.postfix();
    const token = this.peek();
    if (token.kind !== 'op' || token.text !== '**') return base;
    this.index++;
    return this.nested(token, () => ({ kind: 'power', base, exponent: this.factor(), ...where(token) }));
  }

  /**
   * Each `.name`, `.name(...)` or call wraps the expression one level deeper: `x.tanh().tanh()` is as
   * deep as `tanh(tanh(x))`. Arguments are parsed one level below their call, as a nested group.
   */
  private postfix(): Expression {
    const depth = this.depth;
    let expression = this.atom();
    for (let token = this.peek(); token.kind === 'op'; token = this.peek()) {
      if (token.text === '.') {
        this.index++;
        const name = this.next();
        if (name.kind !== 'name') throw this.unexpected(name, "expected a method or attribute name after '.'");
        if (this.peek().text === '(' && this.peek().kind === 'op') {
          const { args, keywords } = this.arguments();
          expression = { kind: 'method', target: expression, method: name.text, args, keywords, ...where(name) };
        } else {
          expression = { kind: 'attribute', target: expression, attribute: name.text, ...where(name) };
        }
        this.deeper(name);
      } else if (token.text === '(') {
        if (expression.kind !== 'name') throw sourceError('syntax-error', token, 'only a function name can be called');
        const { args, keywords } = this.arguments();
        expression = { kind: 'call', callee: expression.name, args, keywords, line: expression.line, column: expression.column };
        this.deeper(token);
      } else {
        break;
      }
    }
    this.depth = depth;
    return expression;
  }

  private arguments(): { args: Expression[]; keywords: Keyword[] } {
    const open = this.next();
    return this.nested(open, () => {
      const args: Expression[] = [];
      const keywords: Keyword[] = [];
      while (!(this.peek().kind === 'op' && this.peek().text === ')')) {
        if (this.peek().kind === 'end' || this.peek().kind === 'newline') throw sourceError('syntax-error', open, "'(' was never closed");
        if (this.peek().kind === 'name' && this.peek(1).text === '=' && this.peek(1).kind === 'op') {
          const name = this.next();
          this.index++;
          keywords.push({ name: name.text, value: this.expression(), at: name });
        } else {
          if (keywords.length > 0) throw sourceError('syntax-error', this.peek(), 'a positional argument cannot follow a keyword argument');
          args.push(this.expression());
        }
        if (this.peek().text === ',' && this.peek().kind === 'op') this.index++;
        else if (!(this.peek().text === ')' && this.peek().kind === 'op')) throw this.unexpected(this.peek(), "expected ',' or ')'");
      }
      this.index++;
      return { args, keywords };
    });
  }

  private atom(): Expression {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'number', number: token.number, line: token.line, column: token.column };
      case 'string':
        if (token.formatted) throw sourceError('syntax-error', token, 'f-strings are only allowed inside print(...)');
        return { kind: 'string', value: token.string, line: token.line, column: token.column };
      case 'name':
        if (UNSUPPORTED_STATEMENTS.has(token.text)) throw sourceError('syntax-error', token, `'${token.text}' is not supported`);
        return { kind: 'name', name: token.text, line: token.line, column: token.column };
      default:
        if (token.text === '(') {
          return this.nested(token, () => {
            const inner = this.expression();
            const close = this.next();
            if (close.text !== ')') {
              if (close.kind === 'newline' || close.kind === 'end') throw sourceError('syntax-error', token, "'(' was never closed");
              throw this.unexpected(close, "expected ')'");
            }
            return inner;
          });
        }
        throw this.unexpected(token, 'expected a number, a name or (');
    }
  }

  // --- helpers ---

  /** Counts nesting (parentheses, unary signs, powers, calls) so deep input is an error, not a stack overflow. */
  private nested<T>(at: Position, parse: () => T): T {
    this.deeper(at);
    try {
      const result = parse();
      this.depth--;
      return result;
    } catch (error) {
      // Only reachable when maxDepth is configured beyond what the stack holds: the same answer, earlier.
      if (isStackOverflow(error)) throw tooDeep(at, this.limits.maxDepth, true);
      throw error;
    }
  }

  private deeper(at: Position): void {
    if (++this.depth > this.limits.maxDepth) throw tooDeep(at, this.limits.maxDepth);
  }

  private unexpected(token: Token, expected: string) {
    if (token.kind === 'op' && ['%', '//', '@', '<<', '>>', '&', '|', '^', '~'].includes(token.text)) {
      return sourceError('syntax-error', token, `operator '${token.text}' is not supported (use + - * / **)`);
    }
    if (token.kind === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(token.text)) {
      return sourceError('syntax-error', token, `comparison '${token.text}' is not supported`);
    }
    const what = token.kind === 'newline' || token.kind === 'end' ? 'end of line' : `'${token.text}'`;
    return sourceError('syntax-error', token, `unexpected ${what}: ${expected}`);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }
}
