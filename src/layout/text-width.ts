import { TIMES_WIDTHS, TIMES_WIDTHS_FROM } from './times-widths.js';

/** Graphviz draws every label in 14pt Times; our boxes are sized for the same text. */
export const FONT_SIZE = 14;
/** Distance between the baselines of two lines of a label, as Graphviz spaces them. */
export const LINE_HEIGHT = FONT_SIZE * 1.2;

// Outside Latin-1 we have no table: East Asian ideographs and emoji take a full em, the rest an
// average Times letter. A box a little too wide is harmless; too narrow would let text overlap.
const WIDE = 1000;
const OTHER = 600;

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    codePoint >= 0x1f000
  );
}

/** Width in points of one line of 14pt Times text. */
export function textWidth(line: string): number {
  let thousandths = 0;
  for (let i = 0; i < line.length; i++) {
    const codePoint = line.codePointAt(i) as number;
    // A character outside the basic plane takes two code units.
    if (codePoint > 0xffff) i++;
    const index = codePoint - TIMES_WIDTHS_FROM;
    if (index >= 0 && index < TIMES_WIDTHS.length) thousandths += TIMES_WIDTHS[index] as number;
    else if (codePoint < TIMES_WIDTHS_FROM) thousandths += 0;
    else thousandths += isWide(codePoint) ? WIDE : OTHER;
  }
  return (thousandths * FONT_SIZE) / 1000;
}
