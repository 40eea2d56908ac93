import { expressionToMicrograd } from '../export/expression-micrograd.js';
import { expressionToPytorch } from '../export/expression-pytorch.js';
import { mlpToPytorch } from '../export/mlp-pytorch.js';
import type { GraphNode } from '../graph/trace.js';
import type { MlpLimits, MlpSpec } from '../nn/index.js';
import { checkOutputBytes, type AnswerBudget } from './budget.js';

/**
 * The request as Python a student can run: the expression in PyTorch or in the lecture's micrograd,
 * an MLP run in PyTorch. The code is a few lines per value, so it is measured once written.
 */

export const EXPRESSION_CODE_FORMATS = ['pytorch', 'micrograd'] as const;
export type ExpressionCodeFormat = (typeof EXPRESSION_CODE_FORMATS)[number];

export function expressionCode(format: ExpressionCodeFormat, nodes: readonly GraphNode[], budget: AnswerBudget): string {
  const code = format === 'pytorch' ? expressionToPytorch(nodes) : expressionToMicrograd(nodes);
  checkOutputBytes('Python code', Buffer.byteLength(code), budget);
  return code;
}

/** The run as a PyTorch script: no training here, the script trains the same network itself. */
export function mlpCode(spec: MlpSpec, limits: Partial<MlpLimits>, budget: AnswerBudget): string {
  const code = mlpToPytorch(spec, limits);
  checkOutputBytes('Python code', Buffer.byteLength(code), budget);
  return code;
}
