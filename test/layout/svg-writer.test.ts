import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hundredths, RelativePath, svgNumber } from '../../src/layout/svg-writer.js';

describe('numbers in hundredths', () => {
  test('are written as String(h / 100) writes them, never as -0', () => {
    for (let h = -1234; h <= 1234; h++) expect(hundredths(h)).toBe(String(h / 100));
    for (const h of [123456789, -98765432, 2 ** 31 + 7, 10 ** 12 + 5]) expect(hundredths(h)).toBe(String(h / 100));
    expect(svgNumber(-0.001)).toBe('0');
    expect(svgNumber(2.345)).toBe(String(Math.round(2.345 * 100) / 100));
  });

  test('are the same when looked up again, on both sides of the range kept', () => {
    // Counts up to 2^17 are kept once written; beyond they are written each time.
    const counts = [0, 1, -1, 99, -100, 131_070, 131_071, 131_072, 131_073, -131_071, -131_072, -131_073];
    for (let round = 0; round < 2; round++) for (const h of counts) expect(hundredths(h)).toBe(String(h / 100));
    fc.assert(
      fc.property(fc.integer({ min: -400_000, max: 400_000 }), (h) => hundredths(h) === String(h / 100) && hundredths(h) === String(h / 100)),
      { numRuns: 2_000 },
    );
  });
});

type Step = { kind: 'line' | 'move'; to: [number, number] } | { kind: 'curve'; c1: [number, number]; c2: [number, number]; to: [number, number] };

/** The absolute points (in hundredths) that relative path data names, step by step. */
function resolve(d: string): number[][] {
  const tokens = d.match(/[a-zA-Z]|-?\d*\.?\d+/g) ?? [];
  const arity: Record<string, number> = { M: 2, m: 2, l: 2, h: 1, v: 1, c: 6 };
  const points: number[][] = [];
  let x = 0;
  let y = 0;
  let command = '';
  for (let i = 0; i < tokens.length; ) {
    if (/[a-zA-Z]/.test(tokens[i] as string)) command = tokens[i++] as string;
    // Numbers repeated after a move are lines.
    else if (command === 'm') command = 'l';
    const v = tokens.slice(i, i + (arity[command] as number)).map((t) => Math.round(Number(t) * 100));
    i += arity[command] as number;
    if (command === 'M') [x, y] = v as [number, number];
    else if (command === 'h') x += v[0] as number;
    else if (command === 'v') y += v[0] as number;
    else if (command === 'c') {
      points.push([x + (v[0] as number), y + (v[1] as number), x + (v[2] as number), y + (v[3] as number)]);
      [x, y] = [x + (v[4] as number), y + (v[5] as number)];
    } else [x, y] = [x + (v[0] as number), y + (v[1] as number)];
    points.push([x, y]);
  }
  return points;
}

describe('relative path data', () => {
  const point = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -1e9, max: 1e9 }));
  const axisPoint = fc.oneof(point, fc.integer({ min: -500, max: 500 }).map((k): [number, number] => [k, 0]));
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('line' as const), to: axisPoint }),
    fc.record({ kind: fc.constant('move' as const), to: point }),
    fc.record({ kind: fc.constant('curve' as const), c1: point, c2: point, to: point }),
  );

  test('lands exactly on the points it was given, as absolute coordinates in hundredths would', () => {
    fc.assert(
      fc.property(point, fc.array(step, { maxLength: 12 }), (start, steps) => {
        const path = new RelativePath(start[0], start[1]);
        const expected: number[][] = [start];
        for (const s of steps) {
          if (s.kind === 'curve') {
            path.curveTo(s.c1[0], s.c1[1], s.c2[0], s.c2[1], s.to[0], s.to[1]);
            expected.push([...s.c1, ...s.c2]);
          } else if (s.kind === 'line') path.lineTo(s.to[0], s.to[1]);
          else path.moveTo(s.to[0], s.to[1]);
          expected.push(s.to);
        }
        expect(resolve(path.d)).toEqual(expected);
      }),
    );
  });

  test('writes steps along an axis as h and v, and a repeated command once', () => {
    const path = new RelativePath(1000, 2000);
    path.lineTo(4600, 2000);
    path.lineTo(4600, 1020);
    path.curveTo(6400, 1020, 6400, 2040, 8200, 2040);
    path.curveTo(8300, 2040, 8300, 1040, 8400, 1040);
    path.lineTo(8500, 1140);
    path.lineTo(8400, 1240);
    expect(path.d).toBe('M10,20h36v-9.8c18,0 18,10.2 36,10.2 1,0 1-10 2-10l1,1-1,1');
    path.moveTo(8500, 1140);
    path.moveTo(8600, 1140);
    expect(path.d.endsWith('m1-1m1,0')).toBe(true);
  });
});
