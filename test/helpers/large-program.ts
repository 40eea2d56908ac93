/** xorshift32: small, deterministic, good enough to pick operands. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/**
 * A program of about `values` values with short names and four values a line,
 * `x=(a*b+c+d).tanh()`, each line taking recent values (now and then an old one, so a few edges
 * are long); about 8 characters a value, so up to about 12,000 values fit the default source limit
 * (100,000 characters). tanh keeps every value finite. The same bytes on every run for a given seed.
 */
export function largeProgram(values: number, seed = 1): string {
  const next = generator(seed);
  const names: string[] = [];
  const name = (i: number): string => `v${i.toString(36)}`;
  const pick = (): string => {
    const span = next() < 0.98 ? Math.min(names.length, 8) : names.length;
    return names[names.length - 1 - Math.floor(next() * span)] as string;
  };
  const lines: string[] = [];
  const leaves = Math.max(4, Math.min(64, Math.round(values / 100)));
  for (let i = 0; i < leaves; i++) {
    lines.push(`${name(i)}=Value(${(next() * 2 - 1).toFixed(2)})`);
    names.push(name(i));
  }
  for (let count = leaves; count < values; count += 4) {
    const target = name(names.length);
    lines.push(`${target}=(${pick()}*${pick()}+${pick()}+${pick()}).tanh()`);
    names.push(target);
  }
  const last = names[names.length - 1] as string;
  lines.push(`${last}.backward()`);
  return `${lines.join('\n')}\n`;
}

/**
 * A program of about `values` values in about 3.4 characters a value, so that 20,000 values (the
 * default MAX_DRAWN_VALUES) fit the default source and statement limits: 26 one-letter names, each
 * line `a=(b*c+d*e+f*g+h*i).tanh()` (eight values) reassigning one of them from any of them. tanh
 * keeps every value finite. The same bytes on every run for a given seed.
 */
export function compactProgram(values: number, seed = 1): string {
  const next = generator(seed);
  const names = 'abcdefghijklmnopqrstuvwxyz';
  const pick = (): string => names[Math.floor(next() * names.length)] as string;
  const lines: string[] = [];
  for (const name of names) lines.push(`${name}=Value(${(next() * 2 - 1).toFixed(2)})`);
  for (let count = names.length, i = 0; count < values; count += 8, i++) {
    lines.push(`${names[i % names.length] as string}=(${pick()}*${pick()}+${pick()}*${pick()}+${pick()}*${pick()}+${pick()}*${pick()}).tanh()`);
  }
  const last = names[(lines.length - names.length - 1) % names.length] as string;
  lines.push(`${last}.backward()`);
  return `${lines.join('\n')}\n`;
}
