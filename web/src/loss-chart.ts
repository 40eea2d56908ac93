// The loss of a training run as a line chart, drawn from the API's `history` and revealed step by
// step so the reader watches the loss fall as training runs.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 480;
const HEIGHT = 220;
const PAD = { left: 56, right: 16, top: 14, bottom: 38 };

export class LossChart {
  private frame = 0;

  constructor(private readonly container: HTMLElement) {}

  /** Draws `losses` (one per step, then the final loss), revealing them over `duration` ms. */
  draw(losses: readonly number[], duration = 900): void {
    cancelAnimationFrame(this.frame);
    const svg = element('svg', {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      class: 'loss-svg',
    });
    const title = element('title', {});
    svg.append(title);
    this.container.replaceChildren(svg);
    if (losses.length === 0) {
      title.textContent = 'No training steps';
      return;
    }
    const max = Math.max(...losses);
    const min = Math.min(0, ...losses);
    const top = max === min ? min + 1 : max;
    const last = Math.max(1, losses.length - 1);
    const x = (i: number): number => PAD.left + ((WIDTH - PAD.left - PAD.right) * i) / last;
    const y = (v: number): number => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - (v - min) / (top - min));

    const axes = element('g', { class: 'axes' });
    axes.append(
      element('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: HEIGHT - PAD.bottom }),
      element('line', { x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom }),
    );
    for (const value of [min, (min + top) / 2, top]) {
      axes.append(text(formatTick(value), PAD.left - 6, y(value) + 4, 'end'));
      axes.append(element('line', { x1: PAD.left - 3, y1: y(value), x2: PAD.left, y2: y(value) }));
    }
    for (const step of [0, Math.round(last / 2), last]) {
      axes.append(text(String(step), x(step), HEIGHT - PAD.bottom + 16, 'middle'));
    }
    axes.append(text('step', (PAD.left + WIDTH - PAD.right) / 2, HEIGHT - 4, 'middle'));
    const yLabel = text('loss', 14, (PAD.top + HEIGHT - PAD.bottom) / 2, 'middle');
    yLabel.setAttribute('transform', `rotate(-90 14 ${(PAD.top + HEIGHT - PAD.bottom) / 2})`);
    axes.append(yLabel);
    const line = element('polyline', { class: 'loss-line', fill: 'none' });
    const dot = element('circle', { class: 'loss-dot', r: 3 });
    svg.append(axes, line, dot);

    const points = losses.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    const first = losses[0] ?? 0;
    const final = losses[losses.length - 1] ?? 0;
    title.textContent = `Loss over ${losses.length - 1} training steps: from ${first.toPrecision(4)} to ${final.toPrecision(4)}`;
    svg.setAttribute('aria-label', title.textContent);
    this.container.dataset['complete'] = 'false';
    const started = performance.now();
    const reveal = (now: number): void => {
      const shown = Math.max(1, Math.min(points.length, Math.ceil(((now - started) / duration) * points.length)));
      line.setAttribute('points', points.slice(0, shown).join(' '));
      const [cx = '0', cy = '0'] = (points[shown - 1] ?? '0,0').split(',');
      dot.setAttribute('cx', cx);
      dot.setAttribute('cy', cy);
      this.container.dataset['shown'] = String(shown);
      if (shown < points.length) this.frame = requestAnimationFrame(reveal);
      else this.container.dataset['complete'] = 'true';
    };
    this.frame = requestAnimationFrame(reveal);
  }

  clear(): void {
    cancelAnimationFrame(this.frame);
    this.container.replaceChildren();
  }
}

function element(name: string, attributes: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG, name) as SVGElement;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function text(content: string, x: number, y: number, anchor: string): SVGElement {
  const node = element('text', { x, y, 'text-anchor': anchor });
  node.textContent = content;
  return node;
}

function formatTick(x: number): string {
  return Math.abs(x) >= 1000 || (x !== 0 && Math.abs(x) < 0.01) ? x.toExponential(1) : String(Number(x.toPrecision(3)));
}
