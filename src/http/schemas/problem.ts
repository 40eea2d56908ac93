import { Type, type Static } from 'typebox';
import { PROBLEM_TYPE_BASE } from '../problem/types.js';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({
      description: `What kind of problem this is: a URI under ${PROBLEM_TYPE_BASE} (see the README), or about:blank.`,
      examples: [`${PROBLEM_TYPE_BASE}evaluation-error`],
    }),
    title: Type.String({
      description: 'A short summary of the kind of problem; the same for every occurrence of the type.',
      examples: ['The program cannot be evaluated'],
    }),
    status: Type.Integer({ description: 'The HTTP status code of the answer.', examples: [422] }),
    detail: Type.String({
      description: 'What went wrong with this request, in words; for source errors it starts with the line and column.',
      examples: ["line 3, column 7: unknown function 'tahn'; did you mean 'tanh'?"],
    }),
    instance: Type.Optional(
      Type.String({ description: 'The path of the request that failed.', examples: ['/v1/expression'] }),
    ),
    line: Type.Optional(
      Type.Integer({ minimum: 1, description: 'For errors in the program: the 1-based line.', examples: [3] }),
    ),
    column: Type.Optional(
      Type.Integer({ minimum: 1, description: 'For errors in the program: the 1-based column.', examples: [7] }),
    ),
    limit: Type.Optional(
      Type.String({ description: 'For a limit that was exceeded: its name, as the configuration names it.', examples: ['MAX_DRAWN_VALUES'] }),
    ),
    limitValue: Type.Optional(
      Type.Number({ description: 'For a limit that was exceeded: its configured value.', examples: [1500] }),
    ),
    requested: Type.Optional(
      Type.Number({ description: 'For a limit that was exceeded: what the request needed.', examples: [2048] }),
    ),
    stage: Type.Optional(
      Type.Union([Type.Literal('evaluation'), Type.Literal('training'), Type.Literal('layout'), Type.Literal('rasterising')], {
        description: 'For a job that ran out of time (limit JOB_TIME_LIMIT_MS): what it was doing.',
        examples: ['layout'],
      }),
    ),
  },
  { description: 'An RFC 9457 problem details object.' },
);

export type ProblemBody = Static<typeof ProblemSchema>;

/** OpenAPI entries for error answers, by status. */
export function problemResponses<Status extends number>(described: Record<Status, string>) {
  const responses = {} as Record<Status, { description: string; content: Record<string, { schema: typeof ProblemSchema }> }>;
  for (const [status, description] of Object.entries(described) as [`${Status}`, string][]) {
    responses[Number(status) as Status] = {
      description,
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return responses;
}
