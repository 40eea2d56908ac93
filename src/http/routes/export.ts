import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ExpressionCodeFormat } from '../../jobs/code-export.js';
import type { Answers } from '../answers.js';
import { ExpressionImageRequestSchema, problemAnswers } from '../schemas/image.js';
import { MlpRequestSchema } from '../schemas/mlp.js';

export interface ExportRoutesOptions {
  answers: Answers;
}

const PROBLEMS = {
  400: 'The body is not JSON or does not match the schema of its sibling route, or the program does not parse.',
  413: 'The body, the source or the number of inputs is over its limit.',
  415: 'The body is not application/json.',
  422:
    'The program cannot be evaluated, the network or its training is over a limit, mini-batches over a Playground set ' +
    '(which have no Python one-liner), or the code would be over MAX_OUTPUT_BYTES.',
  429: 'This client already has JOB_QUEUE_PER_CLIENT jobs waiting; Retry-After says when to try again.',
  503: 'Every worker is busy and the queue is full, or the service is shutting down; Retry-After says when to try again.',
  500: 'The service failed; the message is logged, not sent.',
};

const python = (description: string, example: string) => ({
  description,
  content: { 'text/x-python': { schema: Type.String({ description, examples: [example] }) } },
});

const EXPRESSION_CODE: Record<ExpressionCodeFormat, { summary: string; description: string; example: string }> = {
  pytorch: {
    summary: 'A program as a PyTorch script',
    description:
      'The graph POST /v1/expression evaluates, op by op in its order: every leaf a float64 tensor with ' +
      '`requires_grad`, `backward()` on the root, then one line per value (id, label, data, grad). Run with ' +
      "PyTorch, it prints the gradients gradviz answers (to the last bits of exp and tanh).",
    example: 'import torch\n\na = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)\n...\nL.backward()\n',
  },
  micrograd: {
    summary: 'A program as a standalone micrograd file',
    description:
      "The lecture's `Value` class (operands kept in order, an iterative sort, tanh and exp) followed by the graph " +
      'op by op, `backward()` on the root and one line per value. Runs with nothing but Python.',
    example: 'import math\n\n\nclass Value:\n    ...\n\na = Value(2.0, label=\'a\')\n...\nL.backward()\n',
  },
};

/** The request as Python code: never negotiated, its errors always problem+json. */
const exportRoutes: FastifyPluginAsyncTypebox<ExportRoutesOptions> = async (app, { answers }) => {
  for (const [format, route] of Object.entries(EXPRESSION_CODE) as [ExpressionCodeFormat, (typeof EXPRESSION_CODE)[ExpressionCodeFormat]][]) {
    app.post(
      `/v1/expression/${format}`,
      {
        schema: {
          operationId: format === 'pytorch' ? 'exportExpressionPytorch' : 'exportExpressionMicrograd',
          tags: ['expression'],
          summary: route.summary,
          description: `${route.description} The body is POST /v1/expression's; drawing options are ignored.`,
          body: ExpressionImageRequestSchema,
          response: { 200: python(route.summary, route.example), ...problemAnswers(PROBLEMS, []) },
        },
        config: { answers: 'json' },
      },
      async (request, reply) => {
        const { scale: _ignored, ...options } = request.body.options ?? {};
        return answers.send(request, reply, { kind: 'expression', request: { ...request.body, options }, format, scale: 1 });
      },
    );
  }

  app.post(
    '/v1/mlp/pytorch',
    {
      schema: {
        operationId: 'exportMlpPytorch',
        tags: ['mlp'],
        summary: 'An MLP run as a PyTorch script',
        description:
          "The body of POST /v1/mlp as PyTorch in float64: the same data (or the scikit-learn call that makes it), the " +
          'initial weights as one matrix per layer, the loss, the training loop with its schedule and mini-batches, then ' +
          "the final pass. It prints each step's loss and accuracy and every parameter's data and grad by gradviz's names.",
        body: MlpRequestSchema,
        response: {
          200: python('An MLP run as a PyTorch script.', 'import torch\n\ntorch.set_default_dtype(torch.float64)\n...\n'),
          ...problemAnswers(PROBLEMS, []),
        },
      },
      config: { answers: 'json' },
    },
    async (request, reply) => {
      const { scale: _ignored, ...options } = request.body.options ?? {};
      return answers.send(request, reply, { kind: 'mlp', request: { ...request.body, options }, format: 'pytorch', scale: 1 });
    },
  );
};

export default exportRoutes;
