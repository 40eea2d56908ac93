import { GradvizError } from '../errors.js';
import { Mt19937 } from './mt19937.js';

/**
 * NumPy's legacy global generator (`np.random.seed(n)` then `np.random.*`, the `RandomState` that
 * scikit-learn's `check_random_state(None)` hands out), for the calls the notebooks make: the same
 * seed gives the same numbers as NumPy, so datasets and mini-batches match the notebook's.
 */
export class NumpyRandomState {
  private readonly mt = new Mt19937();
  /** The legacy Gaussian makes two numbers at a time and keeps the second for the next call. */
  private cachedGauss: number | undefined;

  /** `np.random.seed(seed)`: NumPy takes integers from 0 to 2^32 - 1. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new GradvizError('invalid-request', `a NumPy seed must be an integer from 0 to 4294967295, got ${seed}`);
    }
    this.mt.seedScalar(seed);
  }

  /** `random_sample()`: a double in [0, 1). */
  randomSample(): number {
    return this.mt.nextDouble();
  }

  /** `uniform(low, high)`: `low + (high - low) * random_sample()`. */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.randomSample();
  }

  /** The legacy standard normal: Marsaglia's polar method, the second number cached for the next call. */
  gauss(): number {
    if (this.cachedGauss !== undefined) {
      const kept = this.cachedGauss;
      this.cachedGauss = undefined;
      return kept;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.cachedGauss = f * x1;
    return f * x2;
  }

  /** `normal(loc, scale)`: `loc + scale * gauss()`. */
  normal(loc: number, scale: number): number {
    return loc + scale * this.gauss();
  }

  /**
   * A uniform integer in [0, max] by rejection: draw 32 bits, keep the bits of the smallest mask
   * that covers max, retry while above max. How NumPy's shuffle picks each swap partner.
   */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do value = (this.mt.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** `shuffle(items)` in place: Fisher-Yates from the last position down, as NumPy does it. */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const kept = items[i] as T;
      items[i] = items[j] as T;
      items[j] = kept;
    }
  }

  /** `permutation(n)`: `arange(n)` shuffled. */
  permutation(n: number): number[] {
    const indices = Array.from({ length: n }, (_, i) => i);
    this.shuffle(indices);
    return indices;
  }
}
