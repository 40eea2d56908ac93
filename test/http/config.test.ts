import Fastify from 'fastify';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENVIRONMENT, loadConfig } from '../../src/config.js';
import { serverOptions } from '../../src/http/server-options.js';
import { DEFAULT_PROGRAM_LIMITS } from '../../src/lang/index.js';
import { DEFAULT_MLP_LIMITS } from '../../src/nn/index.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('loadConfig accepted ' + JSON.stringify(env));
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'info',
      bodyLimit: 1_048_576,
      limits: { ...DEFAULT_PROGRAM_LIMITS },
      maxDrawnValues: 20_000,
      budget: { maxOutputBytes: 32 * 1024 * 1024, maxLabelBytes: 1024 * 1024, maxLayoutCost: 1000, maxPngPixels: 4096 * 4096 },
      cacheMaxBytes: 64 * 1024 * 1024,
      cacheMaxAgeSeconds: 86_400,
      corsOrigins: ['*'],
      maxUrlLength: 8192,
      encodedSource: { maxEncodedLength: 8192, maxDecodedBytes: 262_144 },
      mlpLimits: {
        maxParameters: DEFAULT_MLP_LIMITS.maxParameters,
        maxInputs: DEFAULT_MLP_LIMITS.maxInputs,
        maxGraphNodes: DEFAULT_MLP_LIMITS.maxGraphNodes,
        maxSteps: DEFAULT_MLP_LIMITS.maxSteps,
        maxTrainingWork: DEFAULT_MLP_LIMITS.maxTrainingWork,
        maxBoundaryCells: DEFAULT_MLP_LIMITS.maxBoundaryCells,
      },
      gradcheck: { maxGradcheckWork: 20_000_000 },
      workerThreads: 0,
      jobQueueLimit: 16,
      jobQueuePerClient: 8,
      refusedTimeoutTtlMs: 60_000,
      jobTimeLimitMs: 10_000,
      jobCancelGraceMs: 1000,
      inlineJobMaxMicroseconds: 500,
      rateLimitMax: 0,
      rateLimitWindowMs: 60_000,
      trustProxy: false,
      pressure: { maxEventLoopDelayMs: 1000, maxHeapUsedBytes: 0, maxRssBytes: 0 },
      timeouts: { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 72_000, connectionMs: 60_000 },
      maxConnections: 1024,
      shutdownDrainMs: 5000,
      metricsPort: 0,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      BODY_LIMIT: '2048',
      MAX_SOURCE_LENGTH: '500',
      MAX_STATEMENTS: '20',
      MAX_DEPTH: '30',
      MAX_NODES: '40',
      MAX_DRAWN_VALUES: '50',
      MAX_OUTPUT_BYTES: '4096',
      MAX_LABEL_BYTES: '51',
      MAX_LAYOUT_COST: '52',
      MAX_PNG_PIXELS: '53',
      CACHE_MAX_BYTES: '0',
      CACHE_MAX_AGE_SECONDS: '60',
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      MAX_URL_LENGTH: '2000',
      MAX_ENCODED_LENGTH: '1000',
      MAX_DECODED_BYTES: '4096',
      MAX_MLP_PARAMETERS: '60',
      MAX_MLP_INPUTS: '70',
      MAX_MLP_GRAPH_VALUES: '80',
      MAX_TRAINING_STEPS: '90',
      MAX_TRAINING_WORK: '100',
      WORKER_THREADS: '3',
      JOB_QUEUE_LIMIT: '4',
      JOB_QUEUE_PER_CLIENT: '2',
      REFUSED_TIMEOUT_TTL_MS: '1234',
      JOB_TIME_LIMIT_MS: '5000',
      JOB_CANCEL_GRACE_MS: '250',
      INLINE_JOB_MAX_MICROSECONDS: '0',
      RATE_LIMIT_MAX: '6',
      RATE_LIMIT_WINDOW_MS: '7000',
      TRUST_PROXY: '10.0.0.0/8, ::1',
      MAX_EVENT_LOOP_DELAY_MS: '80',
      MAX_HEAP_USED_BYTES: '900000000',
      MAX_RSS_BYTES: '1000000000',
      REQUEST_TIMEOUT_MS: '20000',
      HEADERS_TIMEOUT_MS: '2000',
      KEEP_ALIVE_TIMEOUT_MS: '3000',
      CONNECTION_TIMEOUT_MS: '40000',
      MAX_CONNECTIONS: '50',
      SHUTDOWN_DRAIN_MS: '0',
      METRICS_PORT: '9464',
      MAX_BOUNDARY_CELLS: '110',
      MAX_GRADCHECK_WORK: '120',
    });
    expect(config).toEqual({
      port: 0,
      host: '127.0.0.1',
      logLevel: 'debug',
      bodyLimit: 2048,
      limits: { maxSourceLength: 500, maxStatements: 20, maxDepth: 30, maxNodes: 40 },
      maxDrawnValues: 50,
      budget: { maxOutputBytes: 4096, maxLabelBytes: 51, maxLayoutCost: 52, maxPngPixels: 53 },
      cacheMaxBytes: 0,
      cacheMaxAgeSeconds: 60,
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      maxUrlLength: 2000,
      encodedSource: { maxEncodedLength: 1000, maxDecodedBytes: 4096 },
      mlpLimits: { maxParameters: 60, maxInputs: 70, maxGraphNodes: 80, maxSteps: 90, maxTrainingWork: 100, maxBoundaryCells: 110 },
      gradcheck: { maxGradcheckWork: 120 },
      workerThreads: 3,
      jobQueueLimit: 4,
      jobQueuePerClient: 2,
      refusedTimeoutTtlMs: 1234,
      jobTimeLimitMs: 5000,
      jobCancelGraceMs: 250,
      inlineJobMaxMicroseconds: 0,
      rateLimitMax: 6,
      rateLimitWindowMs: 7000,
      trustProxy: ['10.0.0.0/8', '::1'],
      pressure: { maxEventLoopDelayMs: 80, maxHeapUsedBytes: 900_000_000, maxRssBytes: 1_000_000_000 },
      timeouts: { requestMs: 20_000, headersMs: 2000, keepAliveMs: 3000, connectionMs: 40_000 },
      maxConnections: 50,
      shutdownDrainMs: 0,
      metricsPort: 9464,
    });
  });

  it('reads TRUST_PROXY as a flag, a hop count or a list of addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '192.168.1.1' }).trustProxy).toEqual(['192.168.1.1']);
    for (const raw of ['yes', 'proxy.example', '10.0.0.0/8,']) {
      expect(problemsOf({ TRUST_PROXY: raw })[0]).toMatch(/^TRUST_PROXY must be true, false, a number of proxy hops/);
    }
  });

  it('refuses a headers timeout longer than the request timeout, as Node would', () => {
    expect(problemsOf({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' })).toEqual([
      "HEADERS_TIMEOUT_MS must be at most REQUEST_TIMEOUT_MS (5000), got '6000'",
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 8080, logLevel: 'info' });
  });

  it('names the variable, the expectation and the value it refuses', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(["PORT must be an integer from 0 to 65535, got 'abc'"]);
    expect(problemsOf({ PORT: '65536' })).toEqual(["PORT must be an integer from 0 to 65535, got '65536'"]);
    expect(problemsOf({ LOG_LEVEL: 'loud' })).toEqual([
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'",
    ]);
  });

  it('refuses CORS origins that are not a star or a list of origins', () => {
    for (const raw of ['https://a.example/docs', 'a.example', '*,https://a.example', 'https://a.example,']) {
      expect(problemsOf({ CORS_ORIGINS: raw })).toEqual([
        `CORS_ORIGINS must be '*' or a comma-separated list of origins such as https://a.example,http://localhost:5173, got '${raw}'`,
      ]);
    }
  });

  it('refuses numbers that are not plain decimal integers', () => {
    for (const raw of ['1e3', '1.5', '0x10', '12abc', ' ', '-1']) {
      expect(problemsOf({ MAX_DRAWN_VALUES: raw })[0]).toMatch(/^MAX_DRAWN_VALUES must be an integer from 1 to 100000/);
    }
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ BODY_LIMIT: '0', MAX_DEPTH: 'deep' })).toEqual([
      "BODY_LIMIT must be an integer from 1 to 67108864, got '0'",
      "MAX_DEPTH must be an integer from 1 to 10000, got 'deep'",
    ]);
  });

  it('describes every variable with a default', () => {
    for (const [name, schema] of Object.entries(ENVIRONMENT)) {
      expect((schema as { description?: string }).description, name).toMatch(/\S/);
      expect((schema as { default?: unknown }).default, name).toBeDefined();
    }
  });
});

describe('the server', () => {
  it('stops at start with a message naming a bad variable', () => {
    const server = new URL('../../src/server.ts', import.meta.url).pathname;
    const run = spawnSync(process.execPath, ['--import', 'tsx', server], {
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("PORT must be an integer from 0 to 65535, got 'abc'");
  });
});

describe('serverOptions', () => {
  it('gives the Node server every timeout, so a slow client cannot hold a connection forever', async () => {
    const config = loadConfig({
      REQUEST_TIMEOUT_MS: '21000',
      HEADERS_TIMEOUT_MS: '4000',
      KEEP_ALIVE_TIMEOUT_MS: '5000',
      CONNECTION_TIMEOUT_MS: '43000',
    });
    const app = Fastify(serverOptions(config));
    await app.ready();
    expect(app.server.requestTimeout).toBe(21_000);
    expect(app.server.headersTimeout).toBe(4000);
    expect(app.server.keepAliveTimeout).toBe(5000);
    expect(app.server.timeout).toBe(43_000);
    await app.close();
  });
});
