import type { ExpressionRequest } from '../render/expression-job.js';
import type { PngScale } from '../render/png.js';
import type { DrawingQuery } from './schemas/image.js';

/** A query parameter that passed the schema but does not say what it must (400, validation-error). */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  readonly statusCode = 400;
}

/** An expression request as the GET URLs spell it: the program, and the rest as query parameters. */
export function expressionFromQuery(source: string, query: DrawingQuery): { request: ExpressionRequest; scale: PngScale } {
  const { values, output, scale = 1, ...options } = query;
  const request: ExpressionRequest = { source, options };
  const parsed = parseValues(values);
  if (parsed !== undefined) request.values = parsed;
  if (output !== undefined) request.output = output;
  return { request, scale: scale as PngScale };
}

/** `values={"x":1.5,"y":-2}`: the same object POST takes in its body. */
export function parseValues(text: string | undefined): Record<string, number> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new QueryError("querystring/values has a '__proto__' key, which is not allowed");
      return value;
    });
  } catch (error) {
    if (error instanceof QueryError) throw error;
    throw new QueryError(`querystring/values must be a JSON object such as {"x":1.5}: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new QueryError('querystring/values must be a JSON object of numbers, such as {"x":1.5}');
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'number') throw new QueryError(`querystring/values/${name} must be a number`);
  }
  return parsed as Record<string, number>;
}
