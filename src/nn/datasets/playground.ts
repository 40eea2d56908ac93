import type { NumpyRandomState } from '../numpy-random.js';
import type { LabelledPoints } from './types.js';

/**
 * The TensorFlow Playground's classification sets (xor, spiral, two Gaussians), drawn from NumPy's
 * legacy generator so that one seed makes every data set reproducible, here and in Python alike:
 * uniform draws are `uniform(a, b)`, Gaussian ones `normal(loc, scale)`. gauss and spiral make the
 * first ceil(n/2) points class 1 (+1), the rest class 0 (-1), then shuffle the rows with
 * `permutation(n)` as the scikit-learn sets do. `noise` is the Playground's, 0 to 0.5.
 */

function shuffled(data: LabelledPoints, rng: NumpyRandomState): LabelledPoints {
  const order = rng.permutation(data.points.length);
  return { points: order.map((i) => data.points[i] as number[]), classes: order.map((i) => data.classes[i] as number) };
}

function halves(samples: number): [number, number] {
  const first = Math.ceil(samples / 2);
  return [first, samples - first];
}

/** Two Gaussian clusters around (2, 2) and (-2, -2); the variance grows from 0.5 to 4 with the noise. */
export function makeGauss(samples: number, noise: number, rng: NumpyRandomState): LabelledPoints {
  const variance = 0.5 + (3.5 * noise) / 0.5;
  const std = Math.sqrt(variance);
  const points: number[][] = [];
  const classes: number[] = [];
  halves(samples).forEach((count, half) => {
    const center = half === 0 ? 2 : -2;
    for (let i = 0; i < count; i++) {
      points.push([rng.normal(center, std), rng.normal(center, std)]);
      classes.push(half === 0 ? 1 : 0);
    }
  });
  return shuffled({ points, classes }, rng);
}

/** Two interleaved spiral arms of radius 5, each point nudged by `uniform(-1, 1) * noise` per coordinate. */
export function makeSpiral(samples: number, noise: number, rng: NumpyRandomState): LabelledPoints {
  const points: number[][] = [];
  const classes: number[] = [];
  halves(samples).forEach((count, half) => {
    const turn = half === 0 ? 0 : Math.PI;
    for (let i = 0; i < count; i++) {
      const r = (i / count) * 5;
      const t = ((1.75 * i) / count) * 2 * Math.PI + turn;
      const x = r * Math.sin(t) + rng.uniform(-1, 1) * noise;
      const y = r * Math.cos(t) + rng.uniform(-1, 1) * noise;
      points.push([x, y]);
      classes.push(half === 0 ? 1 : 0);
    }
  });
  return shuffled({ points, classes }, rng);
}

/**
 * Points uniform in [-5, 5)^2, pushed 0.3 away from the axes; the class is the sign of x*y
 * measured at the point moved by `uniform(-5, 5) * noise` per coordinate, so noise mislabels
 * points near the axes rather than moving them.
 */
export function makeXor(samples: number, noise: number, rng: NumpyRandomState): LabelledPoints {
  const padded = (v: number): number => (v > 0 ? v + 0.3 : v - 0.3);
  const points: number[][] = [];
  const classes: number[] = [];
  for (let i = 0; i < samples; i++) {
    const x = padded(rng.uniform(-5, 5));
    const y = padded(rng.uniform(-5, 5));
    const nx = rng.uniform(-5, 5) * noise;
    const ny = rng.uniform(-5, 5) * noise;
    points.push([x, y]);
    classes.push((x + nx) * (y + ny) >= 0 ? 1 : 0);
  }
  return { points, classes };
}
