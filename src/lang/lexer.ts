import { float, int, type PyNumber } from './python-number.js';
import { sourceError, type Position } from './source-error.js';

export type Token =
  | ({ kind: 'number'; text: string; number: PyNumber } & Position)
  | ({ kind: 'string'; text: string; string: string; formatted: boolean } & Position)
  | ({ kind: 'name' | 'op' | 'newline' | 'end'; text: string } & Position);

// Longest first, so `**=` is not read as `**` then `=`. Operators gradviz does not support are still
// read, so the parser can say "operator '%' is not supported" instead of "unexpected character".
const OPERATORS = [
  '**=', '//=', '>>=', '<<=',
  '**', '//', '+=', '-=', '*=', '/=', '%=', '==', '!=', '<=', '>=', '->', ':=', '<<', '>>',
  '+', '-', '*', '/', '%', '@', '(', ')', '[', ']', '{', '}', ',', ':', '.', '=', '<', '>', '&', '|', '^', '~', ';',
];

const DECIMAL_FLOAT = /(?:\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*[eE][+-]?\d(?:_?\d)*/y;
const DECIMAL_INT = /\d(?:_?\d)*/y;
const RADIX_INT = /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+/y;
// Python's identifiers, minus the invisible format characters (zero-width joiners) that recent Unicode
// allows inside them: `a\u200db` would look exactly like `ab` and be another name.
const NAME = /[\p{ID_Start}_](?:(?!\p{Cf})\p{ID_Continue})*/uy;

/** Whether `text` is one whole name, as a program could write it. */
export function isIdentifier(text: string): boolean {
  NAME.lastIndex = 0;
  return NAME.test(text) && NAME.lastIndex === text.length;
}
const STRING_START = /([rRbBuUfF]{0,2})('''|"""|'|")/y;

const INVISIBLE: Record<number, string> = {
  0x00: 'NULL',
  0x09: 'CHARACTER TABULATION',
  0xa0: 'NO-BREAK SPACE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

function describeCharacter(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = INVISIBLE[code];
  if (name !== undefined) return `${hex} ${name}`;
  return code > 0x20 && code !== 0x7f ? `'${String.fromCodePoint(code)}' (${hex})` : hex;
}

/**
 * Splits Python-like source into tokens with 1-based positions. Newlines inside brackets and after a
 * backslash join lines, as in Python; `;` ends a statement like a newline does.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = source.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark from a copied file
  let line = 1;
  let lineStart = 0;
  let brackets = 0;
  const here = (at = index): Position => ({ line, column: at - lineStart + 1 });

  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };

  while (index < source.length) {
    const ch = source[index] as string;
    if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\r') {
      index++;
    } else if (ch === '\n') {
      if (brackets === 0) tokens.push({ kind: 'newline', text: '\n', ...here() });
      newline(index);
      index++;
    } else if (ch === '#') {
      while (index < source.length && source[index] !== '\n') index++;
    } else if (ch === '\\' && (source[index + 1] === '\n' || (source[index + 1] === '\r' && source[index + 2] === '\n'))) {
      index += source[index + 1] === '\n' ? 1 : 2;
      newline(index);
      index++;
    } else if (isDigit(ch) || (ch === '.' && isDigit(source[index + 1]))) {
      const token = readNumber(source, index, here());
      tokens.push(token);
      index += token.text.length;
    } else if (startsString(source, index)) {
      const token = readString(source, index, here(), newline);
      tokens.push(token);
      index += token.text.length;
    } else if ((NAME.lastIndex = index, NAME.test(source))) {
      const text = source.slice(index, NAME.lastIndex);
      tokens.push({ kind: 'name', text, ...here() });
      index = NAME.lastIndex;
    } else {
      const op = OPERATORS.find((candidate) => source.startsWith(candidate, index));
      if (op === undefined) {
        const code = source.codePointAt(index) as number;
        throw sourceError('syntax-error', here(), `unexpected character ${describeCharacter(code)}`);
      }
      if (op === '(' || op === '[' || op === '{') brackets++;
      if ((op === ')' || op === ']' || op === '}') && brackets > 0) brackets--;
      tokens.push({ kind: op === ';' ? 'newline' : 'op', text: op, ...here() });
      index += op.length;
    }
  }
  tokens.push({ kind: 'newline', text: '', ...here() }, { kind: 'end', text: '', ...here() });
  return tokens;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function startsString(source: string, index: number): boolean {
  STRING_START.lastIndex = index;
  return STRING_START.test(source);
}

function readNumber(source: string, start: number, at: Position): Token {
  const match = (pattern: RegExp) => {
    pattern.lastIndex = start;
    return pattern.test(source) ? source.slice(start, pattern.lastIndex) : undefined;
  };
  const radix = match(RADIX_INT);
  // The caller saw a digit, or a dot and a digit, so one of these matches.
  const text = radix ?? match(DECIMAL_FLOAT) ?? match(DECIMAL_INT) ?? '';
  const next = source[start + text.length];
  if (next === 'j' || next === 'J') throw sourceError('syntax-error', at, 'complex numbers are not supported');
  if (next !== undefined && /[\p{ID_Continue}]/u.test(next)) {
    throw sourceError('syntax-error', at, `invalid number literal '${text}${next}'`);
  }
  const digits = text.replace(/_/g, '');
  if (radix !== undefined) return { kind: 'number', text, number: int(Number(digits)), ...at };
  if (/^\d+$/.test(digits)) {
    if (digits.length > 1 && digits.startsWith('0') && /[1-9]/.test(digits)) {
      throw sourceError('syntax-error', at, `leading zeros in a decimal integer are not allowed ('${text}'); write 0o${digits.replace(/^0+/, '')} for octal`);
    }
    return { kind: 'number', text, number: int(Number(digits)), ...at };
  }
  return { kind: 'number', text, number: float(Number(digits)), ...at };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '',
};

function readString(source: string, start: number, at: Position, newline: (at: number) => void): Token {
  STRING_START.lastIndex = start;
  const [, prefix = '', quote = "'"] = STRING_START.exec(source) ?? [];
  const raw = /r/i.test(prefix);
  const formatted = /f/i.test(prefix);
  const triple = quote.length === 3;
  let index = start + prefix.length + quote.length;
  let value = '';
  while (true) {
    if (index >= source.length || (!triple && source[index] === '\n')) {
      throw sourceError('syntax-error', at, 'unterminated string');
    }
    if (source.startsWith(quote, index)) break;
    const ch = source[index] as string;
    if (ch === '\n') newline(index);
    if (ch === '\\' && index + 1 < source.length) {
      const next = source[index + 1] as string;
      if (next === '\n') newline(index + 1);
      if (raw) {
        value += ch + next;
        index += 2;
      } else {
        const escape = readEscape(source, index);
        value += escape.text;
        index += escape.length;
      }
      continue;
    }
    value += ch;
    index++;
  }
  const end = index + quote.length;
  return { kind: 'string', text: source.slice(start, end), string: value, formatted, ...at };
}

/** One backslash escape of a non-raw string, as Python reads it; an unknown one stays as written. */
function readEscape(source: string, index: number): { text: string; length: number } {
  const next = source[index + 1] as string;
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { text: simple, length: 2 };
  const octal = /^[0-7]{1,3}/.exec(source.slice(index + 1, index + 4));
  if (octal !== null) return { text: String.fromCharCode(parseInt(octal[0], 8)), length: 1 + octal[0].length };
  const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  const hex = source.slice(index + 2, index + 2 + width);
  if (width > 0 && hex.length === width && /^[0-9a-fA-F]+$/.test(hex) && parseInt(hex, 16) <= 0x10ffff) {
    return { text: String.fromCodePoint(parseInt(hex, 16)), length: 2 + width };
  }
  return { text: `\\${next}`, length: 2 };
}
