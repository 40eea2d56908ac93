/** Python source text for numbers, strings and names, safe whatever a label holds. */

/** A float literal Python reads back as exactly this double: `2.0`, `-0.0`, `1e-07`, `0.1`. */
export function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`pythonFloat: ${x} has no Python literal`);
  if (Object.is(x, -0)) return '-0.0';
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * A string literal of ASCII only: quotes, backslashes, control characters and everything past
 * ASCII escaped, so no label can end the string, the line or the file, whatever it holds.
 */
export function pythonString(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}'`;
}

const KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for from global ' +
    'if import in is lambda nonlocal not or pass raise return try while with yield match case type _').split(' '),
);

/**
 * Names the generated code uses itself, and builtins a student would not want shadowed.
 */
const TAKEN = new Set(
  'torch math sys random print repr ascii len range sum list dict set str int float abs min max Value values labels np'.split(' '),
);

/**
 * A Python variable name for each value: its label when that is a plain ASCII identifier no other
 * value has taken (and not a keyword, a builtin the code uses or a dunder), else its id (`n7`).
 */
export function variableNames(ids: readonly string[], labels: readonly string[]): string[] {
  const used = new Set(ids);
  return ids.map((id, i) => {
    const label = labels[i] as string;
    const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(label) && !label.startsWith('__');
    if (!plain || KEYWORDS.has(label) || TAKEN.has(label) || used.has(label)) return id;
    used.add(label);
    return label;
  });
}
