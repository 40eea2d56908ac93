import type { FastifyInstance } from 'fastify';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import { NO_SHEDDING } from '../helpers/busy-machine.js';
import { openSocket } from '../helpers/raw-socket.js';

// MAX_CONNECTIONS on a real socket: connections past the cap are closed at once, and a freed
// slot serves again.

const MAX = 3;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  app = await buildApp({
    config: { maxConnections: MAX, pressure: NO_SHEDDING },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
});

/** Resolves when the server closes the socket; rejects if it is still open after `ms`. */
function closedWithin(socket: Socket, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.on('error', () => {});
    const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Counts the sockets the server holds, which trails the clients' view by a little. */
function serverConnections(): Promise<number> {
  return new Promise((resolve, reject) => app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

describe('MAX_CONNECTIONS', () => {
  it('closes a socket past the cap at once and serves again once one is freed', async () => {
    const held = await Promise.all(Array.from({ length: MAX }, () => openSocket(port)));
    await expect.poll(serverConnections, { timeout: 10_000 }).toBe(MAX);

    const extra = await openSocket(port);
    // "At once": no request is needed for the server to drop it; the bound is only for a busy machine.
    await closedWithin(extra, 10_000);
    expect(await serverConnections()).toBe(MAX);

    held[0]!.destroy();
    await expect.poll(serverConnections, { timeout: 10_000 }).toBe(MAX - 1);
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } });
    expect(response.status).toBe(200);
    for (const socket of held) socket.destroy();
  }, 30_000);
});
