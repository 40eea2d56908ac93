import { GradvizError } from '../errors.js';
import type { Theme } from '../graph/palette.js';
import {
  checkLimit,
  decisionBoundary,
  DEFAULT_BOUNDARY,
  DEFAULT_MLP_LIMITS,
  runMlp,
  validateMlpSpec,
  type Boundary,
  type BoundaryOptions,
  type MlpLimits,
  type MlpSpec,
} from '../nn/index.js';
import { boundaryChartBytes, boundaryChartSvg } from '../render/boundary-chart.js';
import type { PngScale } from '../render/png.js';
import type { AnswerBody } from './answer.js';
import { checkOutputBytes, type AnswerBudget } from './budget.js';
import { rasterise } from './picture.js';
import type { JobContext } from './protocol.js';

/**
 * The notebook's decision boundary of a trained MLP: its score over a grid around the data, as
 * numbers or as a heat map with the data on top. The grid's size is checked before training, so a
 * request for too fine a grid costs no training.
 */

export const BOUNDARY_FORMATS = ['boundary.json', 'boundary.svg', 'boundary.png'] as const;
export type BoundaryFormat = (typeof BOUNDARY_FORMATS)[number];

export function isBoundaryFormat(format: string): format is BoundaryFormat {
  return (BOUNDARY_FORMATS as readonly string[]).includes(format);
}

/** The JSON answer: the grid and its scores, and the data drawn on it. */
export interface BoundaryAnswer extends Boundary {
  inputs: number[][];
  /** Each point's label, when the request has one target per point. */
  targets?: number[];
}

export interface BoundaryJob {
  spec: MlpSpec;
  boundary: BoundaryOptions;
  format: BoundaryFormat;
  scale: PngScale;
  theme: Theme;
  limits: Partial<MlpLimits>;
  budget: AnswerBudget;
}

// Per score, coordinate and point in the JSON answer, rounded up (a number is at most 24 characters).
const JSON_NUMBER_BYTES = 26;
const JSON_POINT_BYTES = 2 * JSON_NUMBER_BYTES + 30;

export async function boundaryAnswer(job: BoundaryJob, context: JobContext): Promise<AnswerBody> {
  const limits: MlpLimits = { ...DEFAULT_MLP_LIMITS, ...job.limits };
  const valid = validateMlpSpec(job.spec, limits);
  if (valid.sizes[0] !== 2) throw new GradvizError('invalid-request', 'a decision boundary needs a network of two inputs (layers starting with 2)');
  const [columns, rows] = gridSize(valid.inputs, job.boundary);
  checkLimit(limits, 'maxBoundaryCells', columns * rows);
  const points = valid.inputs.length;
  if (job.format === 'boundary.json') {
    checkOutputBytes('boundary', (columns * rows + columns + rows) * JSON_NUMBER_BYTES + points * JSON_POINT_BYTES + 64, job.budget);
  } else {
    checkOutputBytes('boundary picture', boundaryChartBytes(columns * rows, points), job.budget);
  }

  const result = runMlp(job.spec, limits, { onTraining: () => context.stage('training') });
  context.stage('layout');
  const boundary = decisionBoundary(result.network, result.inputs, job.boundary, limits);
  const labels = valid.datasetTargets ?? valid.loss?.targets.map((target) => target[0] as number);
  if (job.format === 'boundary.json') {
    const answer: BoundaryAnswer = { ...boundary, inputs: result.inputs, ...(labels === undefined ? {} : { targets: labels }) };
    return JSON.stringify(answer);
  }
  const step = job.boundary.step ?? DEFAULT_BOUNDARY.step;
  const svg = boundaryChartSvg({ boundary, step, points: result.inputs, ...(labels === undefined ? {} : { labels }), theme: job.theme });
  return job.format === 'boundary.svg' ? svg : rasterise(svg, job.scale, job.budget, context);
}

/** Columns and rows of the grid, counted from the data's extent as decisionBoundary counts them. */
function gridSize(points: readonly (readonly number[])[], options: BoundaryOptions): [number, number] {
  const step = options.step ?? DEFAULT_BOUNDARY.step;
  const margin = options.margin ?? DEFAULT_BOUNDARY.margin;
  return [0, 1].map((j) => {
    let low = Infinity;
    let high = -Infinity;
    for (const p of points) {
      low = Math.min(low, p[j] as number);
      high = Math.max(high, p[j] as number);
    }
    [low, high] = [low - margin, high + margin];
    return Math.max(0, Math.ceil((high - low) / step));
  }) as [number, number];
}
