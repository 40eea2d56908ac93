import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';

/** The value of one sample line of the Prometheus text, e.g. `gradviz_cache_hits_total{cache="results"}`. */
function sample(metrics: string, name: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no sample ${name}`);
  return Number(line.slice(name.length + 1));
}

describe('GET /metrics on the app', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp();
  });
  afterAll(async () => {
    await app.close();
  });

  test('counts a repeated image as a hit of the result cache, and the jobs it ran', async () => {
    const image = () => app.inject({ method: 'POST', url: '/v1/expression.svg', payload: { source: LECTURE } });
    expect((await image()).statusCode).toBe(200);
    const before = (await app.inject({ url: '/metrics' })).body;
    expect((await image()).statusCode).toBe(200);
    const after = (await app.inject({ url: '/metrics' })).body;

    const hits = 'gradviz_cache_hits_total{cache="results"}';
    expect(sample(after, hits) - sample(before, hits)).toBe(1);
    expect(sample(after, 'gradviz_jobs_total{job="expression",outcome="ok"}')).toBe(
      sample(before, 'gradviz_jobs_total{job="expression",outcome="ok"}'),
    );
    expect(after).toMatch(/^gradviz_http_requests_total\{.*route="\/v1\/expression\.svg".*\} \d+$/m);
  });
});
