import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The Dockerfile and its build context: the runtime it names, and a .dockerignore that keeps
// local state out without hiding anything the build copies.

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const dockerfile = read('Dockerfile');
const ignored = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** Whether a path of the build context matches a .dockerignore pattern (the few forms used here). */
function isIgnored(path: string): boolean {
  return ignored.some((pattern) => {
    const regex = new RegExp(`^${pattern.replace(/^\*\*\//, '').replace(/[.+]/g, '\\$&').replace(/\*/g, '[^/]*')}(?:/|$)`);
    return regex.test(path);
  });
}

describe('Dockerfile', () => {
  it('builds every stage on Node.js 24 slim, by tag or pinned by a real-looking digest', () => {
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(base).toMatch(/^node:24-slim(?:@sha256:[0-9a-f]{64})?$/);
    const stages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toBe('${NODE_IMAGE}');
  });

  it('runs as the unprivileged node user, with node itself as PID 1', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/server\.js"\]$/m);
  });

  it('copies nothing that .dockerignore leaves out of the context', () => {
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1]!.split(/\s+/));
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src']));
    for (const path of copied) expect(isIgnored(path), path).toBe(false);
  });

  it('keeps local state, secrets and what the image does not need out of the context', () => {
    for (const path of ['.git', 'node_modules', 'dist', '.env', '.env.local', 'test', 'bench', 'coverage', 'README.md']) {
      expect(isIgnored(path), path).toBe(true);
    }
  });

  it('still declares Node 20 as enough, since the code keeps running there', () => {
    const manifest = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(manifest.engines.node).toBe('>=20.6');
  });
});
