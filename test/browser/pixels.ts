import { inflateSync } from 'node:zlib';

/**
 * Counts the pixels of a PNG screenshot that differ from its background (its most common colour),
 * so a blank or background-only page can be told from one that drew something. A small decoder for
 * what Chromium writes (8-bit RGB or RGBA, not interlaced) keeps the count independent of the browser.
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
  const { width, height, channels, pixels } = decodePng(png);
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

interface DecodedPng {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

export function decodePng(png: Buffer): DecodedPng {
  const signature = '89504e470d0a1a0a';
  if (png.subarray(0, 8).toString('hex') !== signature) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      const colour = body[9];
      const interlace = body[12];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      }
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (pixels[out + x - channels] ?? 0) : 0;
      const b = y > 0 ? (pixels[out - stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (pixels[out - stride + x - channels] ?? 0) : 0;
      const value = line[x] ?? 0;
      let predicted: number;
      switch (filter) {
        case 0:
          predicted = 0;
          break;
        case 1:
          predicted = a;
          break;
        case 2:
          predicted = b;
          break;
        case 3:
          predicted = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter}`);
      }
      pixels[out + x] = (value + predicted) & 255;
    }
  }
  return { width, height, channels, pixels };
}
