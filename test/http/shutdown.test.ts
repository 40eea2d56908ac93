import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { crossingProgram } from '../helpers/programs.js';

// The real server process: SIGTERM lets a request in flight finish, then the process exits 0.

describe('graceful shutdown', () => {
  it('finishes a request in flight after SIGTERM, stops the pool and exits 0', async () => {
    const server = spawn(process.execPath, ['--import', 'tsx', new URL('../../src/server.ts', import.meta.url).pathname], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WORKER_THREADS: '1', JOB_TIME_LIMIT_MS: '60000', MAX_LAYOUT_COST: '10000000', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    let output = '';
    server.stderr.on('data', (chunk) => (output += String(chunk)));
    const address = await new Promise<string>((resolve, reject) => {
      server.stdout.on('data', (chunk) => {
        output += String(chunk);
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then(() => reject(new Error(`the server exited before listening:\n${output}`)));
    });
    for (let tries = 0; tries < 300; tries++) {
      if ((await fetch(`${address}/readyz`)).status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // About a second of layout: still running when the signal arrives.
    const slow = fetch(`${address}/v1/expression.svg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: crossingProgram(70) }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.kill('SIGTERM');

    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('</svg>');
    const code = await exited;
    expect(code, output.split('\n').slice(-4).join('\n')).toBe(0);
    expect(output).toContain('"signal":"SIGTERM"');
  }, 60_000);
});
