import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

// src/server.ts as a process: configuration from the environment, pino's JSON lines, listening,
// and a clean exit on SIGTERM.

const SERVER = new URL('../../src/server.ts', import.meta.url).pathname;
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the server and resolves with its log lines (growing) and its address once it listens. */
async function start(env: Record<string, string>): Promise<{ lines: Record<string, unknown>[]; base: string }> {
  child = spawn(process.execPath, ['--import', 'tsx', SERVER], { env: { ...process.env, ...env } });
  const lines: Record<string, unknown>[] = [];
  const base = new Promise<string>((resolve, reject) => {
    child?.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child!.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      const match = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(String(line['msg']));
      if (match) resolve(match[1] as string);
    });
  });
  return { lines, base: await base };
}

describe('the server process', () => {
  it('listens where configured, logs JSON lines with request ids and exits 0 on SIGTERM', async () => {
    const { lines, base } = await start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    const response = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'probe-7' } });
    expect(await response.json()).toEqual({ status: 'ok' });

    // The completion line is written after the answer, so it may trail the response.
    const logged = () => lines.filter((line) => line['reqId'] === 'probe-7');
    await expect.poll(() => logged().length, { timeout: 5000 }).toBe(2);
    expect(logged().map((line) => line['msg'])).toEqual(['incoming request', 'request completed']);
    expect(logged()[1]).toMatchObject({ level: 30, res: { statusCode: 200 } });

    child!.kill('SIGTERM');
    const [code] = await once(child!, 'exit');
    expect(code).toBe(0);
  });
});
