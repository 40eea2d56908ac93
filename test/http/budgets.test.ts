import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { fanOutProgram } from '../../bench/graphs/random-expression.js';
import { encodeSource } from '../../src/http/encoded-source.js';
import { budgetWith, buildApp, testConfig, UNBOUNDED_LAYOUT } from '../helpers/build-app.js';
import { waitForReady } from '../helpers/load.js';
import { chainProgram, crossingProgram, LECTURE } from '../helpers/programs.js';

// Every job is bounded before it starts: what would be too large is refused in milliseconds,
// refusals are remembered, and waiting jobs are shared fairly between clients.

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(config: Parameters<typeof buildApp>[0] = {}): Promise<FastifyInstance> {
  app = await buildApp(config);
  await waitForReady(app);
  return app;
}

/** Jobs the pool has settled so far, of one kind or of all. */
async function jobsSettled(instance: FastifyInstance, job?: string): Promise<number> {
  const text = (await instance.inject({ method: 'GET', url: '/metrics' })).body;
  return text
    .split('\n')
    .filter((row) => row.startsWith('gradviz_jobs_total{') && (job === undefined || row.includes(`job="${job}"`)))
    .reduce((sum, row) => sum + Number(row.split(' ').at(-1)), 0);
}

/** A 45,000-character label copied onto `copies` values: a short program, a huge answer. */
function amplifying(copies: number): string {
  const lines = [`s = Value(1.0, label='${'x'.repeat(45_000)}')`, 't = s'];
  for (let i = 0; i < copies; i++) lines.push('t = t + s; t.label = s.label');
  return lines.join('\n');
}

const post = (instance: FastifyInstance, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  instance.inject({ method: 'POST', url, payload: payload as object, headers });

describe('labels copied onto many values', () => {
  // Under MAX_SOURCE_LENGTH (100,000 characters), as a client could send it.
  const source = amplifying(1800);

  it.each(['/v1/expression', '/v1/expression.svg', '/v1/expression.dot', '/v1/expression.png'])(
    'are refused by %s with 422 naming maxLabelBytes, before any answer is written',
    async (url) => {
      const instance = await start();
      const response = await post(instance, url, { source }, { accept: 'application/problem+json' });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        type: 'https://gradviz.dev/problems/limit-exceeded',
        limit: 'maxLabelBytes',
        limitValue: 1024 * 1024,
        // The label is on `s` and on 1,800 sums.
        requested: 45_000 * 1801,
      });
      expect(response.body.length).toBeLessThan(2000);
    },
  );

  it('are refused through a short image URL too', async () => {
    const instance = await start();
    const encoded = encodeSource(source);
    expect(encoded.length).toBeLessThan(2000);
    const response = await instance.inject({ method: 'GET', url: `/v1/expression/dot/${encoded}` });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ limit: 'maxLabelBytes' });
  });
});

describe('a graph whose Graphviz layout would cost too much', () => {
  // One leaf added to a running sum sixty times: 61 values and 60 ops, but 3,540 virtual nodes for Graphviz.
  const source = fanOutProgram(60);
  const graphviz = { source, options: { layout: 'graphviz' } };

  it('is refused for Graphviz at once with 422 graph-too-large naming maxLayoutCost and the other engines', async () => {
    const instance = await start();
    const response = await post(instance, '/v1/expression.svg', graphviz, { accept: 'application/problem+json' });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem).toMatchObject({ type: 'https://gradviz.dev/problems/graph-too-large', limit: 'maxLayoutCost', limitValue: 1000 });
    expect(problem.requested).toBeGreaterThan(1000);
    expect(problem.detail).toContain('3,540');
    expect(problem.detail).toContain('layout: "layered"');
  });

  it('is drawn by the layered engine when the layout is auto, the default', async () => {
    const instance = await start();
    const response = await post(instance, '/v1/expression.svg', { source });
    expect(response.statusCode).toBe(200);
    // Every value is drawn: a record per value, titled by its id.
    const titles = [...response.body.matchAll(/<title>(n\d+)<\/title>/g)].map((match) => match[1]);
    expect(new Set(titles).size).toBe(61);
  });

  it('is still answered as JSON with Graphviz, without svg and with a warning, and as DOT', async () => {
    const instance = await start();
    const json = await post(instance, '/v1/expression', graphviz);
    expect(json.statusCode).toBe(200);
    const body = json.json();
    expect(body.nodes).toHaveLength(61);
    expect(body.output.data).toBe(61);
    expect(body.dot).toMatch(/^digraph/);
    expect(body).not.toHaveProperty('svg');
    expect(body.warnings).toEqual([
      expect.objectContaining({ type: 'https://gradviz.dev/problems/graph-too-large', limit: 'maxLayoutCost', limitValue: 1000 }),
    ]);
    expect((await post(instance, '/v1/expression.dot', graphviz)).statusCode).toBe(200);
  });

  it('costs no worker when its image URL is fetched again', async () => {
    const instance = await start();
    const url = `/v1/expression/svg/${encodeSource(source)}?layout=graphviz`;
    const first = await instance.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(422);
    expect(first.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(first.headers['cache-control']).toBe('no-store');
    const before = await jobsSettled(instance);
    const again = await instance.inject({ method: 'GET', url });
    expect(again.statusCode).toBe(422);
    expect(again.body).toBe(first.body);
    expect(await jobsSettled(instance)).toBe(before);
  });

  it('is drawn by Graphviz once the operator raises the budget', async () => {
    const instance = await start({ config: { budget: UNBOUNDED_LAYOUT } });
    const response = await post(instance, '/v1/expression.svg', { source: fanOutProgram(20), options: { layout: 'graphviz' } });
    expect(response.statusCode).toBe(200);
  });
});

describe('the output budget', () => {
  const chain = { source: chainProgram(60), values: { x: 0.5 } };

  it('refuses a picture or DOT over maxOutputBytes and leaves pictures out of JSON', async () => {
    const instance = await start({ config: { budget: budgetWith({ maxOutputBytes: 30_000 }) } });
    const svg = await post(instance, '/v1/expression.svg', chain, { accept: 'application/problem+json' });
    expect(svg.statusCode).toBe(422);
    expect(svg.json()).toMatchObject({ type: 'https://gradviz.dev/problems/limit-exceeded', limit: 'maxOutputBytes', limitValue: 30_000 });

    const json = await post(instance, '/v1/expression', chain);
    expect(json.statusCode).toBe(200);
    expect(json.body.length).toBeLessThanOrEqual(30_000);
    const body = json.json();
    expect(body).not.toHaveProperty('svg');
    expect(body.warnings.map((warning: { limit: string }) => warning.limit)).toContain('maxOutputBytes');
  });

  it('refuses a JSON answer whose values alone are over it', async () => {
    const instance = await start({ config: { budget: budgetWith({ maxOutputBytes: 2000 }) } });
    const response = await post(instance, '/v1/expression', chain);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ limit: 'maxOutputBytes', limitValue: 2000 });
  });
});

describe('a job that runs out of time', () => {
  const slow = encodeSource(crossingProgram(200));

  it('is remembered for REFUSED_TIMEOUT_TTL_MS: asking again costs no worker', async () => {
    const instance = await start({ config: { workerThreads: 1, jobTimeLimitMs: 300, budget: UNBOUNDED_LAYOUT } });
    const url = `/v1/expression/svg/${slow}?layout=graphviz`;
    const first = await instance.inject({ method: 'GET', url, headers: { accept: 'application/problem+json' } });
    expect(first.json()).toMatchObject({ status: 422, limit: 'JOB_TIME_LIMIT_MS', stage: 'layout' });
    const before = await jobsSettled(instance);
    const again = await instance.inject({ method: 'GET', url, headers: { accept: 'application/problem+json' } });
    expect(again.json()).toEqual(first.json());
    expect(await jobsSettled(instance)).toBe(before);
  });

  it('is tried again when REFUSED_TIMEOUT_TTL_MS is 0', async () => {
    const instance = await start({
      config: { workerThreads: 1, jobTimeLimitMs: 300, budget: UNBOUNDED_LAYOUT, refusedTimeoutTtlMs: 0 },
    });
    const url = `/v1/expression/svg/${slow}?layout=graphviz`;
    await instance.inject({ method: 'GET', url, headers: { accept: 'application/problem+json' } });
    const before = await jobsSettled(instance, 'expression');
    await instance.inject({ method: 'GET', url, headers: { accept: 'application/problem+json' } });
    expect(await jobsSettled(instance, 'expression')).toBe(before + 1);
  });

  it('names the training stage when training is what ran out of time', async () => {
    const mlpLimits = { ...testConfig().mlpLimits, maxTrainingWork: 1e12 };
    const instance = await start({ config: { workerThreads: 1, jobTimeLimitMs: 1500, mlpLimits } });
    const inputs = Array.from({ length: 100 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    const body = { layers: [2, 16, 16, 1], inputs, targets: inputs.map((_, i) => (i % 2 ? 1 : -1)), train: { steps: 5000, learningRate: 0.01 } };
    const response = await post(instance, '/v1/mlp', body);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      type: 'https://gradviz.dev/problems/limit-exceeded',
      limit: 'JOB_TIME_LIMIT_MS',
      stage: 'training',
      detail: 'the job did not finish in 1.5 seconds: it was still training the network (limit JOB_TIME_LIMIT_MS, stage training)',
    });
  });
});

describe('error pictures', () => {
  it('are drawn in a worker once, and a broken image URL fetched again costs none', async () => {
    const instance = await start();
    const url = '/v1/expression/png/!!?scale=3';
    const first = await instance.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(400);
    expect(first.headers['content-type']).toBe('image/png');
    const before = await jobsSettled(instance, 'problem-picture');
    expect(before).toBe(1);
    for (let i = 0; i < 5; i++) {
      const again = await instance.inject({ method: 'GET', url });
      expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    }
    expect(await jobsSettled(instance, 'problem-picture')).toBe(before);
  });

  it('of shed load are prepared at start-up, never drawn on demand', async () => {
    const instance = await start({ config: { workerThreads: 1, jobQueueLimit: 0, jobTimeLimitMs: 5000, budget: UNBOUNDED_LAYOUT } });
    const busy = post(instance, '/v1/expression', { source: crossingProgram(200), options: { layout: 'graphviz' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await jobsSettled(instance, 'problem-picture');
    const shed = await instance.inject({ method: 'GET', url: `/v1/expression.png?source=${encodeURIComponent(LECTURE)}` });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['content-type']).toBe('image/png');
    expect(shed.headers['retry-after']).toBe('1');
    expect(await jobsSettled(instance, 'problem-picture')).toBe(before);
    await busy;
  });
});

describe('fair shares of the workers', () => {
  it("answers 429 with Retry-After past one client's share of the queue; another client still queues", async () => {
    const instance = await start({
      config: { workerThreads: 1, jobQueueLimit: 8, jobQueuePerClient: 1, jobTimeLimitMs: 2000, budget: UNBOUNDED_LAYOUT, trustProxy: true },
    });
    const from = (client: string, source: string) =>
      post(instance, '/v1/expression.svg', { source, options: { layout: 'graphviz' } }, { 'x-forwarded-for': client, accept: 'application/problem+json' });
    const running = from('203.0.113.1', crossingProgram(200));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const waiting = from('203.0.113.1', `${LECTURE}\n# waiting`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await from('203.0.113.1', `${LECTURE}\n# one too many`);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({
      type: 'https://gradviz.dev/problems/too-many-requests',
      limit: 'JOB_QUEUE_PER_CLIENT',
      limitValue: 1,
    });
    const other = from('198.51.100.7', `${LECTURE}\n# another client`);
    expect((await other).statusCode).toBe(200);
    expect((await waiting).statusCode).toBe(200);
    await running;
  });
});

describe('MLPs on the one answer path', () => {
  const lecture = { layers: [3, 4, 4, 1], inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]], targets: [1, -1, -1, 1] };

  it('POST /v1/mlp has an ETag and a repeat is answered from the cache', async () => {
    const instance = await start();
    const first = await post(instance, '/v1/mlp', lecture);
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toMatch(/^"[^"]+"$/);
    const before = await jobsSettled(instance, 'mlp');
    const second = await post(instance, '/v1/mlp', lecture);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body).toBe(first.body);
    expect(await jobsSettled(instance, 'mlp')).toBe(before);
  });

  it('draws PNG pictures and loss charts from POST bodies', async () => {
    const instance = await start();
    const neurons = { ...lecture, options: { view: 'neurons', scale: 2 } };
    const png = await post(instance, '/v1/mlp.png', neurons);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const chart = await post(instance, '/v1/mlp/loss.png', { ...lecture, train: { steps: 10, learningRate: 0.05 } });
    expect(chart.statusCode).toBe(200);
    expect(chart.headers['content-type']).toBe('image/png');
  });

  it('answers errors of POST /v1/mlp.png as PNG pictures, with the real status', async () => {
    const instance = await start();
    // Inputs of two numbers for a network of three inputs: well-formed, but inconsistent.
    const response = await post(instance, '/v1/mlp.png', { ...lecture, inputs: [[1, 2]], targets: [1] });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toBe('image/png');
  });
});
