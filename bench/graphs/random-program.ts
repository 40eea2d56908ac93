/** Programs of known shapes for the cost-model benchmark and tests, the same bytes on every run (fixed seeds). */

/**
 * A lecture-style program of about `values` values: each statement combines one or two recent
 * values (and now and then an old one, so a few edges are long) with +, *, tanh or exp.
 */
export function randomProgram(values: number, seed: number): string {
  let state = seed >>> 0 || 1;
  // xorshift32: small, deterministic, good enough to pick operands.
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const lines: string[] = [];
  const names: string[] = [];
  const pick = () => {
    const recent = next() < 0.99;
    const span = recent ? Math.min(names.length, 6) : names.length;
    return names[names.length - 1 - Math.floor(next() * span)] as string;
  };
  for (let i = 0; i < Math.max(2, Math.round(values / 4)); i++) {
    const name = `v${i}`;
    lines.push(`${name} = Value(${(next() * 2 - 1).toFixed(3)}, label='${name}')`);
    names.push(name);
  }
  for (let i = 0; names.length < values; i++) {
    const name = `w${i}`;
    const choice = next();
    if (choice < 0.4) lines.push(`${name} = ${pick()} + ${pick()}`);
    else if (choice < 0.8) lines.push(`${name} = ${pick()} * ${pick()}`);
    else lines.push(`${name} = (${pick()} * 0.1).tanh()`);
    names.push(name);
  }
  return lines.join('\n');
}
