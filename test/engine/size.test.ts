import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

// The engine is the part people read to learn backpropagation: keep it on a couple of screens.
const ENGINE_LINE_BUDGET = 260;

function codeLines(file: string): number {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//') && !line.startsWith('*') && !line.startsWith('/**')).length;
}

test(`src/engine stays under ${ENGINE_LINE_BUDGET} lines of code`, () => {
  const dir = join(import.meta.dirname, '../../src/engine');
  const total = readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .reduce((sum, name) => sum + codeLines(join(dir, name)), 0);
  expect(total).toBeGreaterThan(50);
  expect(total).toBeLessThanOrEqual(ENGINE_LINE_BUDGET);
});
