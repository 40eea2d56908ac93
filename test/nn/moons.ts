import { PythonRandom } from '../../src/nn/python-random.js';

/** Two interleaved half circles labelled +1 and -1, like the make_moons data of micrograd's demo. */
export function moons(count: number, seed = 7n): { inputs: number[][]; targets: number[] } {
  const rng = new PythonRandom(seed);
  const inputs: number[][] = [];
  const targets: number[] = [];
  for (let i = 0; i < count; i++) {
    const upper = i % 2 === 0;
    const angle = Math.PI * rng.random();
    const noise = (): number => rng.uniform(-0.1, 0.1);
    inputs.push([
      Math.cos(angle) + (upper ? 0 : 1) + noise(),
      Math.sin(angle) * (upper ? 1 : -1) + (upper ? 0 : 0.5) + noise(),
    ]);
    targets.push(upper ? 1 : -1);
  }
  return { inputs, targets };
}
