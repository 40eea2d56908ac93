// A bitmap of a large picture, shown in place of its live SVG while it zooms. The live SVG is
// thousands of elements the browser paints and hands to the compositor again whenever a zoom changes
// how much of it the window shows; a canvas is one bitmap the compositor scales. (An <img> of the SVG
// is no better: the browser paints the image's whole document again at each scale.) The bitmap is
// made once per picture, when the browser is idle: the same SVG text through a Blob URL, decoded
// (img.decode), drawn at most PIXEL_BUDGET pixels, and sized as the SVG is laid out, so the same
// transform places it. While it shows, a cover in the viewport's background colour hides the
// picture's layer, which keeps its transform and what the browser painted of it; when the gesture
// settles the layer takes the last transform, and the compositor rasterises it again at that scale
// without a new paint. (Made transparent instead, the layer was painted again when it came back: one
// frame of 300-400 ms for 10,000 values.) The bitmap shows the picture as the service drew it, in the
// theme it was asked for, and coarser than the SVG: the stepper's marks, replaced values and sharp
// text come back with the live picture.

/** At most this many pixels (4 bytes each), and no side over the browser's limit for a canvas. */
const PIXEL_BUDGET = 8_000_000;
const MAX_SIDE = 16_384;
/** How long the browser may wait for an idle moment before making the bitmap anyway. */
const IDLE_TIMEOUT_MS = 2_000;

export class Raster {
  private readonly bitmap = document.createElement('canvas');
  private readonly cover = document.createElement('div');
  private ready = false;
  private dropped = false;
  private readonly idle: number;

  /** A bitmap of `svgText`, laid out `width` x `height` CSS pixels, to be placed in `parent` before `before`. */
  constructor(svgText: string, parent: HTMLElement, before: Element, width: number, height: number) {
    this.bitmap.className = 'graph-raster';
    this.cover.className = 'graph-raster-cover';
    this.cover.setAttribute('aria-hidden', 'true');
    this.bitmap.setAttribute('aria-hidden', 'true');
    this.bitmap.style.width = `${width}px`;
    this.bitmap.style.height = `${height}px`;
    this.idle = requestIdleCallback(() => void this.make(svgText, width, height, parent, before), { timeout: IDLE_TIMEOUT_MS });
  }

  /** Shows the bitmap over the picture's layer, placed by `transform` (the layer's); false (and nothing changes) until it is ready. */
  show(transform: string): boolean {
    if (!this.ready) return false;
    this.place(transform);
    this.bitmap.toggleAttribute('data-shown', true);
    this.cover.toggleAttribute('data-shown', true);
    return true;
  }

  /** Dims the bitmap as the picture is dimmed, while the picture no longer matches the input. */
  setStale(stale: boolean): void {
    this.bitmap.dataset['stale'] = String(stale);
  }

  place(transform: string): void {
    this.bitmap.style.transform = transform;
  }

  /** Uncovers the picture's layer (given its transform by now). */
  hide(): void {
    this.bitmap.removeAttribute('data-shown');
    this.cover.removeAttribute('data-shown');
  }

  /** Frees the bitmap: the picture changed or went away. */
  drop(): void {
    this.dropped = true;
    this.ready = false;
    cancelIdleCallback(this.idle);
    this.bitmap.remove();
    this.cover.remove();
    this.bitmap.width = 0;
    this.bitmap.height = 0;
  }

  private async make(svgText: string, width: number, height: number, parent: HTMLElement, before: Element): Promise<void> {
    if (this.dropped || width <= 0 || height <= 0) return;
    const scale = Math.min(1, Math.sqrt(PIXEL_BUDGET / (width * height)), MAX_SIDE / width, MAX_SIDE / height);
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    const image = new Image();
    image.src = url;
    try {
      await image.decode();
      if (this.dropped) return;
      this.bitmap.width = Math.max(1, Math.round(width * scale));
      this.bitmap.height = Math.max(1, Math.round(height * scale));
      this.bitmap.getContext('2d')?.drawImage(image, 0, 0, this.bitmap.width, this.bitmap.height);
    } catch {
      return; // No stand-in: zooming shows the live picture, as for a small one.
    } finally {
      URL.revokeObjectURL(url);
    }
    if (this.dropped) return;
    parent.insertBefore(this.cover, before);
    parent.insertBefore(this.bitmap, before);
    this.ready = true;
  }
}
