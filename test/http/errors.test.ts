import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const TYPE = 'https://gradviz.dev/problems/';

let app: FastifyInstance;
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  app = await buildApp({
    logs,
    config: { bodyLimit: 4096, limits: { maxSourceLength: 200, maxStatements: 5, maxDepth: 20, maxNodes: 50 } },
    extend: (instance) => {
      instance.get('/test/crash', async () => {
        throw new Error('connection to 10.0.0.7 refused; password=hunter2');
      });
      instance.get('/test/crash-with-status', async () => {
        throw Object.assign(new Error('worker state: heap corrupted at 0xdeadbeef'), { statusCode: 503 });
      });
    },
  });
});

afterAll(async () => {
  await app.close();
});

// An API client: on the picture routes, it asks for problems as JSON rather than as pictures.
function postJson(payload: unknown, url = '/v1/expression') {
  const headers = { 'content-type': 'application/json', accept: 'application/json, application/problem+json' };
  return app.inject({ method: 'POST', url, payload: JSON.stringify(payload), headers });
}

function expectProblem(response: LightMyRequestResponse, status: number, type: string, fields: Record<string, unknown> = {}) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe(PROBLEM);
  expect(response.headers['cache-control']).toBe('no-store');
  const body = response.json();
  expect(body).toMatchObject({ type: TYPE + type, status, ...fields });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body as Record<string, unknown>;
}

describe('errors in the program', () => {
  it('a syntax error is 400 with line and column', async () => {
    const body = expectProblem(await postJson({ source: 'a = 2.0\nb = (a + 1' }), 400, 'syntax-error', {
      title: 'The program does not parse',
      line: 2,
      column: 5,
      instance: '/v1/expression',
    });
    expect(body['detail']).toMatch(/^line 2, column 5: /);
  });

  it('an unknown function is 422 with line, column and a suggestion', async () => {
    const body = expectProblem(await postJson({ source: 'x = Value(1.0)\n\ny = tahn(x)' }), 422, 'evaluation-error', {
      line: 3,
      column: 5,
    });
    expect(body['detail']).toBe("line 3, column 5: unknown function 'tahn'; did you mean 'tanh'?");
  });

  it('an unbound name is 422 with its position', async () => {
    expectProblem(await postJson({ source: 'y = x * 2' }), 422, 'evaluation-error', { line: 1, column: 5 });
  });

  it('a value that is not finite is 422 naming the line and the op', async () => {
    const body = expectProblem(await postJson({ source: 'a = Value(0.0)\nb = a.log()' }), 422, 'not-finite', {
      title: 'A value or gradient is not a finite number',
      line: 2,
    });
    expect(body['detail']).toContain('log');
  });

  it('the same errors are problems on the picture routes too', async () => {
    expectProblem(await postJson({ source: 'a = (' }, '/v1/expression.svg'), 400, 'syntax-error', {
      instance: '/v1/expression.svg',
    });
    expectProblem(await postJson({ source: 'a = tahn(1)' }, '/v1/expression.dot'), 422, 'evaluation-error', {
      instance: '/v1/expression.dot',
    });
  });

  it('an output name the program does not define is 422', async () => {
    expectProblem(await postJson({ source: 'a = Value(1.0)\nb = a * 2', output: 'nope' }), 422, 'evaluation-error');
  });

  it('a values entry that is not a name is 422 invalid-request', async () => {
    expectProblem(await postJson({ source: 'y = x', values: { x: 1, 'not a name': 2 } }), 422, 'invalid-request');
  });
});

describe('limits', () => {
  it('a source over MAX_SOURCE_LENGTH is 413 with the limit and the size', async () => {
    const source = 'a = 1\n'.repeat(40);
    expectProblem(await postJson({ source }), 413, 'limit-exceeded', {
      title: 'A configured limit was exceeded',
      limit: 'maxSourceLength',
      limitValue: 200,
      requested: source.length,
    });
  });

  it('too many statements is 422', async () => {
    expectProblem(await postJson({ source: 'a = 1; b = 2; c = 3; d = 4; e = 5; f = 6' }), 422, 'limit-exceeded', {
      limit: 'maxStatements',
      limitValue: 5,
    });
  });

  it('nesting deeper than MAX_DEPTH is a limit error with its position, not a stack overflow', async () => {
    const source = `a = ${'('.repeat(30)}1${')'.repeat(30)}`;
    const body = expectProblem(await postJson({ source }), 422, 'limit-exceeded', {
      limit: 'maxDepth',
      limitValue: 20,
      line: 1,
    });
    expect(body['column']).toEqual(expect.any(Number));
  });

  it('a program making more than MAX_NODES values is 422', async () => {
    const source = 'x = Value(1.0)\ny = x\ny = y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y*y';
    expectProblem(await postJson({ source }), 422, 'limit-exceeded', { limit: 'maxNodes', limitValue: 50 });
  });

  it('a body over BODY_LIMIT is 413 with the limit', async () => {
    expectProblem(await postJson({ source: 'x'.repeat(5000) }), 413, 'body-too-large', {
      title: 'The request body is too large',
      limit: 'bodyLimit',
      limitValue: 4096,
      detail: 'the request body is larger than the limit of 4096 bytes',
    });
  });
});

describe('strict validation of the body', () => {
  it('a number sent as a string is 400, not coerced', async () => {
    expectProblem(await postJson({ source: 'y = x', values: { x: '1' } }), 400, 'validation-error', {
      title: 'The request does not match its schema',
      detail: 'body/values/x must be number',
    });
    expectProblem(await postJson({ source: LECTURE, options: { precision: '2' } }), 400, 'validation-error', {
      detail: 'body/options/precision must be integer',
    });
    expectProblem(await postJson({ source: LECTURE, options: { grad: 'false' } }), 400, 'validation-error', {
      detail: 'body/options/grad must be boolean',
    });
  });

  it('a source that is not a string is 400', async () => {
    expectProblem(await postJson({ source: 42 }), 400, 'validation-error', { detail: 'body/source must be string' });
    expectProblem(await postJson({ source: ['a = 1'] }), 400, 'validation-error', { detail: 'body/source must be string' });
  });

  it('an unknown field is 400 naming it, at any depth', async () => {
    expectProblem(await postJson({ source: LECTURE, colour: 'red' }), 400, 'validation-error', {
      detail: "body has an unknown field 'colour'",
    });
    expectProblem(await postJson({ source: LECTURE, options: { dpi: 300 } }), 400, 'validation-error', {
      detail: "body/options has an unknown field 'dpi'",
    });
  });

  it('an option outside its range or its choices is 400 saying what is allowed', async () => {
    expectProblem(await postJson({ source: LECTURE, options: { precision: 11 } }), 400, 'validation-error', {
      detail: 'body/options/precision must be <= 10',
    });
    expectProblem(await postJson({ source: LECTURE, options: { rankdir: 'RL' } }), 400, 'validation-error', {
      detail: 'body/options/rankdir must be one of "LR", "TB"',
    });
  });

  it('a missing source, or a body that is not an object, is 400', async () => {
    expectProblem(await postJson({ values: { x: 1 } }), 400, 'validation-error', {
      detail: "body must have required property 'source'",
    });
    expectProblem(await postJson([LECTURE]), 400, 'validation-error', { detail: 'body must be object' });
    expectProblem(await app.inject({ method: 'POST', url: '/v1/expression' }), 400, 'validation-error');
  });
});

describe('bodies that are not JSON', () => {
  it('malformed JSON is 400 with the parser message', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/expression',
      payload: '{"source": "a = 1",}',
      headers: { 'content-type': 'application/json' },
    });
    const body = expectProblem(response, 400, 'malformed-json', { title: 'The request body is not valid JSON' });
    expect(body['detail']).toMatch(/^the request body is not valid JSON: .*position 19/);
  });

  it('an empty JSON body is 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/expression',
      payload: '',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, 'malformed-json');
  });

  it('a __proto__ key is refused', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/expression',
      payload: '{"source": "y = x", "values": {"__proto__": {"x": 1}}}',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, 'malformed-json', { detail: "the request body has a '__proto__' key, which is not allowed" });
  });

  it('another media type is 415 (text too, on the routes that take only JSON)', async () => {
    for (const [url, type] of [
      ['/v1/expression', 'text/plain'],
      ['/v1/expression.svg', 'application/x-www-form-urlencoded'],
      ['/v1/expression.svg', 'application/xml'],
    ]) {
      const response = await app.inject({
        method: 'POST',
        url,
        payload: 'source=a%20%3D%201',
        headers: { 'content-type': type, accept: 'application/problem+json' },
      });
      expectProblem(response, 415, 'unsupported-media-type', { title: 'Unsupported media type' });
    }
  });

  it('JSON with a charset parameter is accepted', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/expression.dot',
      payload: JSON.stringify({ source: 'a = Value(1.0)' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('routing', () => {
  it('an unknown path is 404', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/v1/nothing?x=1' }), 404, 'not-found', {
      title: 'Not found',
      detail: 'there is no GET /v1/nothing',
      instance: '/v1/nothing',
    });
  });

  it('a known path with the wrong method is 405 with Allow', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/expression' });
    expectProblem(response, 405, 'method-not-allowed', { detail: '/v1/expression answers POST, not GET' });
    expect(response.headers['allow']).toBe('POST');
    const del = await app.inject({ method: 'DELETE', url: '/healthz' });
    expectProblem(del, 405, 'method-not-allowed');
    expect(del.headers['allow']).toBe('GET, HEAD');
  });
});

describe('requests broken before routing', () => {
  it('a URL that does not decode is 400', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/v1/%zz' }), 400, 'bad-request', {
      detail: "'/v1/%zz' is not a valid url component",
    });
  });
});

describe('server errors', () => {
  it('a 500 hides its message from the client and logs it', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/crash', headers: { 'x-request-id': 'crash-1' } });
    const body = expectProblem(response, 500, 'internal-error', {
      title: 'Internal Server Error',
      detail: 'the server failed to answer this request; the error has been logged',
    });
    expect(JSON.stringify(body)).not.toMatch(/hunter2|10\.0\.0\.7|refused/);
    expect(response.headers['x-request-id']).toBe('crash-1');
    const logged = logs.find((line) => line['reqId'] === 'crash-1' && line['level'] === 50);
    expect(logged?.['err']).toMatchObject({ message: 'connection to 10.0.0.7 refused; password=hunter2' });
  });

  it('every 5xx hides its message, whatever status the error carries', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/crash-with-status' });
    const body = expectProblem(response, 500, 'internal-error');
    expect(JSON.stringify(body)).not.toContain('deadbeef');
  });
});
