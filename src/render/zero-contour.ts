/** A piece of the line where a grid's score changes sign, in the grid's own coordinates. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Marching squares at level 0 over `scores[row][column]` sampled at `(xs[column], ys[row])`: in
 * each square of four samples, the points on its sides where the score crosses 0 (found by linear
 * interpolation), joined in pairs. A square whose opposite corners share a sign (a saddle) is
 * split by the sign of its centre, the average of the four. "Positive" is `score > 0`, as the
 * notebook's `Z > 0` decides a class.
 */
export function zeroContour(xs: readonly number[], ys: readonly number[], scores: readonly (readonly number[])[]): Segment[] {
  const segments: Segment[] = [];
  for (let r = 0; r + 1 < ys.length; r++) {
    const low = scores[r] as readonly number[];
    const high = scores[r + 1] as readonly number[];
    for (let c = 0; c + 1 < xs.length; c++) {
      const corners = [low[c], low[c + 1], high[c + 1], high[c]] as number[];
      const signs = corners.map((s) => s > 0);
      if (signs.every((s) => s === signs[0])) continue;
      const x0 = xs[c] as number;
      const x1 = xs[c + 1] as number;
      const y0 = ys[r] as number;
      const y1 = ys[r + 1] as number;
      const at = (a: number, b: number): number => (a === b ? 0.5 : a / (a - b));
      // Sides in order bottom, right, top, left; each undefined unless its ends differ in sign.
      const [s0, s1, s2, s3] = corners as [number, number, number, number];
      const sides = [
        signs[0] !== signs[1] ? { x: x0 + at(s0, s1) * (x1 - x0), y: y0 } : undefined,
        signs[1] !== signs[2] ? { x: x1, y: y0 + at(s1, s2) * (y1 - y0) } : undefined,
        signs[3] !== signs[2] ? { x: x0 + at(s3, s2) * (x1 - x0), y: y1 } : undefined,
        signs[0] !== signs[3] ? { x: x0, y: y0 + at(s0, s3) * (y1 - y0) } : undefined,
      ];
      const crossings = sides.filter((side) => side !== undefined);
      const join = (a: { x: number; y: number }, b: { x: number; y: number }) => segments.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y });
      if (crossings.length === 2) {
        join(crossings[0] as { x: number; y: number }, crossings[1] as { x: number; y: number });
        continue;
      }
      // A saddle: all four sides cross. The centre's sign says which corners it joins.
      const [bottom, right, top, left] = sides as { x: number; y: number }[];
      const centreLikeFirst = (s0 + s1 + s2 + s3) / 4 > 0 === signs[0];
      if (centreLikeFirst) {
        join(bottom as { x: number; y: number }, right as { x: number; y: number });
        join(top as { x: number; y: number }, left as { x: number; y: number });
      } else {
        join(bottom as { x: number; y: number }, left as { x: number; y: number });
        join(top as { x: number; y: number }, right as { x: number; y: number });
      }
    }
  }
  return segments;
}
