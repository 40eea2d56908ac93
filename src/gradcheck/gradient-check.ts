import { recompute, type Value } from '../engine/index.js';
import { GradvizError } from '../errors.js';

/** One leaf's backpropagated gradient beside the one measured by nudging it. */
export interface GradientCheck {
  id: string;
  label: string;
  grad: number;
  /** `(f(x+h) - f(x-h)) / 2h`; null when a nudged pass is not finite (at the edge of log's domain, say). */
  numeric: number | null;
  /** `|numeric - grad| / max(|numeric|, |grad|, 1e-12)`; null with numeric. */
  relativeError: number | null;
}

export interface GradcheckLimits {
  /**
   * Leaves times values: each leaf costs two forward passes over the whole graph. Measured about
   * 16 ns per value and pass, so 20,000,000 is some 0.6 s; the lecture's examples need under 100.
   */
  maxGradcheckWork: number;
}

export const DEFAULT_GRADCHECK_LIMITS: Readonly<GradcheckLimits> = Object.freeze({ maxGradcheckWork: 20_000_000 });

/** The lecture's nudge, scaled so that large values still move: `h = 1e-6 * max(1, |x|)`. */
export function nudgeFor(x: number): number {
  return 1e-6 * Math.max(1, Math.abs(x));
}

/**
 * The lecture's check of `a.grad` by nudging `a`, for every leaf of a graph whose backward pass has
 * run: two forward passes per leaf with the leaf moved by +-h, the root's change over 2h beside the
 * gradient. `order` is the topological order (the root last) and `ids` names its values. Every data
 * is restored afterwards. Throws GradvizError limit-exceeded (maxGradcheckWork) before any pass.
 */
export function gradientCheck(
  order: readonly Value[],
  ids: ReadonlyMap<Value, string>,
  limits: GradcheckLimits = DEFAULT_GRADCHECK_LIMITS,
): GradientCheck[] {
  const root = order[order.length - 1];
  if (root === undefined) return [];
  const leaves = order.filter((value) => value.isLeaf);
  const work = leaves.length * order.length;
  if (work > limits.maxGradcheckWork) {
    throw new GradvizError(
      'limit-exceeded',
      `a gradient check of ${leaves.length.toLocaleString('en-US')} leaves over ${order.length.toLocaleString('en-US')} values ` +
        `is ${work.toLocaleString('en-US')} value-passes; the limit maxGradcheckWork is ${limits.maxGradcheckWork.toLocaleString('en-US')}`,
      { limit: 'maxGradcheckWork', limitValue: limits.maxGradcheckWork, requested: work },
    );
  }
  const checks = leaves.map((leaf) => {
    const x = leaf.data;
    const h = nudgeFor(x);
    const rootAt = (nudged: number): number => {
      leaf.data = nudged;
      recompute(order);
      return root.data;
    };
    const up = rootAt(x + h);
    const down = rootAt(x - h);
    leaf.data = x;
    const numeric = (up - down) / (2 * h);
    const finite = Number.isFinite(numeric);
    return {
      id: ids.get(leaf) ?? '',
      label: leaf.label,
      grad: leaf.grad,
      numeric: finite ? numeric : null,
      relativeError: finite ? Math.abs(numeric - leaf.grad) / Math.max(Math.abs(numeric), Math.abs(leaf.grad), 1e-12) : null,
    };
  });
  recompute(order);
  return checks;
}
