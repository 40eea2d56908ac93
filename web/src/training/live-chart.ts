// A line chart that grows as training reports come in: the loss or the accuracy against the step.
// The x axis spans the whole run from the start, so the curve's length shows how far training is.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 360;
const HEIGHT = 150;
const PAD = { left: 48, right: 10, top: 10, bottom: 26 };

export interface ChartScale {
  /** Fixed bounds (accuracy: 0 to 1), or undefined to follow the data (loss). */
  range?: [number, number];
  format(value: number): string;
}

export class LiveChart {
  private values: number[] = [];
  private steps = 1;
  private readonly svg: SVGSVGElement;

  constructor(
    private readonly container: HTMLElement,
    private readonly name: string,
    private readonly scale: ChartScale,
  ) {
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    this.svg.setAttribute('role', 'img');
    this.svg.classList.add('live-chart');
    container.replaceChildren(this.svg);
    this.reset(1);
  }

  reset(steps: number): void {
    this.values = [];
    this.steps = Math.max(1, steps);
    this.render();
  }

  add(values: readonly number[]): void {
    if (values.length === 0) return;
    this.values.push(...values);
    this.render();
  }

  private render(): void {
    const { values } = this;
    const [low, high] = this.scale.range ?? (values.length === 0 ? [0, 1] : [Math.min(0, ...values), Math.max(...values)]);
    const x = (i: number): number => PAD.left + ((WIDTH - PAD.left - PAD.right) * i) / Math.max(1, this.steps - 1);
    const y = (v: number): number => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - (v - low) / (high - low || 1));
    const children: SVGElement[] = [
      line(PAD.left, PAD.top, PAD.left, HEIGHT - PAD.bottom, 'axis'),
      line(PAD.left, HEIGHT - PAD.bottom, WIDTH - PAD.right, HEIGHT - PAD.bottom, 'axis'),
      text(this.scale.format(high), PAD.left - 4, PAD.top + 8, 'end'),
      text(this.scale.format(low), PAD.left - 4, HEIGHT - PAD.bottom, 'end'),
      text('0', PAD.left, HEIGHT - 8, 'start'),
      text(String(this.steps - 1), WIDTH - PAD.right, HEIGHT - 8, 'end'),
      text(`${this.name} by step`, (PAD.left + WIDTH) / 2, HEIGHT - 8, 'middle'),
    ];
    const curve = document.createElementNS(SVG, 'polyline');
    curve.setAttribute('class', 'live-line');
    curve.setAttribute('fill', 'none');
    curve.setAttribute('points', values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '));
    children.push(curve);
    const last = values[values.length - 1];
    if (last !== undefined) {
      // The newest value as a dot: after one step there is no line yet.
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('class', 'live-dot');
      dot.setAttribute('cx', x(values.length - 1).toFixed(1));
      dot.setAttribute('cy', y(last).toFixed(1));
      dot.setAttribute('r', '3');
      children.push(dot);
    }
    const title = document.createElementNS(SVG, 'title');
    title.textContent =
      last === undefined ? `${this.name}: no steps yet` : `${this.name} over ${values.length} steps, now ${this.scale.format(last)}`;
    this.svg.replaceChildren(title, ...children);
    this.svg.setAttribute('aria-label', title.textContent);
    this.container.dataset['points'] = String(values.length);
  }
}

function line(x1: number, y1: number, x2: number, y2: number, className: string): SVGElement {
  const node = document.createElementNS(SVG, 'line');
  for (const [key, value] of Object.entries({ x1, y1, x2, y2 })) node.setAttribute(key, String(value));
  node.setAttribute('class', className);
  return node;
}

function text(content: string, x: number, y: number, anchor: string): SVGElement {
  const node = document.createElementNS(SVG, 'text');
  node.setAttribute('x', String(x));
  node.setAttribute('y', String(y));
  node.setAttribute('text-anchor', anchor);
  node.textContent = content;
  return node;
}
