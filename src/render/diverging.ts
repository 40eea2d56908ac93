import type { Theme } from '../graph/palette.js';

/**
 * A diverging scale for signed numbers: blue below zero, red above, a neutral tone at zero, so the
 * sign reads at a glance in either theme (blue and red stay apart for red-green colour blindness).
 */

type Rgb = [number, number, number];

const NEGATIVE: Rgb = [33, 102, 172];
const POSITIVE: Rgb = [178, 24, 43];
const NEUTRAL: Record<Theme, Rgb> = { light: [247, 247, 247], dark: [40, 40, 40], transparent: [247, 247, 247] };

/** The colour of `t` in [-1, 1] (clamped): the neutral tone at 0, the full hue at -1 and 1. */
export function divergingColour(t: number, theme: Theme): string {
  const amount = Math.min(1, Math.abs(Number.isFinite(t) ? t : 0));
  const end = t < 0 ? NEGATIVE : POSITIVE;
  const neutral = NEUTRAL[theme];
  return hex(neutral.map((n, i) => n + (end[i] as number - n) * amount) as Rgb);
}

/** The full hues, for marks drawn over the scale (a data point's label). */
export const SIGN_COLOURS = { negative: hex(NEGATIVE), positive: hex(POSITIVE) } as const;

function hex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}
