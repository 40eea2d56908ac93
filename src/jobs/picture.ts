import { renderErrorSvg, type ErrorPicture } from '../render/error-image.js';
import { renderPng, type PngScale } from '../render/png.js';
import type { AnswerBudget } from './budget.js';
import type { JobContext } from './protocol.js';

/** Rasterises an SVG the job drew, within the budget's pixels: the last stage of a PNG answer. */
export function rasterise(svg: string, scale: PngScale, budget: Pick<AnswerBudget, 'maxPngPixels'>, context: JobContext): Uint8Array {
  context.stage('rasterising');
  return renderPng(svg, { scale, maxPixels: budget.maxPngPixels });
}

export interface ProblemPictureJob {
  picture: ErrorPicture;
  format: 'svg' | 'png';
  scale: PngScale;
}

/** The picture of a problem, for a client that asked for an image: drawn in a worker like any other. */
export function drawProblem({ picture, format, scale }: ProblemPictureJob, context: JobContext): string | Uint8Array {
  const svg = renderErrorSvg(picture);
  if (format === 'svg') return svg;
  context.stage('rasterising');
  return renderPng(svg, { scale });
}
