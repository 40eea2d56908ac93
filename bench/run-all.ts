/**
 * Runs every benchmark in turn, each in a process of its own so one cannot warm up or slow the
 * next, and stops at the first that fails. Run: npm run bench
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

// Helper modules that other benchmarks start; not benchmarks themselves.
const NOT_BENCHMARKS = new Set(['run-all.ts', 'http-servers.ts']);

const benchDir = new URL('.', import.meta.url);
const scripts = readdirSync(benchDir)
  .filter((name) => name.endsWith('.ts') && !NOT_BENCHMARKS.has(name))
  .sort();

for (const script of scripts) {
  console.log(`\n=== bench/${script} ===`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', new URL(script, benchDir).pathname], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`bench/${script} failed (exit ${status})`);
    process.exit(status ?? 1);
  }
}
