/**
 * An error drawn as an SVG, for clients that asked for an image: a broken graph in a document
 * shows why it broke instead of a broken-image icon. Only rectangles and escaped text, no links,
 * scripts or styles; every text is cleaned and cut to a bounded size.
 */

export interface ErrorPicture {
  status: number;
  title: string;
  detail: string;
  /** The program, for source errors: its `line` is shown with a caret under `column`. */
  source?: string;
  /** 1-based; `column` counts UTF-16 code units, as JavaScript string indexes do. */
  line?: number;
  column?: number;
}

// Everything is monospace, so widths are known without measuring text and the caret lines up.
const FONT = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";
const SIZE = 14;
const TITLE_SIZE = 16;
const CELL = 0.6; // advance of a monospace character, in em
const LEADING = 20;
const COLUMNS = 80;
const MESSAGE_LINES = 8;
const LEFT = 24; // after the accent bar
const RIGHT = 20;
const TOP = 32;
const ACCENT = '#cf222e';
const INK = '#1f2328';

export function renderErrorSvg(error: ErrorPicture): string {
  const title = cut(clean(`${error.status} ${error.title}`), COLUMNS - 20);
  const message = wrap(error.detail, COLUMNS, MESSAGE_LINES);
  const excerpt = sourceExcerpt(error);

  const rows: string[] = [];
  let y = TOP;
  rows.push(text(LEFT, y, title, `fill="${ACCENT}" font-size="${TITLE_SIZE}" font-weight="bold"`));
  y += LEADING + 6;
  for (const line of message) {
    rows.push(text(LEFT, y, line, `fill="${INK}"`));
    y += LEADING;
  }
  let columns = Math.max(...message.map(length), 0);
  if (excerpt) {
    y += 8;
    rows.push(`<rect x="${LEFT - 6}" y="${y - 15}" width="100%" height="${2 * LEADING + 4}" fill="#f6f8fa"/>`);
    rows.push(text(LEFT, y, excerpt.gutter + excerpt.text, `fill="${INK}"`));
    if (excerpt.caret !== undefined) {
      rows.push(text(LEFT, y + LEADING, ' '.repeat(excerpt.gutter.length + excerpt.caret) + '^', `fill="${ACCENT}" font-weight="bold"`));
    }
    columns = Math.max(columns, excerpt.gutter.length + length(excerpt.text), excerpt.gutter.length + (excerpt.caret ?? 0) + 1);
    y += 2 * LEADING;
  }

  const width = Math.ceil(LEFT + RIGHT + Math.max(columns * CELL * SIZE, length(title) * CELL * TITLE_SIZE, 320));
  const height = y + 4;
  // A <title>, not an aria-label: user text stays out of attributes entirely.
  const label = escape(`${title}: ${message.join(' ')}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ` role="img" font-family="${FONT}" font-size="${SIZE}" xml:space="preserve">\n`,
    `<title>${label}</title>\n`,
    `<rect width="${width}" height="${height}" fill="#fff5f5"/>\n`,
    rows.join('\n'),
    // The frame goes last, over the source band that runs to the edge.
    `\n<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="${ACCENT}"/>\n`,
    `<rect width="6" height="${height}" fill="${ACCENT}"/>\n`,
    '</svg>\n',
  ].join('');
}

interface Excerpt {
  gutter: string;
  text: string;
  /** Cells from the start of `text` to the caret. */
  caret?: number;
}

/** The error's source line, cut to a window around the column that fits the picture. */
function sourceExcerpt({ source, line, column }: ErrorPicture): Excerpt | undefined {
  if (source === undefined || line === undefined || !Number.isInteger(line) || line < 1) return undefined;
  const raw = source.split(/\r?\n/, line)[line - 1];
  if (raw === undefined) return undefined;
  const gutter = `${line} | `;
  const cells = Array.from(clean(raw));
  const room = COLUMNS - gutter.length;
  if (column === undefined || !Number.isInteger(column) || column < 1) {
    return { gutter, text: cells.length > room ? cells.slice(0, room - 1).join('') + '…' : cells.join('') };
  }
  // Cells are code points; the column counts code units, so count the points before it.
  const at = Math.min(Array.from(raw.slice(0, column - 1)).length, cells.length);
  const start = cells.length <= room || at < room - 20 ? 0 : Math.min(at - 40, cells.length - room + 1);
  const end = Math.min(cells.length, start + room - (start > 0 ? 1 : 0));
  const head = start > 0 ? '…' : '';
  const tail = end < cells.length ? '…' : '';
  const shown = cells.slice(start, end - (tail ? 1 : 0)).join('');
  return { gutter, text: head + shown + tail, caret: head.length + at - start };
}

/** Word-wrapped lines of at most `width` cells; past `maxLines`, the last ends with an ellipsis. */
function wrap(message: string, width: number, maxLines: number): string[] {
  // Bounded before any work, so a megabyte message costs no more than a short one.
  const bounded = message.slice(0, width * maxLines * 2);
  const lines: string[] = [];
  for (const paragraph of bounded.split(/\r\n|\r|\n/)) {
    let current: string[] = [];
    for (const word of clean(paragraph).split(' ')) {
      const cells = Array.from(word);
      if (current.length > 0 && current.length + 1 + cells.length > width) {
        lines.push(current.join(''));
        current = [];
      }
      if (current.length > 0) current.push(' ');
      current.push(...cells);
      while (current.length > width) lines.push(current.splice(0, width).join(''));
    }
    lines.push(current.join(''));
  }
  if (lines.length <= maxLines && bounded.length === message.length) return lines;
  const kept = lines.slice(0, maxLines);
  kept[kept.length - 1] = cut(kept.at(-1) ?? '', width - 1, true);
  return kept;
}

/** At most `max` cells, with an ellipsis when cut (or always, when `mark`). */
function cut(text: string, max: number, mark = false): string {
  const cells = Array.from(text);
  if (cells.length <= max && !mark) return text;
  return cells.slice(0, Math.min(max, cells.length)).join('') + '…';
}

// XML forbids C0 controls and lone surrogates; C1 controls, bidi overrides and line separators
// are legal but can hide or reorder text. Each becomes one U+FFFD, so columns still line up.
const UNSHOWABLE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]|\p{Cs}/gu;

function clean(text: string): string {
  return text.replace(/\t/g, ' ').replace(UNSHOWABLE, '\uFFFD');
}

function length(text: string): number {
  return Array.from(text).length;
}

function text(x: number, y: number, content: string, attributes: string): string {
  return `<text x="${x}" y="${y}" ${attributes}>${escape(content)}</text>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
