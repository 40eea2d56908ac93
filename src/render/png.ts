import { createRequire } from 'node:module';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { GradvizError } from '../errors.js';

export type PngScale = 1 | 2 | 3;

export interface PngOptions {
  scale: PngScale;
  /** Largest image, in pixels, worth drawing; default DEFAULT_MAX_PNG_PIXELS. */
  maxPixels?: number;
}

/** 4096 x 4096: 64 MB of RGBA while drawing, and already far past what a document can show. */
export const DEFAULT_MAX_PNG_PIXELS = 4096 * 4096;

const require = createRequire(import.meta.url);
const dejavu = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);

// Graphviz sizes every label with Times metrics and writes `font-family="Times,serif"`. DejaVu
// Serif is about 9% wider, so its text runs over the record borders; Tinos has Times' metrics.
// DejaVu covers the rest: sans and mono text, and glyphs Tinos lacks (resvg falls back per glyph).
// Only the project's own font files are used, so a PNG looks the same on any machine.
const FONT_FILES = [
  require.resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf'),
  require.resolve('@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf'),
  dejavu('DejaVuSerif.ttf'),
  dejavu('DejaVuSans.ttf'),
  dejavu('DejaVuSans-Bold.ttf'),
  dejavu('DejaVuSansMono.ttf'),
];
const SERIF = 'Tinos';
const SANS = 'DejaVu Sans';
const MONO = 'DejaVu Sans Mono';

// resvg-js 2.6 ignores its serifFamily/sansSerifFamily/monospaceFamily options and sends every
// generic family to the default font, so families are mapped here, in the SVG itself.
const FAMILIES: Record<string, string> = {
  serif: SERIF, times: SERIF, 'times new roman': SERIF, 'times-roman': SERIF, tinos: SERIF,
  'sans-serif': SANS, helvetica: SANS, arial: SANS, verdana: SANS, 'dejavu sans': SANS,
  cursive: SANS, fantasy: SANS, 'system-ui': SANS,
  monospace: MONO, courier: MONO, 'courier new': MONO, 'dejavu sans mono': MONO,
  'dejavu serif': 'DejaVu Serif',
};

/** `Times,serif` -> `Tinos`; families we do not ship are dropped, so none falls to the default by accident. */
export function mapFontFamilies(list: string): string {
  const known = list
    .split(',')
    .map((name) => FAMILIES[name.trim().replace(/^(["'])(.*)\1$/, '$2').toLowerCase()])
    .filter((name): name is string => name !== undefined);
  return [...new Set(known)].join(', ') || SERIF;
}

/** Rewrites the font-family attributes of every tag; text between tags is left alone. */
function withOurFonts(svg: string): string {
  return svg.replace(/<[^<>]*>/g, (tag) =>
    tag.replace(/(\sfont-family\s*=\s*)(["'])(.*?)\2/g, (_all, head: string, quote: string, list: string) =>
      `${head}${quote}${mapFontFamilies(list)}${quote}`,
    ),
  );
}

/**
 * Rasterises an SVG (Graphviz's, or one of our own pictures) to PNG at 1x, 2x or 3x. The same
 * SVG and scale always give the same bytes. Throws `graph-too-large` when the image would be
 * larger than `maxPixels`.
 */
export function renderPng(svg: string, options: PngOptions): Buffer {
  check(svg, options);
  return new Resvg(withOurFonts(svg), resvgOptions(options.scale)).render().asPng();
}

/** The same, rasterised on libuv's thread pool so the event loop stays free. */
export async function renderPngAsync(svg: string, options: PngOptions): Promise<Buffer> {
  check(svg, options);
  const image = await renderAsync(withOurFonts(svg), resvgOptions(options.scale));
  return image.asPng();
}

/** Rasterises an SVG scaled to `width` pixels, with the same fonts (pictures for the documentation). */
export function renderPngAtWidth(svg: string, width: number): Buffer {
  return new Resvg(withOurFonts(svg), { ...resvgOptions(1), fitTo: { mode: 'width', value: width } }).render().asPng();
}

function check(svg: string, { scale, maxPixels = DEFAULT_MAX_PNG_PIXELS }: PngOptions): void {
  if (scale !== 1 && scale !== 2 && scale !== 3) {
    throw new GradvizError('invalid-request', 'scale must be 1, 2 or 3');
  }
  // resvg reads any local file an <image href> names. Graphviz never writes one for our DOT (user
  // text only reaches escaped labels, where '<' becomes '&lt;'), so one here is a bug: refuse it.
  if (/<(?:[\w-]+:)?(?:image|feImage)[\s/>]/i.test(svg)) throw new Error('refusing to rasterise an SVG with an <image>');

  // Without fonts the parse is cheap (text is dropped) and the size is the same.
  const size = new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: 'off' });
  const width = Math.round(size.width * scale);
  const height = Math.round(size.height * scale);
  if (width * height > maxPixels) {
    throw new GradvizError(
      'graph-too-large',
      `the PNG would be ${width} x ${height} pixels, more than the limit of ${maxPixels.toLocaleString('en-US')}: ` +
        'ask for SVG instead, or a smaller scale',
      { limit: 'maxPngPixels', limitValue: maxPixels, requested: width * height },
    );
  }
}

function resvgOptions(scale: PngScale): ResvgRenderOptions {
  const font = { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: SERIF };
  return { font, fitTo: { mode: 'zoom', value: scale }, logLevel: 'off' };
}
