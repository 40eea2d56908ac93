// The data set as a scatter plot over the model's decision boundary: each grid cell is tinted by the
// score there (blue for +1, orange for -1, pale near 0), the line where the score changes sign is
// where the two tints meet, and each point is a dot in its label's colour with a dark ring.

import type { Boundary } from '../../../src/nn/boundary.js';
import type { TrainingData } from './protocol.js';

const SIZE = 360;
const PAD = 28;
const POSITIVE: RGB = [31, 111, 235];
const NEGATIVE: RGB = [240, 128, 30];
const NEUTRAL: RGB = [255, 255, 255];

type RGB = [number, number, number];

function mix(from: RGB, to: RGB, t: number): string {
  const channel = (i: number): number => Math.round(from[i]! + (to[i]! - from[i]!) * t);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

export class ScatterPlot {
  private readonly canvas: HTMLCanvasElement;
  private data: TrainingData | undefined;
  private boundary: Boundary | undefined;

  constructor(private readonly container: HTMLElement) {
    this.canvas = document.createElement('canvas');
    const ratio = Math.max(1, Math.round(devicePixelRatio));
    this.canvas.width = SIZE * ratio;
    this.canvas.height = SIZE * ratio;
    this.canvas.className = 'scatter-canvas';
    this.canvas.setAttribute('role', 'img');
    container.replaceChildren(this.canvas);
  }

  show(data: TrainingData, boundary: Boundary): void {
    this.data = data;
    this.boundary = boundary;
    this.draw();
  }

  update(boundary: Boundary): void {
    this.boundary = boundary;
    this.draw();
  }

  /** The share of grid cells whose score is positive: what a test can read without pixels. */
  get positiveShare(): number {
    const cells = this.boundary?.scores.flat() ?? [];
    return cells.length === 0 ? 0 : cells.filter((s) => s > 0).length / cells.length;
  }

  private draw(): void {
    const { data, boundary } = this;
    const context = this.canvas.getContext('2d');
    if (data === undefined || boundary === undefined || context === null) return;
    const ratio = this.canvas.width / SIZE;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, SIZE, SIZE);
    const { xs, ys, scores } = boundary;
    const step = (xs[1] ?? (xs[0] ?? 0) + 1) - (xs[0] ?? 0);
    const x0 = xs[0] ?? 0;
    const y0 = ys[0] ?? 0;
    const span = Math.max(xs.length, ys.length) * step;
    const scale = (SIZE - 2 * PAD) / span;
    // The shorter side is centred, so the data sit in the middle of the square.
    const left = PAD + ((span - xs.length * step) * scale) / 2;
    const bottom = SIZE - PAD - ((span - ys.length * step) * scale) / 2;
    const px = (x: number): number => left + (x - x0 + step / 2) * scale;
    // y grows upwards in the data, downwards on the canvas.
    const py = (y: number): number => bottom - (y - y0 + step / 2) * scale;
    scores.forEach((row, r) => {
      row.forEach((score, c) => {
        const strength = Math.min(1, Math.abs(Math.tanh(score)));
        context.fillStyle = mix(NEUTRAL, score > 0 ? POSITIVE : NEGATIVE, 0.15 + 0.55 * strength);
        const left = px((xs[c] ?? 0) - step / 2);
        const top = py((ys[r] ?? 0) + step / 2);
        context.fillRect(left, top, step * scale + 0.5, step * scale + 0.5);
      });
    });
    context.lineWidth = 1;
    context.strokeStyle = 'rgba(0, 0, 0, 0.7)';
    data.inputs.forEach(([x = 0, y = 0], i) => {
      context.beginPath();
      context.arc(px(x), py(y), 4, 0, 2 * Math.PI);
      context.fillStyle = mix(NEUTRAL, (data.targets[i] ?? 0) > 0 ? POSITIVE : NEGATIVE, 1);
      context.fill();
      context.stroke();
    });
    this.drawAxes(context, px, py, xs, ys);
    this.canvas.setAttribute(
      'aria-label',
      `${data.inputs.length} points over the decision boundary; ${Math.round(this.positiveShare * 100)}% of the plane scores positive`,
    );
  }

  private drawAxes(
    context: CanvasRenderingContext2D,
    px: (x: number) => number,
    py: (y: number) => number,
    xs: number[],
    ys: number[],
  ): void {
    context.fillStyle = getComputedStyle(this.container).color;
    context.font = '11px system-ui, sans-serif';
    context.textAlign = 'center';
    const ticks = (values: number[]): number[] => {
      const low = Math.ceil(values[0] ?? 0);
      const high = Math.floor(values[values.length - 1] ?? 0);
      const every = Math.max(1, Math.ceil((high - low) / 6));
      const out: number[] = [];
      for (let t = low; t <= high; t += every) out.push(t);
      return out;
    };
    for (const t of ticks(xs)) context.fillText(String(t), px(t), SIZE - PAD + 16);
    context.textAlign = 'right';
    for (const t of ticks(ys)) context.fillText(String(t), PAD - 6, py(t) + 4);
  }
}
