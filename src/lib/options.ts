import type { Theme } from '../graph/palette.js';
import type { MlpView } from '../graph/neuron-view.js';
import type { LayoutChoice } from '../jobs/draw.js';
import type { PngScale } from '../render/png.js';

/** How to draw a graph; every field is optional and defaults as the service's do. */
export interface DrawingOptions {
  /** 'LR' (default) draws left to right, 'TB' top to bottom. */
  rankdir?: 'LR' | 'TB';
  /** Decimals of data and grad, 0 to 10 (default 4). */
  precision?: number;
  /** false draws the forward pass only, without the grad field. */
  grad?: boolean;
  theme?: Theme;
  /** The layout engine: 'graphviz', 'layered' or 'auto' (default: Graphviz while it is cheap). */
  layout?: LayoutChoice;
  /** PNG only: pixels per point. */
  scale?: PngScale;
}

export const EXPRESSION_FORMATS = ['svg', 'png', 'dot', 'json'] as const;
export type ExpressionFormat = (typeof EXPRESSION_FORMATS)[number];

export interface RenderOptions extends DrawingOptions {
  /** Default 'svg'. */
  format?: ExpressionFormat;
  /** Numbers for names the program uses without assigning them. */
  values?: Record<string, number>;
  /** The name of the value to draw the graph of; default: what `.backward()` was called on. */
  output?: string;
}

export const MLP_FORMATS = ['svg', 'png', 'dot', 'json', 'loss.svg', 'loss.png'] as const;
export type MlpFormat = (typeof MLP_FORMATS)[number];

export interface RenderMlpOptions extends DrawingOptions {
  /** Default 'svg'; 'loss.svg' and 'loss.png' chart the training loss. */
  format?: MlpFormat;
  /** 'values' (default) draws every scalar; 'neurons' one node per neuron. */
  view?: MlpView;
}

/** PNG answers are bytes; every other format is text. */
export type Rendered<Format> = Format extends 'png' | 'loss.png' ? Uint8Array : string;

/** The options the graph writer takes, without the ones that are not about drawing. */
export function drawingOf(
  options: DrawingOptions,
): { rankdir?: 'LR' | 'TB'; precision?: number; grad?: boolean; theme?: Theme; layout?: LayoutChoice } {
  const { rankdir, precision, grad, theme, layout } = options;
  return {
    ...(layout === undefined ? {} : { layout }),
    ...(rankdir === undefined ? {} : { rankdir }),
    ...(precision === undefined ? {} : { precision }),
    ...(grad === undefined ? {} : { grad }),
    ...(theme === undefined ? {} : { theme }),
  };
}
