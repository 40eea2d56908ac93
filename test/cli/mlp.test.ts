import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ProgressDisplay, progressLine } from '../../src/cli/progress.js';
import { fakeIo } from './fake-io.js';

// `gradviz mlp`: views, the loss chart, spec errors, and progress only on a terminal.

const SPEC = {
  layers: [3, 4, 4, 1],
  inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
  targets: [1, -1, -1, 1],
  train: { steps: 20, learningRate: 0.05 },
};

let dir: string;
let spec: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gradviz-cli-mlp-'));
  spec = join(dir, 'net.json');
  await writeFile(spec, JSON.stringify(SPEC));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gradviz mlp', () => {
  it('draws the final pass, the neurons view and the loss chart, quietly when stderr is no terminal', async () => {
    const io = fakeIo();
    expect(await main(['mlp', spec, '-o', join(dir, 'net.svg')], io, { progressDelayMs: 0 })).toBe(0);
    expect(await readFile(join(dir, 'net.svg'), 'utf8')).toContain('<svg');
    expect(await main(['mlp', spec, '-f', 'dot', '--view', 'neurons', '-o', join(dir, 'net.dot')], io)).toBe(0);
    expect(await readFile(join(dir, 'net.dot'), 'utf8')).toContain('digraph');
    expect(await main(['mlp', spec, '--loss', '-o', join(dir, 'loss.svg')], io)).toBe(0);
    expect(await readFile(join(dir, 'loss.svg'), 'utf8')).toContain('Training loss (sse)');
    expect(io.err()).toBe('');
  });

  it('shows progress on a terminal from the start of the job, and clears it before the answer', async () => {
    const io = fakeIo('', true);
    expect(await main(['mlp', spec, '-f', 'json'], io, { progressDelayMs: 0 })).toBe(0);
    const err = io.err();
    // The first line is drawn at the first look at the job, naming the stage it is in then: its
    // first, or a later one when this small job got that far first (as it does now and then).
    expect(err).toMatch(/^\r\x1b\[2K(building the network  |training \[|laying out the graph  )/);
    expect(err.endsWith('\r\x1b[2K')).toBe(true);
    expect((JSON.parse(io.out().toString()) as { history: number[] }).history).toHaveLength(20);
  });

  it('reports a spec that is not JSON at its line and column, and an invalid one by its message', async () => {
    await writeFile(join(dir, 'broken.json'), '{\n  "layers": [3, 1],\n  "inputs": [[1, 2, 3]],,\n}');
    const io = fakeIo();
    expect(await main(['mlp', join(dir, 'broken.json')], io)).toBe(1);
    expect(io.err()).toMatch(new RegExp(`^${join(dir, 'broken.json')}:3:\\d+: not JSON: `));

    const invalid = fakeIo(JSON.stringify({ layers: [3, 1], inputs: [[1, 2]] }));
    expect(await main(['mlp'], invalid)).toBe(1);
    expect(invalid.err()).toMatch(/^<stdin>: invalid-request: /);
  });

  it('refuses a view or a loss format it cannot draw with exit 2', async () => {
    const io = fakeIo();
    expect(await main(['mlp', spec, '--view', 'layers'], io)).toBe(2);
    expect(await main(['mlp', spec, '--loss', '-f', 'dot'], io)).toBe(2);
    expect(io.err()).toMatch(/--view must be one of values, neurons[\s\S]*--loss draws SVG or PNG only/);
  });
});

describe('progressLine', () => {
  const size = { steps: 1000, graphValues: 1000 };
  it('estimates the share of training from the work, never claims 100% early, and says when it is past the estimate', () => {
    // 1000 x 1000 value-steps at 60 ns: 60 ms of training expected.
    expect(progressLine('training', 1000, 0, size, 100)).toMatch(/\[-{10,}\] ~ 0%/);
    expect(progressLine('training', 1000, 30, size, 100)).toMatch(/~50%/);
    expect(progressLine('training', 1000, 59.9, size, 100)).toMatch(/~99%/);
    expect(progressLine('training', 1000, 10_000, size, 100)).toMatch(/\[#{10,}\] past the estimate  1\.0 s/);
    expect(progressLine('layout', 2500, 0, size, 100)).toBe('laying out the graph  2.5 s');
  });
});

describe('ProgressDisplay', () => {
  it('draws a bar in place while training on a terminal, and nothing elsewhere', () => {
    const terminal = fakeIo('', true);
    const display = new ProgressDisplay(terminal, { steps: 500, graphValues: 400 }, { delayMs: 0 });
    display.update('training');
    display.update('training');
    display.finish();
    const lines = terminal.err().split('\r\x1b[2K');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^training \[[#-]{10,40}\] ~ ?\d+% +\d+\.\d s  \(500 steps x 400 values\)$/);
    expect(lines[3]).toBe('');

    const pipe = fakeIo();
    const quiet = new ProgressDisplay(pipe, { steps: 500, graphValues: 400 }, { delayMs: 0 });
    quiet.update('training');
    quiet.finish();
    expect(pipe.err()).toBe('');
  });
});
