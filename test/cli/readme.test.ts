import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

// The CLI commands the README shows, run as written (output files moved to a temporary directory).

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = await readFile(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### CLI'), readme.indexOf('### Library'));
const commands = [...section.matchAll(/^(?:printf '([^']*)' \| )?gradviz ((?:render|mlp) [^#\n]*?)\s*(?:#.*)?$/gm)].map((m) => ({
  stdin: m[1]?.replace(/\\n/g, '\n') ?? '',
  words: (m[2] ?? '').split(/\s+/),
}));

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gradviz-readme-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the README CLI commands', () => {
  it('are there', () => {
    expect(commands.length).toBeGreaterThanOrEqual(6);
  });

  it('run and write what they say', async () => {
    for (const { stdin, words } of commands) {
      const args = words.map((word) => (word.startsWith('examples/') ? join(root, word) : word));
      const out = args.indexOf('-o');
      if (out !== -1) args[out + 1] = join(dir, args[out + 1] ?? 'missing');
      const io = fakeIo(stdin);
      expect(await main(args, io), `gradviz ${words.join(' ')}: ${io.err()}`).toBe(0);
      const written = out === -1 ? io.out() : await readFile(args[out + 1] ?? '');
      expect(written.length, words.join(' ')).toBeGreaterThan(100);
    }
  });
});
