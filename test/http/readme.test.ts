import { readFileSync } from 'node:fs';
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
});
