import { decodePng } from '../render/png-decode.js';

/**
 * Counts the pixels of a PNG screenshot that differ from its background (its most common colour),
 * so a blank or background-only page can be told from one that drew something. The project's own
 * PNG decoder keeps the count independent of the browser.
 */
export interface PixelCount {
  width: number;
  height: number;
  background: [number, number, number];
  foreground: number;
  /** foreground / all pixels */
  ratio: number;
}

export function countForeground(png: Buffer, tolerance = 24): PixelCount {
  const { width, height, rgba: pixels } = decodePng(png);
  const channels = 4;
  const histogram = new Map<number, number>();
  for (let i = 0; i < pixels.length; i += channels) {
    const key = ((pixels[i] ?? 0) << 16) | ((pixels[i + 1] ?? 0) << 8) | (pixels[i + 2] ?? 0);
    histogram.set(key, (histogram.get(key) ?? 0) + 1);
  }
  let backgroundKey = 0;
  let most = -1;
  for (const [key, count] of histogram) {
    if (count > most) [backgroundKey, most] = [key, count];
  }
  const background: [number, number, number] = [(backgroundKey >> 16) & 255, (backgroundKey >> 8) & 255, backgroundKey & 255];
  let foreground = 0;
  for (let i = 0; i < pixels.length; i += channels) {
    const distance =
      Math.abs((pixels[i] ?? 0) - background[0]) +
      Math.abs((pixels[i + 1] ?? 0) - background[1]) +
      Math.abs((pixels[i + 2] ?? 0) - background[2]);
    if (distance > tolerance) foreground++;
  }
  return { width, height, background, foreground, ratio: foreground / (width * height) };
}
