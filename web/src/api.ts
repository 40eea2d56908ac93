// The public HTTP API, as the page uses it: nothing here that an API client could not do.

import type { ChainRuleEdge } from '../../src/chain-rule/edges.js';
import type { MlpSpec } from '../../src/nn/spec.js';

export interface GraphNode {
  id: string;
  label: string;
  /** '' for a leaf. */
  op: string;
  data: number;
  grad: number;
  inputs: string[];
}

/** One step of the chain rule, as the service answers it (the engine's own type). */
export type { ChainRuleEdge };

export interface RenderOptions {
  rankdir?: 'LR' | 'TB';
  precision?: number;
  theme?: 'light' | 'dark';
}

export interface ExpressionRequest {
  source: string;
  options?: RenderOptions;
}

export interface Warning {
  type?: string;
  detail: string;
}

export interface ExpressionResult {
  output: GraphNode;
  nodes: GraphNode[];
  gradients: Record<string, number>;
  /** Left out (with a warning) when the list would be over the service's output budget. */
  edges?: ChainRuleEdge[];
  dot: string;
  /** Left out (with a warning) when the graph has too many values to draw. */
  svg?: string;
  warnings?: Warning[];
}

/** The MLP spec the core takes (network, data, loss, training), with the picture's options. */
export type MlpRequest = MlpSpec & { options?: RenderOptions & { view?: 'neurons' | 'values' } };

export interface MlpParameter {
  name: string;
  data: number;
  grad: number;
}

export interface MlpResult {
  /** One number per input for a single output, else one list per input. */
  predictions: (number | number[])[];
  /** null when the request has no loss. */
  loss: number | null;
  parameters: MlpParameter[];
  history: number[];
  /** The notebook's accuracy of each step, before its update. */
  accuracy: number[];
  /** With a dataset in the request: the points it made and their labels. */
  inputs?: number[][];
  targets?: number[];
  /** Values in the graph of the final pass (what the values view draws). */
  graphNodes: number;
  /** The chain rule of the final pass, by the values view's ids; left out (with a warning) for a graph too large to draw. */
  edges?: ChainRuleEdge[];
  /** Left out (with a warning) when the graph is too large to draw. */
  svg?: string;
  warnings?: Warning[];
}

/** RFC 9457 problem details, with the position of a source error. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  line?: number;
  column?: number;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

async function post(path: string, body: unknown, accept: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
    signal: signal ?? null,
  });
  if (!response.ok) throw new ApiError(await readProblem(response));
  return response;
}

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    return { ...parsed, status: response.status };
  } catch {
    return { status: response.status, title: response.statusText, detail: text.slice(0, 300) || undefined };
  }
}

export async function evaluateExpression(request: ExpressionRequest, signal?: AbortSignal): Promise<ExpressionResult> {
  const response = await post('/v1/expression', request, 'application/json', signal);
  return (await response.json()) as ExpressionResult;
}

export async function runMlp(request: MlpRequest, signal?: AbortSignal): Promise<MlpResult> {
  const response = await post('/v1/mlp', request, 'application/json', signal);
  return (await response.json()) as MlpResult;
}
