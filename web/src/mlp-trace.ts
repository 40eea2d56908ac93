// The values of an MLP's graph as the service traces them for its `values` picture, computed in
// the page with the service's own code: the MLP answer does not list its values, and stepping
// through the chain rule needs every one of them (its terms come from the answer's edges). The
// same spec builds the same graph, so the same traversal gives the same ids (n0, n1, ...) the
// picture's nodes and the answer's edges carry.

import { traceGraph } from '../../src/graph/trace.js';
import { runMlp } from '../../src/nn/run-mlp.js';
import type { MlpSpec } from '../../src/nn/spec.js';
import type { GraphNode } from './api.js';

/** Past this many values a values picture is not readable (nor drawn); the page does not retrace it. */
export const MAX_TRACED_VALUES = 5000;

export function traceMlp(spec: MlpSpec, graphNodes: number): GraphNode[] | undefined {
  if (graphNodes > MAX_TRACED_VALUES) return undefined;
  try {
    return traceGraph(runMlp(spec).root).nodes;
  } catch {
    // The service answered this spec; should the page's run still fail, there is just nothing to step through.
    return undefined;
  }
}
