import type { TracedGraph } from '../graph/trace.js';
import type { GraphMeasure } from './budget.js';
import { chooseEngine, DEFAULT_LAYOUT, layeredWork, type Engine } from './draw.js';
import { runExpressionJob, type ExpressionJob } from './expression.js';
import type { AnswerBody } from './answer.js';

/**
 * Jobs small enough to answer on the HTTP thread: handing a job to a worker and back costs a few
 * hundred microseconds of CPU, more than a small expression drawn by the layered engine or written
 * as DOT. Which jobs qualify is decided by a cost model, never by running them to see:
 *
 * 1. From the request alone: not a PNG, not a picture that Graphviz would draw (small graphs under
 *    `auto` are Graphviz's), a short source and few given values.
 * 2. The program then runs with at most INLINE_MAX_VALUES values, so this part is bounded by the
 *    source length and that cap; a program that makes more is handed to a worker.
 * 3. Once the graph is measured, and before anything is written or laid out, the predicted CPU of
 *    the whole job is compared with the limit; over it, the job is handed to a worker.
 *
 * The answer is the job's own, byte for byte: the same function with the same input and limits.
 */

/** Longest source tried inline, in characters. */
export const INLINE_MAX_SOURCE_LENGTH = 2048;
/** Most values a program run inline may make; one more and the job goes to a worker. */
export const INLINE_MAX_VALUES = 64;

// Microseconds of CPU on an idle 2-CPU machine of the bench's kind, upper bounds for graphs within
// the cap, from bench/inline-cost.ts (which prints the largest measured/predicted ratio).
const FIXED_US = 80;
const SOURCE_US_PER_CHARACTER = 0.25;
const VALUE_US = 5;
const DOT_US_PER_VALUE = 3;
const CODE_US_PER_VALUE = 3;
const JSON_US_PER_VALUE = 6;
const LAYERED_US_PER_UNIT = 0.006;
const GRADCHECK_US_PER_STEP = 0.05;

export type InlineFormat = ExpressionJob['format'];

/** Step 1: whether the request may be tried inline at all, before any of its work. */
export function mayRunInline(job: ExpressionJob, maxMicroseconds: number): boolean {
  if (maxMicroseconds <= 0 || job.format === 'png') return false;
  const { source, values = {}, options = {} } = job.request;
  if (typeof source !== 'string' || source.length > INLINE_MAX_SOURCE_LENGTH) return false;
  if (Object.keys(values).length > INLINE_MAX_VALUES) return false;
  const pictured = job.format === 'svg' || job.format === 'json';
  return !pictured || (options.layout ?? DEFAULT_LAYOUT) === 'layered';
}

/** Step 3: the predicted CPU of the whole job in microseconds; Infinity when Graphviz would draw it. */
export function predictedMicroseconds(job: ExpressionJob, graph: TracedGraph, measure: GraphMeasure): number {
  const values = graph.nodes.length;
  let cost = FIXED_US + SOURCE_US_PER_CHARACTER * job.request.source.length + VALUE_US * values;
  switch (job.format) {
    case 'png':
      return Infinity;
    case 'dot':
      return cost + DOT_US_PER_VALUE * values;
    case 'pytorch':
    case 'micrograd':
      return cost + CODE_US_PER_VALUE * values;
    case 'svg':
    case 'json': {
      let engine: Engine;
      try {
        engine = chooseEngine(job.request.options?.layout ?? DEFAULT_LAYOUT, measure, job.budget);
      } catch {
        // Refused: a worker answers it, as it answers every refusal of the drawing.
        return Infinity;
      }
      if (engine === 'graphviz') return Infinity;
      cost += LAYERED_US_PER_UNIT * layeredWork(engine, measure);
      if (job.format === 'svg') return cost;
      cost += (JSON_US_PER_VALUE + DOT_US_PER_VALUE) * values;
      if (job.request.options?.gradcheck === true) {
        const leaves = graph.nodes.filter((node) => node.op === '').length;
        cost += GRADCHECK_US_PER_STEP * 2 * leaves * values;
      }
      return cost;
    }
  }
}

/** Thrown by the check before drawing, to hand the job to a worker. */
const TOO_LONG = Symbol('too long for the HTTP thread');

/**
 * Runs `job` here when the cost model predicts at most `maxMicroseconds`; resolves undefined when it
 * must go to a worker instead. Errors are the job's own (a GradvizError is the client's answer).
 */
export async function runExpressionInline(job: ExpressionJob, maxMicroseconds: number): Promise<AnswerBody | undefined> {
  if (!mayRunInline(job, maxMicroseconds)) return undefined;
  const cap = Math.min(job.limits.maxNodes, INLINE_MAX_VALUES);
  const capped: ExpressionJob = { ...job, limits: { ...job.limits, maxNodes: cap } };
  try {
    return await runExpressionJob(capped, undefined, (graph, measure) => {
      if (predictedMicroseconds(job, graph, measure) > maxMicroseconds) throw TOO_LONG;
    });
  } catch (error) {
    if (error === TOO_LONG || (cap < job.limits.maxNodes && isOverCap(error, cap))) return undefined;
    throw error;
  }
}

/** The program made more values than the inline cap allows, though fewer than the real limit may. */
function isOverCap(error: unknown, cap: number): boolean {
  const details = (error as { details?: { limit?: unknown; limitValue?: unknown } } | null)?.details;
  return details?.limit === 'maxNodes' && details.limitValue === cap;
}
