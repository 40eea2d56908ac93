import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopServer, type ServerProcess } from '../helpers/server-process.js';

// deploy/kubernetes/README.md's smoke test, run as written against the service: each curl line
// of its "Try it" block, with the Service's address replaced by a server on loopback.

const readme = readFileSync(new URL('../../deploy/kubernetes/README.md', import.meta.url), 'utf8');
const tryIt = readme.slice(readme.indexOf('Try it'));
const block = /```sh\n([\s\S]*?)```/.exec(tryIt)?.[1] ?? '';
const curlLines = block.split('\n').filter((line) => line.startsWith('curl '));

const run = promisify(execFile);
let server: ServerProcess | undefined;
let workdir: string;

beforeAll(async () => {
  server = await startServer({ WORKER_THREADS: '1', SHUTDOWN_DRAIN_MS: '0' });
  workdir = mkdtempSync(join(tmpdir(), 'gradviz-smoke-'));
}, 120_000);

afterAll(() => {
  stopServer(server);
  rmSync(workdir, { recursive: true, force: true });
});

describe('the Kubernetes README smoke test', () => {
  it('has curl lines that fail on an error status', () => {
    expect(curlLines.length).toBeGreaterThanOrEqual(2);
    for (const line of curlLines) expect(line).toMatch(/^curl -fsS /);
  });

  it('passes against the service', async () => {
    for (const line of curlLines) {
      const command = line.replaceAll('http://gradviz', server!.base);
      const { stdout } = await run('sh', ['-c', command], { cwd: workdir, timeout: 60_000 });
      if (line.includes('/healthz')) expect(JSON.parse(stdout)).toEqual({ status: 'ok' });
      if (line.includes('-o b.svg')) {
        const svg = readFileSync(join(workdir, 'b.svg'), 'utf8');
        expect(svg, command).toContain('</svg>');
        rmSync(join(workdir, 'b.svg'));
      }
    }
  }, 120_000);
});
