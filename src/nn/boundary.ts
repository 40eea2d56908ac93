import { GradvizError } from '../errors.js';
import { checkLimit, type MlpLimits } from './limits.js';
import type { MLP } from './network.js';
import { predict } from './forward.js';

/** The model's score over a grid: `scores[row][column]` is the score at `(xs[column], ys[row])`. */
export interface Boundary {
  xs: number[];
  ys: number[];
  scores: number[][];
}

export interface BoundaryOptions {
  /** The grid's spacing, the notebook's `h`. Default 0.25. */
  step?: number;
  /** How far the grid reaches past the data on each side. Default 1, as in the notebook. */
  margin?: number;
}

export const DEFAULT_BOUNDARY = { step: 0.25, margin: 1 } as const;

/**
 * NumPy's `arange(start, stop, step)` for floats: ceil((stop - start) / step) points; the second is
 * `start + step`, and from the third on NumPy adds multiples of the difference of the first two,
 * which is not always `step` exactly.
 */
export function arange(start: number, stop: number, step: number): number[] {
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length === 0) return [];
  const values = [start];
  if (length === 1) return values;
  const second = start + step;
  values.push(second);
  const delta = second - start;
  for (let i = 2; i < length; i++) values.push(start + i * delta);
  return values;
}

function checked(points: readonly (readonly number[])[], options: BoundaryOptions): { step: number; margin: number } {
  const step = options.step ?? DEFAULT_BOUNDARY.step;
  const margin = options.margin ?? DEFAULT_BOUNDARY.margin;
  if (!(Number.isFinite(step) && step > 0)) throw new GradvizError('invalid-request', 'the boundary step must be a number > 0');
  if (!(Number.isFinite(margin) && margin >= 0)) throw new GradvizError('invalid-request', 'the boundary margin must be a number >= 0');
  if (points.length === 0 || points.some((p) => p.length !== 2 || !p.every(Number.isFinite))) {
    throw new GradvizError('invalid-request', 'a decision boundary needs points of two finite numbers');
  }
  return { step, margin };
}

/** The range of coordinate j over the points, widened by the margin on both sides. */
function span(points: readonly (readonly number[])[], j: number, margin: number): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const p of points) {
    low = Math.min(low, p[j] as number);
    high = Math.max(high, p[j] as number);
  }
  return [low - margin, high + margin];
}

/** The grid's axes: the notebook's `arange(min - margin, max + margin, h)` for each coordinate. */
export function boundaryAxes(points: readonly (readonly number[])[], options: BoundaryOptions = {}): { xs: number[]; ys: number[] } {
  const { step, margin } = checked(points, options);
  const [x0, x1] = span(points, 0, margin);
  const [y0, y1] = span(points, 1, margin);
  return { xs: arange(x0, x1, step), ys: arange(y0, y1, step) };
}

/**
 * The notebook's decision boundary: the trained network's first output at every point of the grid
 * over the data's range, scored in plain numbers (the same floats a graph per point would give).
 * Throws GradvizError: invalid-request, limit-exceeded (maxBoundaryCells) before anything is scored.
 */
export function decisionBoundary(
  network: MLP,
  points: readonly (readonly number[])[],
  options: BoundaryOptions,
  limits: Pick<MlpLimits, 'maxBoundaryCells'>,
): Boundary {
  if (network.sizes[0] !== 2) throw new GradvizError('invalid-request', 'a decision boundary needs a network of two inputs');
  const { step, margin } = checked(points, options);
  // Counted from the extent first: a tiny step must be refused before any array is made.
  const cells = [0, 1].map((j) => {
    const [low, high] = span(points, j, margin);
    return Math.max(0, Math.ceil((high - low) / step));
  });
  checkLimit(limits as MlpLimits, 'maxBoundaryCells', (cells[0] as number) * (cells[1] as number));
  const { xs, ys } = boundaryAxes(points, options);
  const scores = ys.map((y) => xs.map((x) => predict(network, [x, y])[0] as number));
  return { xs, ys, scores };
}
