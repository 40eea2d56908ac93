import { Type, type Static } from 'typebox';
import { PROBLEM_TYPE_BASE } from '../problem/types.js';
import { ALLOW, NO_STORE, REQUEST_ID, RETRY_AFTER } from './headers.js';

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
  { title: 'Problem', description: 'An RFC 9457 problem details object.' },
);

export type ProblemBody = Static<typeof ProblemSchema>;

/**
 * What any answer route may also be answered with, whatever it computes: set by the service's
 * edge (limits on URLs and headers, timeouts, load shedding) rather than by the route.
 */
export const EDGE_PROBLEMS: Record<number, string> = {
  406: 'The Accept header refuses every media type the route answers.',
  408: 'The request did not arrive within REQUEST_TIMEOUT_MS.',
  414: 'The URL is over MAX_URL_LENGTH: POST the input instead.',
  429: 'This client is over RATE_LIMIT_MAX, or already has JOB_QUEUE_PER_CLIENT jobs waiting; Retry-After says when to try again.',
  431: 'The request headers are larger than the service accepts.',
  500: 'The service failed; the message is logged, not sent.',
  503: 'Every worker is busy and the queue is full, the process is overloaded, or it is shutting down; Retry-After says when to try again.',
};

/** The headers of a problem with `status`. */
export function problemHeaders(status: number) {
  return {
    ...REQUEST_ID,
    ...NO_STORE,
    ...(status === 429 || status === 503 ? RETRY_AFTER : {}),
    ...(status === 405 ? ALLOW : {}),
  };
}

/** OpenAPI entries for error answers, by status, with their headers. */
export function problemResponses<Status extends number>(described: Record<Status, string>) {
  const responses = {} as Record<
    Status,
    { description: string; headers: ReturnType<typeof problemHeaders>; content: Record<string, { schema: typeof ProblemSchema }> }
  >;
  for (const [status, description] of Object.entries(described) as [`${Status}`, string][]) {
    responses[Number(status) as Status] = {
      description,
      headers: problemHeaders(Number(status)),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return responses;
}

/** The edge's problems that reach even the probes, which are never shed: a long URL or large headers, a slow request. */
export const PROBE_PROBLEMS = problemResponses({ 408: EDGE_PROBLEMS[408]!, 414: EDGE_PROBLEMS[414]!, 431: EDGE_PROBLEMS[431]! });
