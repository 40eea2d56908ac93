import type { FastifyInstance } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../helpers/build-app.js';
import { compactProgram } from '../helpers/large-program.js';
import { waitForReady } from '../helpers/load.js';

// A picture of 20,000 values (MAX_DRAWN_VALUES) under the default configuration: drawn by the
// layered engine within the default output budget, as SVG and inside a JSON answer. Generous
// timeouts and no timing asserts: the layout takes seconds on a busy 2-CPU machine.

const TIMEOUT = 240_000;
// 19,975 values in 67,811 characters: within MAX_SOURCE_LENGTH and MAX_STATEMENTS.
const source = compactProgram(20_000);
const maxOutputBytes = loadConfig({}).budget.maxOutputBytes;

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
  await waitForReady(app);
}, TIMEOUT);

afterAll(async () => {
  await app.close();
});

const post = (url: string, layout: string) =>
  app.inject({ method: 'POST', url, payload: { source, options: { layout } }, headers: { accept: url.endsWith('.svg') ? 'image/svg+xml' : 'application/json' } });

type XmlNode = Record<string, unknown>;

/** Elements `<g class="...">` anywhere in a parsed document. */
function groupsOfClass(node: unknown, name: string): number {
  if (Array.isArray(node)) return node.reduce((sum: number, child) => sum + groupsOfClass(child, name), 0);
  if (node === null || typeof node !== 'object') return 0;
  let count = 0;
  for (const [key, value] of Object.entries(node as XmlNode)) {
    if (key === 'g') {
      for (const g of Array.isArray(value) ? value : [value]) if ((g as XmlNode)['@class'] === name) count++;
    }
    if (!key.startsWith('@')) count += groupsOfClass(value, name);
  }
  return count;
}

describe('a program of 20,000 values, under the default configuration', () => {
  let values = 0;
  let ops = 0;

  beforeAll(async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/expression.dot', payload: { source } });
    expect(response.statusCode).toBe(200);
    values = (response.body.match(/shape="record"/g) ?? []).length;
    ops = (response.body.match(/^ {2}n\d+_op \[/gm) ?? []).length;
  }, TIMEOUT);

  it.each(['layered', 'auto'])(
    'is drawn as SVG with layout %s: well-formed, one g.node per value and op, within the output budget',
    async (layout) => {
      expect(values).toBeGreaterThan(19_000);
      const response = await post('/v1/expression.svg', layout);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(response.rawPayload.length).toBeLessThanOrEqual(maxOutputBytes);
      const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
      const document = parser.parse(response.body) as XmlNode;
      expect(groupsOfClass(document, 'node')).toBe(values + ops);
      expect(groupsOfClass(document, 'graph')).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'is answered as JSON within the output budget, with its picture or with a warning that leaves it out',
    async () => {
      const response = await post('/v1/expression', 'auto');
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.length).toBeLessThanOrEqual(maxOutputBytes);
      const answer = response.json() as { nodes: unknown[]; svg?: string; warnings?: { type: string; detail: string; limit?: string }[] };
      expect(answer.nodes).toHaveLength(values);
      if (answer.svg === undefined) {
        expect(answer.warnings).toContainEqual(
          expect.objectContaining({ type: 'https://gradviz.dev/problems/limit-exceeded', limit: 'maxOutputBytes', detail: expect.stringMatching(/the answer has no svg$/) }),
        );
      } else {
        expect(answer.svg.startsWith('<?xml')).toBe(true);
      }
    },
    TIMEOUT,
  );
});
