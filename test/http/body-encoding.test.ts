import type { FastifyInstance } from 'fastify';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import { NO_SHEDDING } from '../helpers/busy-machine.js';
import { LECTURE } from '../helpers/programs.js';

// A body the JSON parser would misread is refused with 415 and a message that says why, before
// it is read: compressed bodies, and charsets other than UTF-8.

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp({ config: { pressure: NO_SHEDDING } });
});

afterAll(async () => {
  await app.close();
});

const BODY = JSON.stringify({ source: LECTURE });

const post = (headers: Record<string, string>, payload: string | Buffer = BODY) =>
  app.inject({ method: 'POST', url: '/v1/expression', headers: { 'content-type': 'application/json', ...headers }, payload });

describe('bodies the service cannot read', () => {
  it('refuses a gzip body with 415, naming the coding, and echoes none of it', async () => {
    const response = await post({ 'content-encoding': 'gzip' }, gzipSync(BODY));
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.headers['accept-encoding']).toBe('identity');
    expect(response.json()).toMatchObject({
      type: 'https://gradviz.dev/problems/unsupported-media-type',
      detail: 'the request body is sent with Content-Encoding: gzip; send it uncompressed',
    });
    expect(response.body).not.toMatch(/[\u0000-\u0008\ufffd]/);
  });

  it('refuses other codings too (br, deflate, a list)', async () => {
    for (const coding of ['br', 'deflate', 'gzip, identity']) {
      expect((await post({ 'content-encoding': coding })).statusCode, coding).toBe(415);
    }
  });

  it('refuses a charset other than UTF-8 with 415', async () => {
    const response = await post({ 'content-type': 'application/json; charset=ISO-8859-1' });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ detail: "the request body's charset is iso-8859-1; send it as UTF-8" });
    expect((await post({ 'content-type': 'application/json; charset="utf-16"' })).statusCode).toBe(415);
  });

  it('reads UTF-8, US-ASCII and identity-coded bodies as before', async () => {
    for (const headers of <Record<string, string>[]>[
      { 'content-type': 'application/json; charset=UTF-8' },
      { 'content-type': 'application/json; charset=utf8' },
      { 'content-type': 'application/json; charset=us-ascii' },
      { 'content-encoding': 'identity' },
      {},
    ]) {
      const response = await post(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(200);
    }
  });

  it('ignores the headers of a request without a body', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz', headers: { 'content-encoding': 'gzip' } });
    expect(response.statusCode).toBe(200);
  });
});
