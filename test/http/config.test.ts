import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENVIRONMENT, loadConfig } from '../../src/config.js';
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
      maxDrawnValues: 1500,
      cacheMaxBytes: 64 * 1024 * 1024,
      cacheMaxAgeSeconds: 31_536_000,
      corsOrigins: ['*'],
      maxUrlLength: 8192,
      encodedSource: { maxEncodedLength: 8192, maxDecodedBytes: 262_144 },
      mlpLimits: {
        maxParameters: DEFAULT_MLP_LIMITS.maxParameters,
        maxInputs: DEFAULT_MLP_LIMITS.maxInputs,
        maxGraphNodes: DEFAULT_MLP_LIMITS.maxGraphNodes,
        maxSteps: DEFAULT_MLP_LIMITS.maxSteps,
        maxTrainingWork: DEFAULT_MLP_LIMITS.maxTrainingWork,
      },
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
    });
    expect(config).toEqual({
      port: 0,
      host: '127.0.0.1',
      logLevel: 'debug',
      bodyLimit: 2048,
      limits: { maxSourceLength: 500, maxStatements: 20, maxDepth: 30, maxNodes: 40 },
      maxDrawnValues: 50,
      cacheMaxBytes: 0,
      cacheMaxAgeSeconds: 60,
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      maxUrlLength: 2000,
      encodedSource: { maxEncodedLength: 1000, maxDecodedBytes: 4096 },
      mlpLimits: { maxParameters: 60, maxInputs: 70, maxGraphNodes: 80, maxSteps: 90, maxTrainingWork: 100 },
    });
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
