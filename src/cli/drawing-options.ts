import type { ParseArgsConfig } from 'node:util';
import { THEMES, type Theme } from '../graph/palette.js';
import { LAYOUTS, type LayoutChoice } from '../jobs/draw.js';
import type { DrawingOptions } from '../lib/options.js';
import { UsageError } from './usage-error.js';

/** The options both drawing commands take, as parseArgs declares them. */
export const DRAWING_FLAGS = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  rankdir: { type: 'string' },
  precision: { type: 'string' },
  'no-grad': { type: 'boolean' },
  theme: { type: 'string' },
  layout: { type: 'string' },
  scale: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export interface DrawingFlags {
  rankdir?: string;
  precision?: string;
  'no-grad'?: boolean;
  theme?: string;
  layout?: string;
  scale?: string;
}

/** Checked here, so a typo is a usage error (exit 2) that names the flag, not a problem with the input. */
export function drawingOptionsOf(flags: DrawingFlags): DrawingOptions {
  const options: DrawingOptions = {};
  if (flags.rankdir !== undefined) {
    const rankdir = flags.rankdir.toUpperCase();
    if (rankdir !== 'LR' && rankdir !== 'TB') throw new UsageError(`--rankdir must be LR or TB, got '${flags.rankdir}'`);
    options.rankdir = rankdir;
  }
  if (flags.precision !== undefined) options.precision = integerFlag('--precision', flags.precision, 0, 10);
  if (flags['no-grad'] === true) options.grad = false;
  if (flags.theme !== undefined) {
    if (!(THEMES as readonly string[]).includes(flags.theme)) {
      throw new UsageError(`--theme must be one of ${THEMES.join(', ')}, got '${flags.theme}'`);
    }
    options.theme = flags.theme as Theme;
  }
  if (flags.layout !== undefined) {
    if (!(LAYOUTS as readonly string[]).includes(flags.layout)) {
      throw new UsageError(`--layout must be one of ${LAYOUTS.join(', ')}, got '${flags.layout}'`);
    }
    options.layout = flags.layout as LayoutChoice;
  }
  if (flags.scale !== undefined) options.scale = integerFlag('--scale', flags.scale, 1, 3) as 1 | 2 | 3;
  return options;
}

function integerFlag(name: string, text: string, minimum: number, maximum: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= minimum && value <= maximum)) {
    throw new UsageError(`${name} must be an integer from ${minimum} to ${maximum}, got '${text}'`);
  }
  return value;
}

/** `--values x=1.5 --values y=-2`, or `--values x=1.5,y=-2`. */
export function valuesOf(pairs: readonly string[]): Record<string, number> | undefined {
  if (pairs.length === 0) return undefined;
  const values: Record<string, number> = {};
  for (const pair of pairs.flatMap((text) => text.split(','))) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S+)\s*$/.exec(pair);
    const number = match === null ? Number.NaN : Number(match[2]);
    if (match === null || !Number.isFinite(number)) {
      throw new UsageError(`--values takes NAME=NUMBER pairs such as x=1.5, got '${pair}'`);
    }
    Object.defineProperty(values, match[1] as string, { value: number, enumerable: true, writable: true, configurable: true });
  }
  return values;
}
