// The graph's SVG, inlined so its nodes can be hovered, clicked and highlighted, inside a viewport
// that pans (drag, arrow keys) and zooms (wheel, pinch, +/-/0). Graphviz names each node's <g> by a
// <title>: value nodes by their JSON id (n0, n1, ...), op nodes by the value id plus `_op`.
//
// Pictures of 10,000 values are several MB of SVG. Moving one must not make the browser lay it out
// or paint it again: the canvas is its own compositor layer (will-change: transform in the
// stylesheet), each move only changes that layer's transform, wheel turns are added up and applied
// once a frame, nothing measures the picture's nodes while it moves, and hovering the inspector
// waits until it stops (data-moving on the viewport says it is moving). While it moves a
// transparent layer covers it, so the browser does not hit-test the picture on every pointer move,
// and the drag's cursor changes on that layer alone (an inherited style changed on the viewport
// restyles every element of the picture: about 0.3 s for 10,000 values). On a large picture the
// layer stays, the view finds the node under the pointer from the nodes' boxes (node-boxes.ts, read
// when the browser is first idle after the picture shows), and outlines the hovered node with a
// ring drawn over the picture rather than by restyling it.
//
// Zooming a large picture changes how much of it the window shows, and the browser then paints it
// again and hands it to the compositor on every frame (hundreds of ms each for 10,000 values). While
// a zoom gesture is in progress such a picture is shown as a bitmap of the same SVG text instead,
// made once after the picture is shown (raster.ts), and the live SVG comes back when it settles.

import { NodeBoxes, type NodeBox } from './node-boxes.js';
import { Raster } from './raster.js';

export type Field = 'data' | 'grad';

export interface Marks {
  /** The node the current step is about. */
  current?: string;
  /** Nodes the current step has not reached yet. */
  pending?: ReadonlySet<string>;
  /** The node the reader clicked. */
  selected?: string;
}

const MIN_SCALE = 0.02;
const MAX_SCALE = 8;
const DRAG_THRESHOLD = 4;
/** A gesture has ended when nothing has moved the picture for this long. */
const SETTLE_MS = 150;
/**
 * A zoom shown as a bitmap has ended when the wheel has been still for this long: showing the live
 * picture again has the compositor rasterise it at the new scale (hundreds of ms of its threads for
 * 10,000 values), which wheel notches a little apart should not pay between them.
 */
const ZOOM_SETTLE_MS = 400;
/** The first view never shrinks the picture below this: its 14-point text stays about 10 px tall. */
const READABLE_SCALE = 0.75;
/**
 * Above this many nodes the view hit-tests the picture itself, from its nodes' boxes. Below it the
 * browser does (a few ms a pointer move at most) and CSS :hover outlines the node under the pointer.
 */
const BOX_HIT_TEST_NODES = 2_000;
/**
 * How long the browser may wait for an idle moment before the view reads a large picture's node
 * boxes anyway (about 25 ms for 20,000 nodes on a quiet machine, ten times that on a busy one):
 * read then, not at the first pointer move, which would otherwise be the slow frame.
 */
const BOXES_IDLE_TIMEOUT_MS = 2_000;

export class GraphView {
  private svg: SVGSVGElement | undefined;
  private readonly nodes = new Map<string, SVGGElement>();
  private readonly opNodes = new Map<string, SVGGElement>();
  private readonly originalText = new Map<SVGTextElement, string>();
  /** Where the picture's first rank is, so a first view too large to show whole starts there. */
  rankdir: 'LR' | 'TB' = 'LR';
  private scale = 1;
  private x = 0;
  private y = 0;
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private dragged = 0;
  /** Wheel turns since the last frame: their product, about the last pointer position. */
  private wheel: { factor: number; x: number; y: number } | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private hoverListener: (id: string | undefined) => void = () => {};
  private selectListener: (id: string) => void = () => {};
  /** Over the picture while it moves, and always over a large one (see the stylesheet). */
  private readonly hitLayer = document.createElement('div');
  /** Whether the picture is large enough to be hit-tested from its nodes' boxes. */
  private byBoxes = false;
  /** Read when the browser is first idle after a large picture shows (so its first view comes first), or at the first pointer move over it if that is sooner. */
  private boxes: NodeBoxes | undefined;
  private boxesIdle: number | undefined;
  private hovered: NodeBox | undefined;
  /** Outlines the hovered node of a large picture. */
  private readonly ring = document.createElement('div');
  /** A large picture's stand-in while it zooms; undefined for a small one. */
  private raster: Raster | undefined;
  /** Whether the gesture in progress zooms (a wheel turn or a pinch), not only pans. */
  private zooming = false;

  constructor(
    readonly viewport: HTMLElement,
    private readonly canvas: HTMLElement,
    private readonly empty: HTMLElement,
  ) {
    viewport.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    viewport.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    viewport.addEventListener('pointermove', (event) => this.onPointerMove(event));
    viewport.addEventListener('pointerup', (event) => this.onPointerUp(event));
    viewport.addEventListener('pointercancel', (event) => {
      this.pointers.delete(event.pointerId);
      this.showHitLayer();
    });
    viewport.addEventListener('keydown', (event) => this.onKey(event));
    canvas.addEventListener('pointerover', (event) => {
      if (!this.moving) this.hoverListener(this.idAt(event.target));
    });
    // The hit layer appearing over the picture as it starts to move is not the reader leaving it.
    canvas.addEventListener('pointerleave', () => {
      if (!this.moving) this.hoverListener(undefined);
    });
    this.hitLayer.className = 'graph-hit-layer';
    this.hitLayer.hidden = true;
    // (A press captures the pointer, which leaves the layer: that is not the reader leaving either.)
    this.hitLayer.addEventListener('pointerleave', () => {
      if (!this.moving && this.pointers.size === 0) this.hover(undefined);
    });
    viewport.append(this.hitLayer);
    this.ring.className = 'graph-hover-ring';
    this.ring.hidden = true;
  }

  onHover(listener: (id: string | undefined) => void): void {
    this.hoverListener = listener;
  }

  onSelect(listener: (id: string) => void): void {
    this.selectListener = listener;
  }

  /** Shows a new picture; keeps the current pan and zoom when `keepView` and a picture was shown. */
  show(svgText: string, keepView = false): void {
    const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const root = parsed.documentElement;
    if (!(root instanceof SVGSVGElement)) throw new Error('the answer is not an SVG picture');
    sanitize(root);
    // Adopted, not copied: a copy of a picture of several MB costs as much again as parsing it.
    const svg = document.adoptNode(root);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Expression graph');
    const hadPicture = this.svg !== undefined;
    this.svg = svg;
    this.nodes.clear();
    this.opNodes.clear();
    this.originalText.clear();
    for (const g of svg.querySelectorAll<SVGGElement>('g.node')) {
      const name = g.querySelector('title')?.textContent ?? '';
      if (name.endsWith('_op')) this.opNodes.set(name.slice(0, -3), g);
      else this.nodes.set(name, g);
      g.dataset['id'] = name;
    }
    this.byBoxes = this.nodes.size + this.opNodes.size > BOX_HIT_TEST_NODES;
    this.viewport.toggleAttribute('data-boxes', this.byBoxes);
    this.showHitLayer();
    this.forgetBoxes();
    this.dropRaster();
    this.canvas.replaceChildren(svg, this.ring);
    this.raster = this.byBoxes
      ? new Raster(svgText, this.viewport, this.hitLayer, this.canvas.offsetWidth, this.canvas.offsetHeight)
      : undefined;
    if (this.byBoxes) this.readBoxesWhenIdle();
    this.empty.hidden = true;
    this.setStale(false);
    if (!(keepView && hadPicture)) this.initialView();
  }

  clear(message: string): void {
    this.svg = undefined;
    this.nodes.clear();
    this.opNodes.clear();
    this.byBoxes = false;
    this.viewport.removeAttribute('data-boxes');
    this.showHitLayer();
    this.forgetBoxes();
    this.dropRaster();
    this.canvas.replaceChildren();
    this.empty.textContent = message;
    this.empty.hidden = false;
  }

  /** Dims a picture that no longer matches the input (e.g. while the source has an error). */
  setStale(stale: boolean): void {
    this.viewport.dataset['stale'] = String(stale);
    // The dimming rules key on the picture's own layers: a rule keyed on the viewport's attribute
    // would make each change walk every element of the picture (about 30 ms for 10,000 values).
    this.canvas.dataset['stale'] = String(stale);
    this.raster?.setStale(stale);
  }

  get hasPicture(): boolean {
    return this.svg !== undefined;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  setMarks(marks: Marks): void {
    for (const [id, g] of this.nodes) {
      const op = this.opNodes.get(id);
      for (const element of op === undefined ? [g] : [g, op]) {
        element.classList.toggle('gv-current', marks.current === id);
        element.classList.toggle('gv-pending', marks.pending?.has(id) ?? false);
        element.classList.toggle('gv-selected', marks.selected === id);
      }
    }
    const current = marks.current === undefined ? undefined : this.nodes.get(marks.current);
    if (current !== undefined) this.reveal(current);
  }

  /** Replaces the `data ...` or `grad ...` text of a value node, or restores it when `text` is undefined. */
  setField(id: string, field: Field, text: string | undefined): void {
    const element = this.fieldText(id, field);
    if (element === undefined) return;
    if (!this.originalText.has(element)) this.originalText.set(element, element.textContent ?? '');
    element.textContent = text === undefined ? (this.originalText.get(element) ?? '') : `${field} ${text}`;
  }

  restoreFields(): void {
    for (const [element, text] of this.originalText) element.textContent = text;
  }

  private fieldText(id: string, field: Field): SVGTextElement | undefined {
    const texts = [...(this.nodes.get(id)?.querySelectorAll('text') ?? [])];
    // The label comes first and may itself start with "data ", so search from the end.
    for (let i = texts.length - 1; i >= 1; i--) {
      const text = texts[i];
      const original = text === undefined ? '' : (this.originalText.get(text) ?? text.textContent ?? '');
      if (text !== undefined && original.startsWith(`${field} `)) return text;
    }
    return undefined;
  }

  // --- pan and zoom ---

  fit(): void {
    const width = this.canvas.offsetWidth;
    const height = this.canvas.offsetHeight;
    const box = this.viewport.getBoundingClientRect();
    if (width === 0 || height === 0 || box.width === 0) return;
    const margin = 16;
    const scale = Math.min(1.5, (box.width - 2 * margin) / width, (box.height - 2 * margin) / height);
    this.scale = clamp(scale, MIN_SCALE, MAX_SCALE);
    this.x = (box.width - width * this.scale) / 2;
    this.y = (box.height - height * this.scale) / 2;
    this.apply();
  }

  /**
   * The whole graph, unless that makes its text unreadable (an MLP's values or neurons, or any
   * graph on a narrow screen). Then it starts legible at its first rank (the leaves or the inputs)
   * and the reader pans, takes the whole window, or presses fit for the overview.
   */
  initialView(): void {
    this.fit();
    const box = this.viewport.getBoundingClientRect();
    if (this.scale >= READABLE_SCALE) return;
    const margin = 16;
    const width = this.canvas.offsetWidth;
    const height = this.canvas.offsetHeight;
    const fitWidth = (box.width - 2 * margin) / width;
    const fitHeight = (box.height - 2 * margin) / height;
    this.scale = READABLE_SCALE;
    // The first rank runs across the middle of the graph's side it starts from (an MLP's inputs sit
    // halfway down a tall network): start there, centred along that side.
    const fromLeft = this.rankdir === 'LR';
    this.x = fitWidth >= this.scale || !fromLeft ? (box.width - width * this.scale) / 2 : margin;
    this.y = fitHeight >= this.scale || fromLeft ? (box.height - height * this.scale) / 2 : margin;
    this.apply();
  }

  /** Zooms by `factor` keeping the point (cx, cy) of the viewport still (its centre by default). */
  zoom(factor: number, cx?: number, cy?: number): void {
    const box = this.viewport.getBoundingClientRect();
    const px = cx ?? box.width / 2;
    const py = cy ?? box.height / 2;
    const scale = clamp(this.scale * factor, MIN_SCALE, MAX_SCALE);
    const ratio = scale / this.scale;
    this.x = px - (px - this.x) * ratio;
    this.y = py - (py - this.y) * ratio;
    this.scale = scale;
    this.apply();
  }

  pan(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
    this.apply();
  }

  private apply(): void {
    const transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
    // While a large picture zooms its bitmap moves in its place, and the picture takes the
    // transform once the gesture settles.
    if (this.zooming) this.raster?.place(transform);
    else this.canvas.style.transform = transform;
    this.viewport.dataset['scale'] = this.scale.toFixed(3);
  }

  /** Pans just enough to bring a highlighted node into view while stepping. */
  private reveal(element: Element): void {
    const node = element.getBoundingClientRect();
    const box = this.viewport.getBoundingClientRect();
    const margin = 24;
    let dx = 0;
    let dy = 0;
    if (node.left < box.left + margin) dx = box.left + margin - node.left;
    else if (node.right > box.right - margin) dx = box.right - margin - node.right;
    if (node.top < box.top + margin) dy = box.top + margin - node.top;
    else if (node.bottom > box.bottom - margin) dy = box.bottom - margin - node.bottom;
    if (dx !== 0 || dy !== 0) this.pan(dx, dy);
  }

  private onWheel(event: WheelEvent): void {
    if (this.svg === undefined) return;
    event.preventDefault();
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    const factor = Math.exp(-delta * 0.0015);
    if (this.wheel === undefined) {
      this.wheel = { factor, x: event.clientX, y: event.clientY };
      requestAnimationFrame(() => this.applyWheel());
    } else {
      this.wheel = { factor: this.wheel.factor * factor, x: event.clientX, y: event.clientY };
    }
    this.startMoving(true);
  }

  private applyWheel(): void {
    const wheel = this.wheel;
    this.wheel = undefined;
    if (wheel === undefined || this.svg === undefined) return;
    const box = this.viewport.getBoundingClientRect();
    this.zoom(wheel.factor, wheel.x - box.left, wheel.y - box.top);
  }

  /** While the picture moves, hovering does not update the inspector. */
  private get moving(): boolean {
    return this.settleTimer !== undefined;
  }

  private startMoving(zooming = false): void {
    clearTimeout(this.settleTimer);
    if (zooming && !this.zooming && this.raster?.show(this.canvas.style.transform) === true) this.zooming = true;
    this.viewport.dataset['moving'] = 'true';
    this.settleTimer = setTimeout(() => this.stopMoving(), this.zooming ? ZOOM_SETTLE_MS : SETTLE_MS);
    this.showHitLayer();
  }

  private stopMoving(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.showPicture();
    delete this.viewport.dataset['moving'];
    this.showHitLayer();
  }

  /** Shows the live picture in place of its bitmap, where the bitmap was. */
  private showPicture(): void {
    if (!this.zooming) return;
    this.zooming = false;
    this.apply();
    this.raster?.hide();
  }

  private dropRaster(): void {
    this.showPicture();
    this.raster?.drop();
    this.raster = undefined;
  }

  /** The hit layer covers the picture while it moves and always covers a large one. */
  private showHitLayer(): void {
    this.hitLayer.hidden = !(this.moving || this.byBoxes);
    this.hitLayer.toggleAttribute('data-grabbing', this.pointers.size > 0);
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    this.showHitLayer();
    this.dragged = 0;
    this.viewport.setPointerCapture(event.pointerId);
  }

  private onPointerMove(event: PointerEvent): void {
    const previous = this.pointers.get(event.pointerId);
    if (previous === undefined) {
      if (this.byBoxes && !this.moving && this.pointers.size === 0) this.hover(this.boxAt(event.clientX, event.clientY));
      return;
    }
    const next = { x: event.clientX, y: event.clientY };
    if (this.pointers.size === 2) {
      // Pinch: zoom by the change in distance between the two fingers, about their midpoint.
      const other = [...this.pointers.entries()].find(([id]) => id !== event.pointerId)?.[1];
      if (other !== undefined) {
        const before = Math.hypot(previous.x - other.x, previous.y - other.y);
        const after = Math.hypot(next.x - other.x, next.y - other.y);
        const box = this.viewport.getBoundingClientRect();
        if (before > 0) this.zoom(after / before, (next.x + other.x) / 2 - box.left, (next.y + other.y) / 2 - box.top);
      }
    } else {
      this.pan(next.x - previous.x, next.y - previous.y);
    }
    this.dragged += Math.abs(next.x - previous.x) + Math.abs(next.y - previous.y);
    if (this.dragged >= DRAG_THRESHOLD) this.startMoving(this.pointers.size === 2);
    this.pointers.set(event.pointerId, next);
  }

  private onPointerUp(event: PointerEvent): void {
    if (!this.pointers.delete(event.pointerId)) return;
    this.showHitLayer();
    if (this.dragged < DRAG_THRESHOLD && this.pointers.size === 0) {
      this.stopMoving();
      // Pointer capture retargets the event to the viewport, so find the node under the pointer.
      const id = this.byBoxes
        ? this.idAt(this.boxAt(event.clientX, event.clientY)?.element ?? null)
        : this.idAt(document.elementFromPoint(event.clientX, event.clientY));
      if (id !== undefined) this.selectListener(id);
    }
  }

  private onKey(event: KeyboardEvent): void {
    const step = 40;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    this.pan(move[0], move[1]);
  }

  // --- large pictures: hit tests from the nodes' boxes ---

  /** The node of a large picture at a point of the window. */
  private boxAt(clientX: number, clientY: number): NodeBox | undefined {
    const boxes = this.readBoxes();
    if (boxes === undefined) return undefined;
    const origin = this.canvas.getBoundingClientRect();
    return boxes.at((clientX - origin.left) / this.scale, (clientY - origin.top) / this.scale);
  }

  /** The picture's node boxes, read now unless they were read before. */
  private readBoxes(): NodeBoxes | undefined {
    if (this.svg === undefined) return undefined;
    this.boxes ??= new NodeBoxes(this.svg.querySelectorAll<SVGGElement>('g.node'), this.canvas, this.scale);
    return this.boxes;
  }

  private readBoxesWhenIdle(): void {
    this.boxesIdle = requestIdleCallback(
      () => {
        this.boxesIdle = undefined;
        // While the picture moves its transform may lag the view's (a zoom shows the bitmap), and
        // the boxes are read through that transform: later, then.
        if (this.moving) this.readBoxesWhenIdle();
        else this.readBoxes();
      },
      { timeout: BOXES_IDLE_TIMEOUT_MS },
    );
  }

  /** Outlines the node under the pointer of a large picture and tells the listener which value it is. */
  private hover(box: NodeBox | undefined): void {
    if (box === this.hovered) return;
    this.hovered = box;
    this.hitLayer.toggleAttribute('data-over-node', box !== undefined);
    this.ring.hidden = box === undefined;
    if (box !== undefined) {
      // Over the outline, as CSS :hover's 2-unit stroke is on a small picture.
      this.ring.style.left = `${box.left - 1}px`;
      this.ring.style.top = `${box.top - 1}px`;
      this.ring.style.width = `${box.right - box.left + 2}px`;
      this.ring.style.height = `${box.bottom - box.top + 2}px`;
      this.ring.toggleAttribute('data-round', box.round);
    }
    this.hoverListener(box === undefined ? undefined : this.idAt(box.element));
  }

  private forgetBoxes(): void {
    if (this.boxesIdle !== undefined) cancelIdleCallback(this.boxesIdle);
    this.boxesIdle = undefined;
    this.boxes = undefined;
    this.hovered = undefined;
    this.ring.hidden = true;
    this.hitLayer.removeAttribute('data-over-node');
  }

  /** The value id under an element of the picture; an op node stands for the value it produces. */
  private idAt(target: EventTarget | null): string | undefined {
    if (!(target instanceof Element)) return undefined;
    const name = target.closest<SVGGElement>('g.node')?.dataset['id'];
    if (name === undefined) return undefined;
    const id = name.endsWith('_op') ? name.slice(0, -3) : name;
    return this.nodes.has(id) ? id : undefined;
  }
}

function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

/**
 * The API escapes every user string, but the picture is inlined into the page, so anything that
 * could run or navigate is dropped anyway: scripts, styles, foreign content, links, event handlers.
 */
function sanitize(root: Element): void {
  for (const element of [...root.querySelectorAll('script, style, foreignObject, iframe')]) element.remove();
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on') || name === 'href' || name === 'xlink:href' || name === 'style') {
        element.removeAttribute(attribute.name);
      }
    }
  }
  for (const link of [...root.querySelectorAll('a')]) link.replaceWith(...link.childNodes);
}
