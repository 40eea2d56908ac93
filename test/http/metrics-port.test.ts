import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import { NO_SHEDDING } from '../helpers/busy-machine.js';

// METRICS_PORT: /metrics on a listener of its own, off the public port.

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('METRICS_PORT', () => {
  it('serves /metrics on its own port and not on the app', async () => {
    const port = await freePort();
    const app = await buildApp({ config: { metricsPort: port, host: '127.0.0.1', pressure: NO_SHEDDING } });
    try {
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);

      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await scraped.text()).toMatch(/^gradviz_http_requests_total\{.*route="\/healthz".*\} 1$/m);
      expect((await fetch(`http://127.0.0.1:${port}/v1/expression`)).status).toBe(404);
    } finally {
      await app.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('stops the start when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      await expect(buildApp({ config: { metricsPort: port, host: '127.0.0.1', pressure: NO_SHEDDING } })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
