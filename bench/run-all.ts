/**
 * Runs every benchmark in turn, each in a process of its own so one cannot warm up or slow the
 * next, and stops at the first that fails. Run: npm run bench
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

// Not benchmarks: this runner, the modules the benchmarks import or start (which would start and
// exit doing nothing), and the generator of the font table (which rewrites a source file).
const NOT_BENCHMARKS = new Set([
  'run-all.ts',
  'http-servers.ts',
  'layout-metrics.ts',
  'layout-run.ts',
  'layout-svg.ts',
  'layout-worker.ts',
  'service-build.ts',
  'stats.ts',
  'layout-font-table.ts',
]);

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
