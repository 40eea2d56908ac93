import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LECTURE } from '../helpers/programs.js';

// The package as a user gets it: packed (which builds it), installed globally into a temporary
// prefix, and its `gradviz` command run as a separate process.

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

let dir: string;
let gradviz: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gradviz-install-'));
  await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const [tarball] = (await readdir(dir)).filter((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack wrote no tarball');
  // The cache that `npm ci` filled has every dependency; the registry is asked only for what it lacks.
  const prefix = join(dir, 'prefix');
  await run('npm', ['install', '-g', '--prefix', prefix, join(dir, tarball), '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: dir,
  });
  gradviz = join(prefix, 'bin', 'gradviz');
  await writeFile(join(dir, 'lecture.py'), LECTURE);
}, 600_000);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('gradviz installed from a packed tarball', { timeout: 60_000 }, () => {
  it('draws the lecture program to the file named, as SVG', async () => {
    const result = await run(gradviz, ['render', 'lecture.py', '-o', 'lecture.svg'], { cwd: dir });
    expect(result.stderr).toBe('');
    const svg = await readFile(join(dir, 'lecture.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('data &#45;8.0000');
    expect(svg).toMatch(/>a<\/text>[\s\S]*?grad 6\.0000/);
  });

  it('exits 1 with file:line:column for a program with an error, and 2 for a wrong command line', async () => {
    await writeFile(join(dir, 'bad.py'), 'a = Value(1.0)\nb = a ** ** 2\n');
    const bad = await run(gradviz, ['render', 'bad.py'], { cwd: dir }).catch((error: { code: number; stderr: string }) => error);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toMatch(/^bad\.py:2:\d+: syntax-error: /);

    const usage = await run(gradviz, ['render', '--theme', 'pink'], { cwd: dir }).catch((error: { code: number }) => error);
    expect(usage).toMatchObject({ code: 2 });
  });

  it('is importable as a library with its types, its Markdown plugins and its web component', async () => {
    const prefix = join(dir, 'prefix', 'lib', 'node_modules', 'gradviz');
    const manifest = JSON.parse(await readFile(join(prefix, 'package.json'), 'utf8')) as { exports: Record<string, { types: string } | string> };
    const types = manifest.exports['.'] as { types: string };
    expect(await readFile(join(prefix, types.types), 'utf8')).toContain('export { render, renderMlp }');
    expect(await readFile(join(prefix, manifest.exports['./gradviz-graph.js'] as string), 'utf8')).toContain('gradviz-graph');
    // The synchronous renderer's thread is compiled JavaScript here; the remark plugin needs no remark to run.
    const script = `
      const { createRenderer } = await import('gradviz');
      const { remarkGradviz } = await import('gradviz/remark');
      const renderer = await createRenderer();
      const dot = renderer.render(${JSON.stringify(LECTURE)}, { format: 'dot' });
      const tree = { type: 'root', children: [{ type: 'code', lang: 'micrograd', value: ${JSON.stringify(LECTURE)} }] };
      await remarkGradviz()(tree);
      process.stdout.write(JSON.stringify({ dot, html: tree.children[0].value }));`;
    // A module beside the installed node_modules, so that 'gradviz' resolves to the installed package.
    const file = join(dir, 'prefix', 'lib', 'use-gradviz.mjs');
    await writeFile(file, script);
    const { stdout } = await run(process.execPath, [file]);
    const { dot, html } = JSON.parse(stdout) as { dot: string; html: string };
    expect(dot).toContain('data -8.0000');
    expect(html).toMatch(/^<div class="gradviz"><svg /);
  });
});
