import type { ExpressionRequest } from '../jobs/expression.js';
import type { PngScale } from '../render/png.js';
import type { DrawingQuery } from './schemas/image.js';
import { formatSchemaErrors } from './validation.js';

/** A URL parameter (query or encoded path) that does not say what it must (400, validation-error). */
export class UrlParameterError extends Error {
  override readonly name = 'UrlParameterError';
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
  const parsed = parseUrlJson(
    text,
    "querystring/values has a '__proto__' key, which is not allowed",
    (reason) => `querystring/values must be a JSON object such as {"x":1.5}: ${reason}`,
  );
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UrlParameterError('querystring/values must be a JSON object of numbers, such as {"x":1.5}');
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'number') throw new UrlParameterError(`querystring/values/${name} must be a number`);
  }
  return parsed as Record<string, number>;
}

/**
 * The JSON body of a POST route, written in a GET URL instead: refused with the same strictness
 * as the body (no `__proto__` key, no coercion, no unknown field), its errors named `encoded/...`.
 */
export function bodyFromUrl<Body>(text: string, check: CompiledCheck, where = 'encoded'): Body {
  const parsed = parseUrlJson(
    text,
    `the ${where} JSON has a '__proto__' key, which is not allowed`,
    (reason) => `the ${where} text is not JSON: ${reason}`,
  );
  if (!check(parsed)) throw new UrlParameterError(formatSchemaErrors(check.errors ?? [], where).message);
  return parsed as Body;
}

/** A schema compiled by the app's validator compiler (Ajv's validate function). */
export type CompiledCheck = ((value: unknown) => boolean) & { errors?: Parameters<typeof formatSchemaErrors>[0] | null };

/** JSON from a URL, refusing a `__proto__` key as the body parser does; errors are 400s in the caller's words. */
function parseUrlJson(text: string, protoMessage: string, notJson: (reason: string) => string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new UrlParameterError(protoMessage);
      return value;
    });
  } catch (error) {
    if (error instanceof UrlParameterError) throw error;
    throw new UrlParameterError(notJson((error as Error).message));
  }
}
