import { afterEach, describe, expect, it } from 'vitest';
import { startServer, stopServer, type ServerProcess } from '../helpers/server-process.js';

// src/server.ts as a process: configuration from the environment, pino's JSON lines, listening,
// and a clean exit on SIGTERM.

let server: ServerProcess | undefined;

afterEach(() => stopServer(server));

describe('the server process', () => {
  it('listens where configured, logs JSON lines with request ids and exits 0 on SIGTERM', async () => {
    server = await startServer({ SHUTDOWN_DRAIN_MS: '100' });
    const { lines, base } = server;
    const response = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'probe-7' } });
    expect(await response.json()).toEqual({ status: 'ok' });

    // The completion line is written after the answer, so it may trail the response.
    const logged = () => lines.filter((line) => line['reqId'] === 'probe-7');
    await expect.poll(() => logged().length, { timeout: 5000 }).toBe(2);
    expect(logged().map((line) => line['msg'])).toEqual(['incoming request', 'request completed']);
    expect(logged()[1]).toMatchObject({ level: 30, res: { statusCode: 200 } });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);

  it('stops at start with a message naming a bad setting', async () => {
    await expect(startServer({ METRICS_PORT: '9000', PORT: '9000' }, { waitReady: false })).rejects.toThrow(
      /METRICS_PORT must differ from PORT/,
    );
  }, 60_000);
});
