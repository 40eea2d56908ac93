import type { NumpyRandomState } from '../numpy-random.js';
import type { LabelledPoints } from './types.js';

/**
 * scikit-learn's make_moons, make_circles and make_blobs with `random_state` left to NumPy's global
 * generator, call for call: the same points in the same order, and the generator left in the same state.
 */

/** `np.linspace(start, stop, num, endpoint)`: `i * step + start`, the last point set to `stop` exactly. */
export function linspace(start: number, stop: number, num: number, endpoint = true): number[] {
  const div = endpoint ? num - 1 : num;
  if (div <= 0) return num === 1 ? [start] : [];
  const step = (stop - start) / div;
  const y = Array.from({ length: num }, (_, i) => i * step + start);
  if (endpoint) y[num - 1] = stop;
  return y;
}

/** sklearn's `shuffle(X, y)`: NumPy shuffles `arange(n)` and the rows are taken in that order. */
function shuffleRows(data: LabelledPoints, rng: NumpyRandomState): LabelledPoints {
  const order = rng.permutation(data.points.length);
  return { points: order.map((i) => data.points[i] as number[]), classes: order.map((i) => data.classes[i] as number) };
}

/** `X += normal(scale=noise, size=X.shape)`, drawn row by row. */
function addNoise(points: number[][], noise: number, rng: NumpyRandomState): void {
  for (const row of points) {
    for (let j = 0; j < row.length; j++) row[j] = (row[j] as number) + rng.normal(0.0, noise);
  }
}

/** Two classes: the first `outer` points are class 0, the rest class 1. */
function twoClasses(xs: number[], ys: number[], outer: number): LabelledPoints {
  return { points: xs.map((x, i) => [x, ys[i] as number]), classes: xs.map((_, i) => (i < outer ? 0 : 1)) };
}

/** `make_moons(n_samples, noise=noise)`: two interleaved half circles. */
export function makeMoons(samples: number, noise: number, rng: NumpyRandomState): LabelledPoints {
  const outer = Math.floor(samples / 2);
  const inner = samples - outer;
  const a = linspace(0, Math.PI, outer);
  const b = linspace(0, Math.PI, inner);
  const xs = [...a.map(Math.cos), ...b.map((t) => 1 - Math.cos(t))];
  const ys = [...a.map(Math.sin), ...b.map((t) => 1 - Math.sin(t) - 0.5)];
  const data = shuffleRows(twoClasses(xs, ys, outer), rng);
  addNoise(data.points, noise, rng);
  return data;
}

/** `make_circles(n_samples, noise=noise, factor=factor)`: a circle inside a circle. */
export function makeCircles(samples: number, noise: number, factor: number, rng: NumpyRandomState): LabelledPoints {
  const outer = Math.floor(samples / 2);
  const inner = samples - outer;
  const a = linspace(0, 2 * Math.PI, outer, false);
  const b = linspace(0, 2 * Math.PI, inner, false);
  const xs = [...a.map(Math.cos), ...b.map((t) => Math.cos(t) * factor)];
  const ys = [...a.map(Math.sin), ...b.map((t) => Math.sin(t) * factor)];
  const data = shuffleRows(twoClasses(xs, ys, outer), rng);
  addNoise(data.points, noise, rng);
  return data;
}

/** `make_blobs(n_samples, centers=2, cluster_std=std)`: two Gaussian clusters around random centers in [-10, 10)^2. */
export function makeBlobs(samples: number, std: number, rng: NumpyRandomState): LabelledPoints {
  const centers = [0, 1].map(() => [rng.uniform(-10.0, 10.0), rng.uniform(-10.0, 10.0)]);
  const perCenter = [Math.floor(samples / 2), Math.floor(samples / 2)];
  if (samples % 2 === 1) perCenter[0] = (perCenter[0] as number) + 1;
  const points: number[][] = [];
  const classes: number[] = [];
  perCenter.forEach((count, c) => {
    const center = centers[c] as number[];
    for (let i = 0; i < count; i++) {
      points.push(center.map((loc) => rng.normal(loc, std)));
      classes.push(c);
    }
  });
  return shuffleRows({ points, classes }, rng);
}
