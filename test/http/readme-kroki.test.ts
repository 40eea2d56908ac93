import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';

// The README's Kroki examples, run as a reader would run them: the shell ones with curl, the
// remark-kroki one with the real Kroki client, against a listening service.

const run = promisify(execFile);
const README = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
const SECTION = README.slice(README.indexOf('## Kroki-compatible routes'), README.indexOf('## Errors'));

/** The fenced blocks of one language in the section. */
function blocks(language: string): string[] {
  return [...SECTION.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm'))].map((match) => match[1]!);
}

/** A shell block split into its commands (`$ ` lines and their continuations) and the output it shows. */
function session(block: string): { commands: string[]; output: string } {
  const commands: string[] = [];
  const output: string[] = [];
  let continuing = false;
  for (const line of block.split('\n').slice(0, -1)) {
    if (line.startsWith('$ ') || continuing) {
      if (continuing) commands[commands.length - 1] += `\n${line}`;
      else commands.push(line.slice(2));
      continuing = line.endsWith('\\');
    } else {
      output.push(line);
    }
  }
  return { commands, output: output.map((line) => `${line}\n`).join('') };
}

let app: FastifyInstance;
let base: string;
let directory: string;

beforeAll(async () => {
  app = await buildApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  directory = await mkdtemp(join(tmpdir(), 'gradviz-readme-'));
});

afterAll(async () => {
  await app.close();
  await rm(directory, { recursive: true, force: true });
});

describe("README's Kroki examples", () => {
  it('print what the README shows, run with curl', async () => {
    const sessions = blocks('sh').map(session);
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    for (const { commands, output } of sessions) {
      const script = commands.join('\n').replaceAll('localhost:8080', base);
      const { stdout } = await run('bash', ['-e', '-c', script], { cwd: directory });
      expect(stdout, commands.join('\n')).toBe(output);
    }
  });

  it('draw the remark-kroki example through the real Kroki client', async () => {
    const [example] = blocks('js');
    const expected = /^\/\/ (.*)$/m.exec(example!)![1];
    // Written inside the project, so that the example's imports resolve to its dependencies.
    const script = new URL(`../../node_modules/.readme-kroki-${process.pid}.mjs`, import.meta.url);
    await writeFile(script, example!.replaceAll('http://localhost:8080', `http://${base}`));
    try {
      const { stdout } = await run(process.execPath, [script.pathname]);
      expect(stdout.trim()).toBe(expected);
    } finally {
      await rm(script, { force: true });
    }
    // What the client drew is the service's picture, not its fallback.
    const rendered = await run(process.execPath, [
      '--input-type=module',
      '-e',
      example!.replaceAll('http://localhost:8080', `http://${base}`).replace('.slice(0, 39)', ''),
    ], { cwd: new URL('../..', import.meta.url).pathname });
    const encoded = /base64,([A-Za-z0-9+/=]+)/.exec(rendered.stdout)![1]!;
    const svg = Buffer.from(encoded, 'base64').toString('utf8');
    const own = await app.inject({ method: 'POST', url: '/v1/expression.svg', payload: { source: 'x = Value(0.5)\ny = (x * -2).tanh()' } });
    expect(svg).toBe(own.body);
  }, 60_000);
});
