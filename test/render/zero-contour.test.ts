import { describe, expect, it } from 'vitest';
import { zeroContour } from '../../src/render/zero-contour.js';

describe('the zero line of a grid of scores', () => {
  it('crosses each side where the score changes sign, linearly interpolated', () => {
    // Score x - 0.25 on a 2 x 2 grid: the line x = 0.25 from the bottom side to the top side.
    expect(zeroContour([0, 1], [0, 1], [[-0.25, 0.75], [-0.25, 0.75]])).toEqual([{ x1: 0.25, y1: 0, x2: 0.25, y2: 1 }]);
  });

  it('cuts off a corner whose sign differs', () => {
    expect(zeroContour([0, 2], [0, 2], [[-1, 1], [1, 1]])).toEqual([{ x1: 1, y1: 0, x2: 0, y2: 1 }]);
  });

  it('splits a saddle by the sign of its centre', () => {
    // Corners +, -, +, - around the square; the centre (0.25 average) is positive like the first corner.
    expect(zeroContour([0, 1], [0, 1], [[2, -1], [-1, 1]])).toHaveLength(2);
    const [a, b] = zeroContour([0, 1], [0, 1], [[2, -1], [-1, 1]]);
    // The negative corners (bottom right, top left) are cut off, each by its own segment.
    expect(a).toEqual({ x1: 2 / 3, y1: 0, x2: 1, y2: 0.5 });
    expect(b).toEqual({ x1: 0.5, y1: 1, x2: 0, y2: 2 / 3 });
  });

  it('draws nothing where every score has one sign, and counts 0 as negative as Z > 0 does', () => {
    expect(zeroContour([0, 1, 2], [0, 1], [[1, 2, 3], [4, 5, 6]])).toEqual([]);
    expect(zeroContour([0, 1], [0, 1], [[0, 0], [0, 0]])).toEqual([]);
  });
});
