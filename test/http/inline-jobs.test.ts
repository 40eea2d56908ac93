import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';

// The same requests to a server that answers small jobs on its HTTP thread and to one that sends
// every job to a worker: the answers must not tell them apart.

let inline: FastifyInstance;
let pooled: FastifyInstance;

beforeAll(async () => {
  // One after the other: two apps starting their workers at once may miss the plugin timeout on a busy machine.
  inline = await buildApp({ config: { workerThreads: 1 } });
  pooled = await buildApp({ config: { workerThreads: 1, inlineJobMaxMicroseconds: 0 } });
}, 120_000);

afterAll(async () => {
  await Promise.all([inline?.close(), pooled?.close()]);
});

async function inlineJobs(app: FastifyInstance): Promise<number> {
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('gradviz_jobs_inline_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

const REQUESTS: { url: string; payload: Record<string, unknown>; inline: boolean }[] = [
  { url: '/v1/expression.svg', payload: { source: LECTURE, options: { layout: 'layered' } }, inline: true },
  { url: '/v1/expression.dot', payload: { source: LECTURE }, inline: true },
  { url: '/v1/expression', payload: { source: LECTURE, options: { layout: 'layered' } }, inline: true },
  { url: '/v1/expression.svg', payload: { source: `${LECTURE}\n#`, options: { layout: 'layered', theme: 'dark' } }, inline: true },
  { url: '/v1/expression.dot', payload: { source: 'a = Value(1.0\nb = a' }, inline: true },
  { url: '/v1/expression.svg', payload: { source: LECTURE }, inline: false },
  { url: '/v1/expression.png', payload: { source: LECTURE, options: { layout: 'layered' } }, inline: false },
];

describe('inline jobs over HTTP', () => {
  it.each(REQUESTS)('answers $url the same bytes either way (inline: $inline)', async ({ url, payload, inline: here }) => {
    const before = await inlineJobs(inline);
    const [a, b] = await Promise.all([inline, pooled].map((app) => app.inject({ method: 'POST', url, payload })));
    expect(a!.statusCode).toBe(b!.statusCode);
    expect(a!.headers.etag).toBe(b!.headers.etag);
    expect(a!.headers['content-type']).toBe(b!.headers['content-type']);
    expect(a!.rawPayload.equals(b!.rawPayload)).toBe(true);
    expect((await inlineJobs(inline)) - before).toBe(here ? 1 : 0);
    expect(await inlineJobs(pooled)).toBe(0);
  }, 60_000);

  it('answers a repeated inline request from the result cache', async () => {
    const payload = { source: `${LECTURE}\n# cached`, options: { layout: 'layered' } };
    const first = await inline.inject({ method: 'POST', url: '/v1/expression.svg', payload });
    const before = await inlineJobs(inline);
    const second = await inline.inject({ method: 'POST', url: '/v1/expression.svg', payload });
    expect(second.body).toBe(first.body);
    expect(await inlineJobs(inline)).toBe(before);
  });
});
