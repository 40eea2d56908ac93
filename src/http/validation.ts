import { Ajv, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

// As Fastify's own Ajv: allErrors stays off, since collecting every error of a hostile body costs time.
const COMMON: Options = { allErrors: false, addUsedSchema: false, useDefaults: true };

/**
 * Bodies are checked as they are: a number sent as a string is an error, not a number, and an
 * unknown field is an error, not silently dropped (Fastify's defaults do both). Query strings and
 * path parameters arrive as text, so those are converted to their schema's types. Unknown query
 * parameters are dropped, not refused: the web adds its own to image URLs (a cache buster such as
 * `?v=2`, a tracking tag), and an `<img>` must still draw.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const body = new Ajv({ ...COMMON, coerceTypes: false, removeAdditional: false });
  const text = new Ajv({ ...COMMON, coerceTypes: 'array', removeAdditional: false });
  const query = new Ajv({ ...COMMON, coerceTypes: 'array', removeAdditional: true });
  const compilers = { body, querystring: query } as Record<string, Ajv>;
  return ({ schema, httpPart }) => (compilers[httpPart ?? ''] ?? text).compile(schema as object);
}

interface SchemaError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * Fastify's message for a rejected request, made specific where Ajv is vague: which unknown
 * field, which allowed values.
 */
export function formatSchemaErrors(errors: SchemaError[], dataVar: string): Error {
  const parts = errors.map(({ instancePath = '', message = 'is invalid', params = {} }) => {
    const where = dataVar + instancePath;
    if (typeof params['additionalProperty'] === 'string') return `${where} has an unknown field '${params['additionalProperty']}'`;
    if (Array.isArray(params['allowedValues'])) {
      return `${where} must be one of ${params['allowedValues'].map((value) => JSON.stringify(value)).join(', ')}`;
    }
    return `${where} ${message}`;
  });
  return new Error(parts.join(', '));
}
