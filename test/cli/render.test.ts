import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { LECTURE } from '../helpers/programs.js';
import { fakeIo } from './fake-io.js';

// `gradviz render` run in-process: files, standard streams, every drawing option, exit codes.

let dir: string;
let lecture: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gradviz-cli-'));
  lecture = join(dir, 'lecture.py');
  await writeFile(lecture, LECTURE);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gradviz render', () => {
  it('writes the SVG the extension asks for, with L = -8 and grad(a) = 6', async () => {
    const io = fakeIo();
    const out = join(dir, 'graph.svg');
    expect(await main(['render', lecture, '-o', out], io)).toBe(0);
    const svg = await readFile(out, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('data &#45;8.0000');
    expect(svg).toMatch(/>a<\/text>[\s\S]*?grad 6\.0000/);
    expect(io.err()).toBe('');
  });

  it('reads standard input and writes standard output, PNG by --format', async () => {
    const io = fakeIo(LECTURE);
    expect(await main(['render', '-', '--format', 'png', '--scale', '2'], io)).toBe(0);
    expect(io.out().subarray(0, 4).toString('latin1')).toBe('\x89PNG');

    const dot = fakeIo(LECTURE);
    expect(await main(['render', '-f', 'dot'], dot)).toBe(0);
    expect(dot.out().toString()).toContain('digraph');
  });

  it('applies every drawing option', async () => {
    const io = fakeIo('y = x * k\nz = y + 1\nz.backward()');
    const args = ['render', '-f', 'dot', '--rankdir', 'tb', '--precision', '2', '--no-grad', '--theme', 'dark'];
    expect(await main([...args, '--values', 'x=1.5', '--values', 'k=2', '--output', 'y'], io)).toBe(0);
    const dot = io.out().toString();
    expect(dot).toContain('rankdir="TB"');
    expect(dot).toContain('data 3.00');
    expect(dot).not.toContain('data 4.00');
    expect(dot).not.toContain('grad');
    expect(dot).toContain('bgcolor="#');
    expect(dot).not.toContain('bgcolor="#ffffff"');
  });

  it('answers JSON with every value and gradient', async () => {
    const io = fakeIo(LECTURE);
    expect(await main(['render', '-o', '-', '-f', 'json'], io)).toBe(0);
    expect((JSON.parse(io.out().toString()) as { gradients: Record<string, number> }).gradients).toMatchObject({ a: 6, b: -4 });
  });

  it('reports a source error as file:line:column with the line and a caret, exit 1', async () => {
    const bad = join(dir, 'bad.py');
    await writeFile(bad, "a = Value(2.0)\nb = a * tahn(a)\n");
    const io = fakeIo();
    expect(await main(['render', bad], io)).toBe(1);
    expect(io.err()).toBe(
      `${bad}:2:9: evaluation-error: unknown function 'tahn'; did you mean 'tanh'?\n` +
        '   2 | b = a * tahn(a)\n' +
        '     |         ^\n',
    );
    expect(io.out().length).toBe(0);
  });

  it('names <stdin> for a program read from standard input, and a missing file without a position', async () => {
    const io = fakeIo('a = Value(1.0)\nb = (a');
    expect(await main(['render'], io)).toBe(1);
    expect(io.err()).toMatch(/^<stdin>:2:\d+: syntax-error: /);

    const missing = fakeIo();
    expect(await main(['render', join(dir, 'nowhere.py')], missing)).toBe(1);
    expect(missing.err()).toBe(`${join(dir, 'nowhere.py')}: cannot read ${join(dir, 'nowhere.py')}: ENOENT\n`);
  });

  it('refuses a wrong command line with exit 2 and says what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['render', lecture, '--rankdir', 'XY'], /--rankdir must be LR or TB, got 'XY'/],
      [['render', lecture, '--precision', '11'], /--precision must be an integer from 0 to 10/],
      [['render', lecture, '--theme', 'pink'], /--theme must be one of light, dark, transparent/],
      [['render', lecture, '--values', 'x'], /--values takes NAME=NUMBER pairs/],
      [['render', lecture, '-o', join(dir, 'graph.gif')], /cannot tell the format from/],
      [['render', lecture, '--bogus'], /Unknown option '--bogus'/],
      [['draw', lecture], /unknown command 'draw'/],
    ];
    for (const [args, message] of cases) {
      const io = fakeIo();
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.err()).toMatch(message);
    }
  });

  it('does not wait for a program typed at a terminal unless asked to with -', async () => {
    const io = fakeIo('', true);
    Object.assign(io.stdin, { isTTY: true });
    expect(await main(['render'], io)).toBe(2);
    expect(io.err()).toMatch(/give a file, or - to type the input/);
  });

  it('does not write PNG bytes to a terminal', async () => {
    const io = fakeIo(LECTURE, true);
    expect(await main(['render', '-f', 'png'], io)).toBe(2);
    expect(io.err()).toMatch(/refusing to write PNG to a terminal/);
  });
});
