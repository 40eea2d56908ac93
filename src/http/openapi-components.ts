import type { TSchema } from 'typebox';
import { canonicalJson } from './etag.js';

/**
 * Names the shared schemas of the OpenAPI document. Route schemas embed the TypeBox objects
 * themselves (so validation, types and serialisation read one definition), which leaves every
 * use inlined in the document; a generated client would get a new anonymous type at each one.
 * Each schema with a `title` is put once under `components.schemas` and every use becomes a
 * `$ref`, keeping a description of its own where the use has one.
 */
export function nameSchemas<Document extends { paths?: unknown; components?: { schemas?: Record<string, unknown> } }>(
  document: Document,
  named: readonly TSchema[],
): Document {
  const registered = new Map<string, TSchema>();
  for (const schema of named) {
    const title = (schema as { title?: unknown }).title;
    if (typeof title !== 'string') throw new Error('a named schema needs a title');
    registered.set(title, schema);
  }
  // The first use as the document has it (the generator may have rewritten a keyword, `const` as
  // `enum`), with the description and examples of the registered schema.
  const components: Record<string, Record<string, unknown>> = {};
  const shapes = new Map<string, string>();

  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const object = node as Record<string, unknown>;
    const title = object['title'];
    const schema = typeof title === 'string' ? registered.get(title) : undefined;
    if (typeof title === 'string' && schema !== undefined) {
      const shape = shapeOf(object);
      if (!shapes.has(title)) {
        shapes.set(title, shape);
        components[title] = {}; // taken before its children are visited, so a cycle ends here
        const { description, examples } = schema as { description?: string; examples?: unknown[] };
        const own = { ...object, description, examples };
        components[title] = Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined).map(([key, value]) => [key, visit(value)]));
      } else if (shapes.get(title) !== shape) {
        throw new Error(`two different schemas are titled ${title}`);
      }
      const reference: Record<string, unknown> = { $ref: `#/components/schemas/${title}` };
      if (object['description'] !== undefined && object['description'] !== (schema as { description?: string }).description) reference['description'] = object['description'];
      return reference;
    }
    return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, visit(value)]));
  };

  const paths = visit(document.paths);
  for (const schema of Object.values(components)) defaultsInWords(schema);
  const schemas = { ...document.components?.schemas, ...components };
  const headers = shareHeaders(paths);
  const responses = shareProblems(paths);
  return {
    ...document,
    paths,
    components: { ...document.components, schemas: sorted(schemas), responses: sorted(responses), headers: sorted(headers) },
  };
}

type Operations = Record<string, Record<string, { responses?: Record<string, unknown> }>>;

/**
 * An error answer that several operations give word for word (those of the service's edge,
 * mostly: 408, 429, 431, 503) put once under `components.responses`.
 */
function shareProblems(paths: unknown): Record<string, unknown> {
  const operations = Object.values((paths ?? {}) as Operations).flatMap((methods) => Object.values(methods));
  const uses = new Map<string, number>();
  for (const operation of operations) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (Number(status) >= 400) uses.set(`${status} ${canonicalJson(response)}`, (uses.get(`${status} ${canonicalJson(response)}`) ?? 0) + 1);
    }
  }
  const shared: Record<string, unknown> = {};
  const keys = new Map<string, string>();
  for (const operation of operations) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const text = `${status} ${canonicalJson(response)}`;
      if ((uses.get(text) ?? 0) < 2) continue;
      let key = keys.get(text);
      if (key === undefined) {
        // Named by status and by the pictures it may be drawn as; a different wording gets a number.
        const media = Object.keys((response as { content?: object }).content ?? {});
        const drawn = media.includes('image/svg+xml') ? (media.includes('image/png') ? 'OrPicture' : 'OrSvg') : media.includes('image/png') ? 'OrPng' : '';
        const base = `Problem${status}${drawn}`;
        const taken = Object.keys(shared).filter((name) => name === base || name.startsWith(`${base}-`)).length;
        key = taken === 0 ? base : `${base}-${taken + 1}`;
        keys.set(text, key);
        shared[key] = response;
      }
      operation.responses![status] = { $ref: `#/components/responses/${key}` };
    }
  }
  return shared;
}

/**
 * Every response header put once under `components.headers` (by its name; a second meaning of
 * the same name, such as Cache-Control on errors, gets a number) and referred to from each response.
 */
function shareHeaders(paths: unknown): Record<string, unknown> {
  const shared: Record<string, unknown> = {};
  const keys = new Map<string, string>();
  for (const operations of Object.values((paths ?? {}) as Record<string, Record<string, { responses?: Record<string, { headers?: Record<string, unknown> }> }>>)) {
    for (const operation of Object.values(operations)) {
      for (const response of Object.values(operation.responses ?? {})) {
        for (const [name, header] of Object.entries(response.headers ?? {})) {
          const text = canonicalJson(header);
          let key = keys.get(`${name} ${text}`);
          if (key === undefined) {
            const taken = Object.keys(shared).filter((existing) => existing === name || existing.startsWith(`${name}-`)).length;
            key = taken === 0 ? name : `${name}-${taken + 1}`;
            keys.set(`${name} ${text}`, key);
            shared[key] = header;
          }
          response.headers![name] = { $ref: `#/components/headers/${key}` };
        }
      }
    }
  }
  return shared;
}

function sorted<Value>(record: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.keys(record).sort().map((name) => [name, record[name]!]));
}

/** A schema without what may differ between its uses: the use's own description and examples. */
function shapeOf(schema: Record<string, unknown>): string {
  const { description: _description, examples: _examples, example: _example, ...shape } = schema;
  return canonicalJson(shape);
}

/**
 * Code generators read a property with a `default` in a shared schema as always present (they
 * cannot tell a request's schema from an answer's), which would make a client send every option.
 * In components the default is therefore written in the property's description instead; the
 * service still fills it in, from the route schemas.
 */
function defaultsInWords(schema: Record<string, unknown>): void {
  const properties = schema['properties'];
  if (properties === null || typeof properties !== 'object') return;
  for (const property of Object.values(properties as Record<string, Record<string, unknown>>)) {
    if (property['default'] === undefined) continue;
    const description = typeof property['description'] === 'string' ? `${property['description']} ` : '';
    property['description'] = `${description}Default: \`${JSON.stringify(property['default'])}\`.`;
    delete property['default'];
  }
}
