import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import { NO_SHEDDING } from '../helpers/busy-machine.js';
import { exchange } from '../helpers/raw-socket.js';

// Errors Node raises before any route sees the request, over a real socket: each is a problem
// with a request id, and the connection is closed.

const HEADERS_MS = 2000;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  app = await buildApp({
    config: {
      pressure: NO_SHEDDING,
      timeouts: { requestMs: 3000, headersMs: HEADERS_MS, keepAliveMs: 5000, connectionMs: 60_000 },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
});

function expectProblem(answer: Awaited<ReturnType<typeof exchange>>, status: number, type: string) {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(answer.headers['connection']).toBe('close');
  expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(body).toMatchObject({ type: `https://gradviz.dev/problems/${type}`, status });
  expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
  return body;
}

describe('errors before routing', () => {
  it('answers a malformed request line 400 bad-request', async () => {
    const body = expectProblem(await exchange(port, ['GARBAGE\r\n\r\n']), 400, 'bad-request');
    expect(body['detail']).toMatch(/method|HTTP/);
  });

  it('answers a header with a forbidden character 400 and says so', async () => {
    const answer = await exchange(port, ['GET /healthz HTTP/1.1\r\nHost: a\r\nBad Header: 1\r\n\r\n']);
    expect(expectProblem(answer, 400, 'bad-request')['detail']).toBe('a header holds a character that HTTP does not allow');
  });

  it('answers a request with both Content-Length and Transfer-Encoding 400', async () => {
    const answer = await exchange(port, [
      'POST /v1/expression HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ]);
    expectProblem(answer, 400, 'bad-request');
  });

  it('answers headers over the size Node accepts 431 headers-too-large', async () => {
    const answer = await exchange(port, [`GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`]);
    expectProblem(answer, 431, 'headers-too-large');
  });

  it('answers headers that never finish 408 request-timeout, soon after HEADERS_TIMEOUT_MS', async () => {
    const answer = await exchange(port, ['GET /healthz HTTP/1.1\r\nHost: a\r\n']);
    expectProblem(answer, 408, 'request-timeout');
    // Node's default check interval (30 s) would close it far later; the margin is for a busy machine.
    expect(answer.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_MS - 100);
    expect(answer.closedAfterMs).toBeLessThan(HEADERS_MS + 10_000);
    console.info(`slowloris headers: closed after ${Math.round(answer.closedAfterMs)} ms (HEADERS_TIMEOUT_MS=${HEADERS_MS})`);
  }, 30_000);

  it('answers a body that never finishes 408 request-timeout', async () => {
    const answer = await exchange(port, [
      'POST /v1/expression HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"source":',
    ]);
    expectProblem(answer, 408, 'request-timeout');
    expect(answer.closedAfterMs).toBeLessThan(3000 + 10_000);
  }, 30_000);

  it('still serves well-formed requests', async () => {
    const answer = await exchange(port, ['GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n']);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
  });
});
