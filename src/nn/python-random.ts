import { Mt19937 } from './mt19937.js';

/**
 * CPython's `random` module for integer seeds, so that a seed gives the same weights as
 * micrograd run under Python: the Mersenne Twister seeded by `init_by_array` over the seed's
 * 32-bit words, and `random()` built from two draws with 53 bits of resolution.
 */
export class PythonRandom {
  private readonly mt = new Mt19937();

  constructor(seed: bigint = 0n) {
    this.seed(seed);
  }

  /** `random.seed(n)` for an int n: the key is abs(n) split into 32-bit words, least significant first. */
  seed(n: bigint): void {
    let rest = n < 0n ? -n : n;
    const key: number[] = [];
    do {
      key.push(Number(rest & 0xffffffffn));
      rest >>= 32n;
    } while (rest > 0n);
    this.mt.seedByArray(key);
  }

  /** `random.random()`: a float in [0, 1). */
  random(): number {
    return this.mt.nextDouble();
  }

  /** `random.uniform(a, b)`, computed as Python does: `a + (b - a) * random()`. */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /** One raw 32-bit output of the generator (Python's `getrandbits(32)`). */
  nextUint32(): number {
    return this.mt.nextUint32();
  }
}
