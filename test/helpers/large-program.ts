/**
 * A program of about `values` values that fits the default source limit (100,000 characters):
 * short names and four values a line, `x=(a*b+c+d).tanh()`, each line taking recent values (now
 * and then an old one, so a few edges are long). tanh keeps every value finite. The same bytes on
 * every run for a given seed.
 */
export function largeProgram(values: number, seed = 1): string {
  let state = seed >>> 0 || 1;
  // xorshift32: small, deterministic, good enough to pick operands.
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
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
