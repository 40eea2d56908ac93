import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../src/config.js';
import { PROBLEM_TYPES } from '../../src/http/problem/types.js';
import { buildApp } from '../helpers/build-app.js';
import { DEMO_NEURONS, LECTURE } from '../helpers/programs.js';

// The README promises things about the code; these checks keep the promises true.

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README.md', () => {
  it('lists every environment variable with its default', () => {
    for (const [name, schema] of Object.entries(ENVIRONMENT)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, name).toBeDefined();
      expect(row, name).toContain(`| \`${String((schema as { default?: unknown }).default)}\` |`);
    }
  });

  it('lists every problem type with its status', () => {
    for (const [type, { status }] of Object.entries(PROBLEM_TYPES)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${type}\` |`));
      expect(row, type).toBeDefined();
      expect(row, type).toContain(String(status));
    }
  });

  it('shows the picture the service draws for the lecture program today', async () => {
    const app = await buildApp();
    const response = await app.inject({ method: 'POST', url: '/v1/expression.svg', payload: { source: LECTURE } });
    await app.close();
    const committed = readFileSync(new URL('../../docs/lecture.svg', import.meta.url), 'utf8');
    expect(committed, 'run `npx tsx scripts/make-readme-images.ts`').toBe(response.body);
  });

  it("shows the neurons view the service draws for micrograd's demo network today", async () => {
    const app = await buildApp();
    const response = await app.inject({ method: 'POST', url: '/v1/mlp.svg', payload: DEMO_NEURONS });
    await app.close();
    const committed = readFileSync(new URL('../../docs/mlp-neurons.svg', import.meta.url), 'utf8');
    expect(committed, 'run `npx tsx scripts/make-readme-images.ts`').toBe(response.body);
    expect(readme).toContain('![micrograd\'s MLP(2, [16, 16, 1]) in the neurons view');
  });

  it('links only to files that exist, pictures included', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    for (const file of ['README.md', 'docs/layout/README.md', 'bench/README.md']) {
      const text = readFileSync(join(root, file), 'utf8');
      // Markdown links and images; web addresses and anchors within the page are not files.
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(?:[a-z]+:|#)/i.test(target as string)) continue;
        const path = join(root, dirname(file), (target as string).replace(/#.*$/, ''));
        expect(existsSync(path), `${file} links to ${target}`).toBe(true);
      }
    }
  });

  it('shows every picture of the demo network that scripts/make-layout-pictures.ts drew', () => {
    const measured = JSON.parse(readFileSync(new URL('../../docs/layout/measurements.json', import.meta.url), 'utf8')) as {
      pictures: Record<string, { engines: Record<string, { png?: string }> }>;
    };
    const engines = Object.values(measured.pictures['demo-network']?.engines ?? {});
    expect(engines.length).toBeGreaterThan(0);
    for (const { png } of engines) {
      if (png !== undefined) expect(readme, 'run `npx tsx scripts/make-layout-pictures.ts`').toContain(`](docs/layout/${png})`);
    }
  });
});
