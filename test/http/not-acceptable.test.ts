import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LECTURE_ENCODED } from '../../src/http/schemas/image.js';
import { buildApp } from '../helpers/build-app.js';
import { NO_SHEDDING } from '../helpers/busy-machine.js';
import { LECTURE } from '../helpers/programs.js';

// 406 when the Accept header refuses every format a route can answer; what browsers and
// API clients send keeps working.

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp({ config: { pressure: NO_SHEDDING } });
});

afterAll(async () => {
  await app.close();
});

const IMG = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
const NAVIGATION = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const postJson = (accept: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/expression',
    headers: { 'content-type': 'application/json', accept },
    payload: JSON.stringify({ source: LECTURE }),
  });

const get = (url: string, accept: string) => app.inject({ method: 'GET', url, headers: { accept } });

describe('Accept that refuses every format', () => {
  it('answers 406 on the JSON route, naming what it answers', async () => {
    for (const accept of ['application/json;q=0', 'text/html', 'application/json;q=0, image/*;q=0, text/*;q=0']) {
      const response = await postJson(accept);
      expect(response.statusCode, accept).toBe(406);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(response.json()).toMatchObject({
        type: 'https://gradviz.dev/problems/not-acceptable',
        status: 406,
        detail: expect.stringMatching(/^this URL answers only application\/json /),
      });
    }
  });

  it('answers 406 on a URL that names a format the Accept header refuses', async () => {
    const dot = await get(`/v1/expression/dot/${LECTURE_ENCODED}`, 'image/png');
    expect(dot.statusCode).toBe(406);
    expect(dot.json()).toMatchObject({ detail: expect.stringMatching(/^this URL answers only text\/vnd\.graphviz \(and its errors/) });
    expect((await get(`/v1/expression.svg?source=${encodeURIComponent('a = Value(2.0)')}`, 'image/png')).statusCode).toBe(406);
  });

  it('serves a picture URL to a client that accepts problem+json: that is how it asks for errors as JSON', async () => {
    const response = await get(`/v1/expression.svg?source=${encodeURIComponent('a = Value(2.0)')}`, 'application/problem+json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
  });

  it('serves what browsers, curl and API clients send', async () => {
    const source = encodeURIComponent('a = Value(2.0)');
    for (const accept of [IMG, NAVIGATION, '*/*']) {
      expect((await get(`/v1/expression.svg?source=${source}`, accept)).statusCode, accept).toBe(200);
      expect((await get(`/v1/expression.dot?source=${source}`, accept)).statusCode, accept).toBe(200);
    }
    expect((await postJson('application/json')).statusCode).toBe(200);
    // The JSON route answers JSON only; pictures have their own routes.
    expect((await postJson('application/json;q=0, image/svg+xml')).statusCode).toBe(406);
    expect((await get(`/v1/expression.png?source=${source}`, 'image/png')).statusCode).toBe(200);
  });

  it('leaves probes and documentation alone', async () => {
    expect((await get('/healthz', 'text/html')).statusCode).toBe(200);
    expect((await get('/metrics', 'application/json')).statusCode).toBe(200);
  });
});
