// Which node of a picture is under a point, answered from the nodes' boxes, read once. The browser
// answers the same question by walking every element of the picture: about 20 ms for a picture of
// 10,000 values in chromium, on every pointer move. Here it is a lookup in a grid of cells.

export interface NodeBox {
  readonly element: SVGGElement;
  /** In the canvas's own pixels, before the view's pan and zoom. */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  /** An op node: its ellipse, not its corners, is the node. */
  readonly round: boolean;
}

/** Side of a grid cell in canvas pixels: a node (about 200 x 40) lies in one to four cells. */
const CELL = 256;

export class NodeBoxes {
  private readonly cells = new Map<number, NodeBox[]>();

  /**
   * Reads the boxes of `nodes`, drawn inside `canvas`, which the view shows at `scale` (its
   * bounding rectangle's corner is the canvas's origin).
   */
  constructor(nodes: Iterable<SVGGElement>, canvas: HTMLElement, scale: number) {
    const origin = canvas.getBoundingClientRect();
    // The nodes of a picture share one parent and have no transform of their own: one matrix from
    // their user units to the screen serves them all.
    const matrices = new Map<Element, DOMMatrix | null>();
    const screenMatrix = (element: SVGGElement): DOMMatrix | null => {
      const parent = element.parentElement;
      if (element.hasAttribute('transform') || !(parent instanceof SVGGraphicsElement)) return element.getScreenCTM();
      if (!matrices.has(parent)) matrices.set(parent, parent.getScreenCTM());
      return matrices.get(parent) ?? null;
    };
    for (const element of nodes) {
      const matrix = screenMatrix(element);
      if (matrix === null) continue;
      // Graphviz's pictures are neither rotated nor skewed: two corners give the box.
      const { a, d, e, f } = matrix;
      const box = element.getBBox();
      const x0 = (a * box.x + e - origin.left) / scale;
      const x1 = (a * (box.x + box.width) + e - origin.left) / scale;
      const y0 = (d * box.y + f - origin.top) / scale;
      const y1 = (d * (box.y + box.height) + f - origin.top) / scale;
      this.add({
        element,
        left: Math.min(x0, x1),
        top: Math.min(y0, y1),
        right: Math.max(x0, x1),
        bottom: Math.max(y0, y1),
        round: element.querySelector('ellipse') !== null,
      });
    }
  }

  /** The node at (x, y) in canvas pixels; of overlapping nodes, the one drawn last (on top). */
  at(x: number, y: number): NodeBox | undefined {
    let found: NodeBox | undefined;
    for (const box of this.cells.get(key(cell(x), cell(y))) ?? []) {
      if (contains(box, x, y)) found = box;
    }
    return found;
  }

  private add(box: NodeBox): void {
    for (let cx = cell(box.left); cx <= cell(box.right); cx++) {
      for (let cy = cell(box.top); cy <= cell(box.bottom); cy++) {
        const k = key(cx, cy);
        const list = this.cells.get(k);
        if (list === undefined) this.cells.set(k, [box]);
        else list.push(box);
      }
    }
  }
}

function cell(coordinate: number): number {
  return Math.floor(coordinate / CELL);
}

/** One number per cell: pictures are at most a few million pixels on a side, far from 2^53. */
function key(cx: number, cy: number): number {
  return cx * 1_048_576 + cy;
}

function contains(box: NodeBox, x: number, y: number): boolean {
  if (x < box.left || x > box.right || y < box.top || y > box.bottom) return false;
  if (!box.round) return true;
  const rx = (box.right - box.left) / 2;
  const ry = (box.bottom - box.top) / 2;
  const dx = (x - (box.left + rx)) / rx;
  const dy = (y - (box.top + ry)) / ry;
  return dx * dx + dy * dy <= 1;
}
