import { describe, expect, test } from 'vitest';
import { runMlp } from '../../src/nn/index.js';
import { lossChartSvg } from '../../src/render/loss-chart.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';
import { kindOf } from '../helpers/errors.js';

function curvePoints(svg: string): [number, number][] {
  const polylines = [...svg.matchAll(/<polyline points="([^"]*)"[^>]*stroke-width="2"/g)];
  expect(polylines).toHaveLength(1);
  return (polylines[0]?.[1] as string).split(' ').map((p) => p.split(',').map(Number) as [number, number]);
}

describe('the loss chart', () => {
  const lecture = runMlp({
    layers: [3, 4, 4, 1],
    seed: 1337,
    inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
    targets: [1, -1, -1, 1],
    loss: 'sse',
    train: { steps: 20, learningRate: 0.05 },
  }).history;

  test("the lecture's 20 steps: title, axis labels, numbered ticks and one point per step", () => {
    const svg = lossChartSvg(lecture);
    expect(svgProblems(svg)).toEqual([]);
    const texts = svgTexts(svg);
    expect(texts).toEqual(expect.arrayContaining(['Training loss', 'step', 'loss', '0', '10', '20']));
    expect(texts.filter((t) => /^-?\d+(\.\d+)?$/.test(t)).length).toBeGreaterThan(6);
    const points = curvePoints(svg);
    expect(points).toHaveLength(20);
    // Steps go left to right; the first loss (the largest) is drawn highest.
    expect(points.every(([x], i) => i === 0 || x > (points[i - 1] as number[])[0]!)).toBe(true);
    const ys = points.map(([, y]) => y);
    expect(Math.min(...ys)).toBe(ys[0]);
    expect(lossChartSvg(lecture)).toBe(svg);
  });

  test('one step is a single dot; a constant loss a flat line inside the plot', () => {
    const one = lossChartSvg([3.5]);
    expect(svgProblems(one)).toEqual([]);
    expect(one).toContain('<circle');
    expect(one).not.toContain('stroke-width="2"');
    const flat = lossChartSvg([2, 2, 2]);
    const ys = new Set(curvePoints(flat).map(([, y]) => y));
    expect(ys.size).toBe(1);
    const [y] = [...ys] as [number];
    expect(y).toBeGreaterThan(44);
    expect(y).toBeLessThan(348);
    expect(svgTexts(flat)).toContain('2.0');
    expect(svgTexts(lossChartSvg([0, 0]))).toContain('0.0');
  });

  test('losses spanning many decades get a log scale, with decade ticks', () => {
    const svg = lossChartSvg([1e12, 1e6, 1, 1e-6]);
    expect(svgProblems(svg)).toEqual([]);
    const texts = svgTexts(svg);
    expect(texts).toContain('loss (log scale)');
    expect(texts).toEqual(expect.arrayContaining(['1e-6', '1e0', '1e12']));
    const ys = curvePoints(svg).map(([, y]) => y);
    // Equal ratios are equal distances on a log scale.
    expect(ys[1]! - ys[0]!).toBeCloseTo(ys[2]! - ys[1]!, 1);
    expect(svgTexts(lossChartSvg([1e12, 1e6, 0]))).toContain('loss');
    expect(kindOf(() => lossChartSvg([1, 0], { scale: 'log' }))).toBe('invalid-request');
  });

  test('large and tiny linear ranges keep tick labels short and distinct', () => {
    const large = svgTexts(lossChartSvg([3e7, 2.5e7, 2.1e7])).filter((t) => /e/.test(t));
    expect(large.length).toBeGreaterThan(3);
    expect(new Set(large).size).toBe(large.length);
    const tiny = svgTexts(lossChartSvg([3e-9, 2e-9, 0])).filter((t) => /^[0-9.e-]+$/.test(t) && t !== '0');
    expect(new Set(tiny).size).toBe(tiny.length);
    expect(tiny.every((t) => t.length <= 8)).toBe(true);
  });

  test('10,000 steps stay one polyline', () => {
    const history = Array.from({ length: 10_000 }, (_, k) => 1 / (k + 1));
    expect(curvePoints(lossChartSvg(history))).toHaveLength(10_000);
  });

  test('titles are text, never markup; themes change colours only', () => {
    const svg = lossChartSvg(lecture, { title: '<script>alert(1)</script> & \u0001', theme: 'dark' });
    expect(svgProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).toContain('<script>alert(1)</script> & \uFFFD');
    expect(svg).toContain('fill="#1e1e1e"');
    expect(lossChartSvg(lecture, { theme: 'transparent' })).not.toContain('<rect');
  });

  test('what cannot be drawn is a client error', () => {
    expect(kindOf(() => lossChartSvg([]))).toBe('invalid-request');
    expect(kindOf(() => lossChartSvg([1, Number.NaN]))).toBe('not-finite');
    expect(kindOf(() => lossChartSvg([1], { width: 10 }))).toBe('invalid-request');
    expect(kindOf(() => lossChartSvg([1], { scale: 'cubic' as never }))).toBe('invalid-request');
  });
});
