import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenapi, OPENAPI_PATH } from '../scripts/generate-openapi.js';

interface Schema {
  type?: string;
  description?: string;
  example?: unknown;
  examples?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
}

const committed = readFileSync(OPENAPI_PATH, 'utf8');
const document = JSON.parse(committed) as {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }>; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
};

/** Every property schema below `schema`, with its path. */
function* properties(schema: Schema, path: string): Generator<[string, Schema]> {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    yield [`${path}.${name}`, property];
    yield* properties(property, `${path}.${name}`);
  }
  if (schema.items !== undefined) yield* properties(schema.items, `${path}[]`);
}

describe('openapi/openapi.json', () => {
  it('is what the route schemas generate (run `npm run openapi` after changing them)', async () => {
    expect(committed).toBe(await generateOpenapi());
  });

  it('names the service and its version from package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(document.info.title).toBe('gradviz');
    expect(document.info.version).toBe(manifest.version);
    expect(document.openapi).toMatch(/^3\.1\./);
  });

  it('documents every route', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/v1/expression', '/v1/expression.dot', '/v1/expression.svg']),
    );
    // A client that asked for an image gets its errors as pictures; everyone else as problem+json.
    const problemForms: Record<string, string[]> = {
      '/v1/expression': ['application/problem+json', 'image/svg+xml', 'image/png'],
      '/v1/expression.svg': ['application/problem+json', 'image/svg+xml'],
      '/v1/expression.png': ['application/problem+json', 'image/png'],
      '/v1/expression.dot': ['application/problem+json'],
    };
    for (const [path, forms] of Object.entries(problemForms)) {
      const responses = document.paths[path]?.['post']?.responses ?? {};
      expect(Object.keys(responses).sort(), path).toEqual(['200', '400', '413', '415', '422', '429', '500', '503']);
      expect(Object.keys(responses['400']?.content ?? {}), path).toEqual(forms);
    }
    for (const path of ['/v1/expression.svg', '/v1/expression.png', '/v1/expression.dot', '/v1/expression.json', '/v1/expression/{format}/{encoded}']) {
      const responses = document.paths[path]?.['get']?.responses ?? {};
      expect(Object.keys(responses).sort(), path).toEqual(['200', '400', '413', '414', '422', '429', '500', '503']);
    }
    expect(Object.keys(document.paths['/v1/expression.svg']?.['post']?.responses['200']?.content ?? {})).toEqual([
      'image/svg+xml',
    ]);
  });

  it('gives every field a description and an example', () => {
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const schemas: [string, Schema][] = [];
        for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) schemas.push([`${type} body`, media.schema]);
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const [type, media] of Object.entries(response.content ?? {})) schemas.push([`${status} ${type}`, media.schema]);
        }
        for (const [where, schema] of schemas) {
          for (const [field, property] of properties(schema, `${method.toUpperCase()} ${path} ${where}`)) {
            if (!property.description) missing.push(`${field}: description`);
            if (property.example === undefined && property.examples === undefined) missing.push(`${field}: example`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
