import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenapi, OPENAPI_PATH } from '../scripts/generate-openapi.js';

interface Schema {
  $ref?: string;
  type?: string;
  description?: string;
  example?: unknown;
  examples?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
}

const committed = readFileSync(OPENAPI_PATH, 'utf8');
interface Operation {
  operationId?: string;
  tags?: string[];
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: Schema }> }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}

const document = JSON.parse(committed) as {
  openapi: string;
  info: { title: string; version: string; description: string; license?: { name: string } };
  servers?: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Operation['responses'][string]> };
};

/** The responses of an operation, shared ones looked up under components. */
function responsesOf(path: string, method: string): Operation['responses'] {
  const responses = document.paths[path]?.[method]?.responses ?? {};
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      const reference = (response as { $ref?: string }).$ref;
      return [status, reference === undefined ? response : document.components.responses[reference.split('/').pop()!]!];
    }),
  );
}

/** Every property schema below `schema`, with its path. */
function* properties(schema: Schema, path: string): Generator<[string, Schema]> {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    // A named schema is checked once, under components.
    if (property.$ref !== undefined) continue;
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

  it('documents every route, each with an operationId', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/metrics', '/v1/expression', '/v1/expression.dot', '/v1/expression.svg']),
    );
    const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id)), ids.join()).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers JSON routes with JSON only, and the picture routes\' problems also as pictures', () => {
    expect(Object.keys(document.paths['/v1/expression']?.['post']?.responses['200']?.content ?? {})).toEqual(['application/json']);
    expect(Object.keys(document.paths['/v1/mlp']?.['post']?.responses['200']?.content ?? {})).toEqual(['application/json']);
    const problemForms: Record<string, string[]> = {
      '/v1/expression': ['application/problem+json'],
      '/v1/expression.svg': ['application/problem+json', 'image/svg+xml'],
      '/v1/expression.png': ['application/problem+json', 'image/png'],
      '/v1/expression.dot': ['application/problem+json'],
    };
    for (const [path, forms] of Object.entries(problemForms)) {
      const responses = responsesOf(path, 'post');
      expect(Object.keys(responses).sort(), path).toEqual(['200', '400', '406', '408', '413', '414', '415', '422', '429', '431', '500', '503']);
      expect(Object.keys(responses['400']?.content ?? {}), path).toEqual(forms);
    }
    for (const path of ['/v1/expression.svg', '/v1/expression.png', '/v1/expression.dot', '/v1/expression.json', '/v1/expression/{format}/{encoded}']) {
      const responses = document.paths[path]?.['get']?.responses ?? {};
      expect(Object.keys(responses).sort(), path).toEqual(['200', '304', '400', '406', '408', '413', '414', '422', '429', '431', '500', '503']);
    }
  });

  it('names the headers of each answer', () => {
    const get = responsesOf('/v1/expression/{format}/{encoded}', 'get');
    expect(Object.keys(get['200']?.headers ?? {}).sort()).toEqual(['Cache-Control', 'ETag', 'Vary', 'X-Request-Id']);
    expect(Object.keys(get['304']?.headers ?? {}).sort()).toEqual(['Cache-Control', 'ETag', 'X-Request-Id']);
    expect(Object.keys(get['503']?.headers ?? {}).sort()).toEqual(['Cache-Control', 'Retry-After', 'X-Request-Id']);
    expect(Object.keys(get['429']?.headers ?? {})).toContain('Retry-After');
    const post = responsesOf('/v1/mlp', 'post');
    expect(Object.keys(post['200']?.headers ?? {}).sort()).toEqual(['ETag', 'Vary', 'X-Request-Id']);
  });

  it('refers to named schemas instead of repeating them', () => {
    const named = ['ExpressionRequest', 'ExpressionResult', 'GraphNode', 'MlpParameter', 'MlpRequest', 'MlpResult', 'Problem', 'Warning'];
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(named));
    const text = JSON.stringify({ paths: document.paths, responses: document.components.responses });
    expect(text).not.toContain('"title":');
    expect(text.split('"#/components/schemas/Problem"').length - 1).toBeGreaterThan(30);
    expect(text).not.toContain('"instance":');
  });

  it('declares its servers, license and every tag it uses', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.info.license).toMatchObject({ name: 'MIT' });
    const used = new Set(Object.values(document.paths).flatMap((methods) => Object.values(methods).flatMap((operation) => operation.tags ?? [])));
    expect(document.tags.map((tag) => tag.name)).toEqual(expect.arrayContaining([...used]));
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
          if (schema.$ref !== undefined) continue;
          for (const [field, property] of properties(schema, `${method.toUpperCase()} ${path} ${where}`)) {
            if (!property.description) missing.push(`${field}: description`);
            if (property.example === undefined && property.examples === undefined) missing.push(`${field}: example`);
          }
        }
      }
    }
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [field, property] of properties(schema, `components.schemas.${name}`)) {
        if (!property.description && property.$ref === undefined) missing.push(`${field}: description`);
        if (property.example === undefined && property.examples === undefined && property.$ref === undefined) missing.push(`${field}: example`);
      }
    }
    expect(missing).toEqual([]);
  });
});
