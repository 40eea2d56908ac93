import { PythonRandom } from '../../src/nn/python-random.js';

/** Labels a Python identifier cannot be: keywords, spaces, quotes, digits first, non-ASCII, markup. */
export const NAUGHTY_LABELS = ['a b', 'class', '1x', "x'\"", 'ü', '<script>', 'None', 'grad', 'x.y', '', 'print', '__init__'];

const TEMPLATES: ((a: string, b: string) => string)[] = [
  (a, b) => `${a} + ${b}`,
  (a, b) => `${a} * ${b}`,
  (a, b) => `${a} - 2.5 * ${b}`,
  (a, b) => `${a} / (${b}**2 + 1.0)`,
  (a) => `(${a} * 0.5).tanh()`,
  (a) => `(0.3 * ${a}).exp()`,
  (a) => `(${a}**2 + 1.0).log()`,
  (a, b) => `${a}.relu() + ${b}`,
  (a) => `sigmoid(${a})`,
  (a) => `${a} ** 3`,
  (a) => `3.0 - ${a}`,
  (a) => `2 / (${a}**2 + 1)`,
  (a) => `-${a}`,
  (a, b) => `${a} * ${a} + ${b}`,
];

/** A single-quoted Python string literal. */
function pythonString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A reproducible micrograd program: a few labelled leaves (some with naughty labels), then
 * `statements` lines each combining earlier names through one of the templates, then backward.
 */
export function randomProgram(seed: number, statements = 8): string {
  const rng = new PythonRandom(BigInt(seed));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.random() * items.length)] as T;
  const names: string[] = [];
  const lines: string[] = [];
  const leaves = 2 + Math.floor(rng.random() * 3);
  for (let i = 0; i < leaves; i++) {
    const data = Math.round((rng.random() * 4 - 2) * 1000) / 1000;
    const label = rng.random() < 0.4 ? pick(NAUGHTY_LABELS) : `x${i}`;
    names.push(`x${i}`);
    lines.push(`x${i} = Value(${data.toFixed(3)}, label=${pythonString(label)})`);
  }
  for (let k = 0; k < statements; k++) {
    const name = `v${k}`;
    lines.push(`${name} = ${pick(TEMPLATES)(pick(names), pick(names))}`);
    names.push(name);
  }
  lines.push(`out = ${names[names.length - 1]} + ${names[names.length - 2]}`);
  lines.push('out.backward()');
  return lines.join('\n');
}
