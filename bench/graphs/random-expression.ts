import { Value } from '../../src/engine/index.js';

/** A small seeded generator (mulberry32): the same seed gives the same graph on every machine. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A lecture-style expression of about `size` values, like a long program: each new value combines
 * recent ones (the last eight) with a fresh constant or another recent value; about 1% of operands
 * reach back to any earlier value, the long edges that make layouts expensive. Ends in one sum, so
 * the root depends on everything; `backward()` has run.
 */
export function randomExpression(size: number, seed: number): Value {
  const random = generator(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const made: Value[] = [new Value(1.5, 'x0'), new Value(-0.5, 'x1')];
  let values = 2;
  const operand = (): Value => {
    if (random() < 0.01) return pick(made);
    return made[made.length - 1 - Math.floor(random() * Math.min(8, made.length))] as Value;
  };
  while (values < size - 1) {
    const a = operand();
    const choice = random();
    let out: Value;
    if (choice < 0.15) {
      out = a.tanh();
      values += 1;
    } else {
      const fresh = random() < 0.35;
      const b = fresh ? new Value(Math.round(random() * 40 - 20) / 10, `c${values}`) : operand();
      out = choice < 0.6 ? a.add(b) : a.mul(b);
      values += fresh ? 2 : 1;
    }
    // Keeps the numbers finite however long the program runs.
    if (Math.abs(out.data) > 100) {
      out = out.tanh();
      values += 1;
    }
    out.label = `v${made.length}`;
    made.push(out);
  }
  // Only values nothing uses yet feed the final sum, so the graph has one root.
  const used = new Set<Value>();
  for (const v of made) for (const input of v.inputs) used.add(input);
  let root = made.filter((v) => !used.has(v)).reduce((sum, v) => sum.add(v));
  root.label = 'out';
  root = root.tanh();
  root.label = 'y';
  root.backward();
  return root;
}

/** `x = Value(1.0); s = x` then `s = s + x` `steps` times: the fan-out Graphviz takes seconds on. */
export function fanOutProgram(steps: number): string {
  return ['x = Value(1.0)', 's = x', ...Array.from({ length: steps }, () => 's = s + x')].join('\n');
}
