import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { LECTURE } from '../helpers/programs.js';
import { untilReady } from '../helpers/server-process.js';

// `gradviz serve` is the service: configured by the same variables, stopped by the same signal.

const BIN = new URL('../../src/cli/bin.ts', import.meta.url).pathname;
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
});

describe('gradviz serve', { timeout: 60_000 }, () => {
  it('listens where --port and HOST say, answers pictures, and exits 0 on SIGTERM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--port', '0'], {
      // Settings for a busy machine, as test/helpers/server-process.ts has them: no shedding on
      // event-loop delay (a loaded machine's start-up delay answered a request 503).
      env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', MAX_EVENT_LOOP_DELAY_MS: '0' },
    });
    const base = await new Promise<string>((resolve, reject) => {
      child?.once('exit', (code) => reject(new Error(`gradviz serve exited with ${code}`)));
      createInterface({ input: child!.stdout }).on('line', (text) => {
        const match = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(String((JSON.parse(text) as { msg?: string }).msg));
        if (match) resolve(match[1] as string);
      });
    });
    await untilReady(base);
    const response = await fetch(`${base}/v1/expression.svg?source=${encodeURIComponent(LECTURE)}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('data &#45;8.0000');

    child!.kill('SIGTERM');
    const [code] = await once(child!, 'exit');
    expect(code).toBe(0);
  });

  it('refuses a bad --port as the service refuses a bad PORT, with exit 1', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--port', 'eighty'], { env: { ...process.env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain("PORT must be an integer from 0 to 65535, got 'eighty'");
  });
});
