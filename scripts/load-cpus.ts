/**
 * Keeps CPUs busy for a while, to run the test suite or a benchmark on a loaded machine:
 *
 *   npx tsx scripts/load-cpus.ts [--threads 2] [--seconds 600] & npm test
 *
 * Each thread spins on arithmetic (no I/O, little memory) until the time is up, then the process
 * exits by itself, so a forgotten load cannot outlive its run.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

// Plain JavaScript, evaluated in each thread: no loader needed there.
const SPIN = `
  const { workerData: until } = require('node:worker_threads');
  let x = 0;
  while (Date.now() < until) for (let i = 0; i < 100000; i++) x = (x * 1.000001 + i) % 1e9;
`;

const { values } = parseArgs({
  options: { threads: { type: 'string', default: String(availableParallelism()) }, seconds: { type: 'string', default: '600' } },
});
const threads = Math.max(1, Number(values.threads));
const until = Date.now() + Math.max(1, Number(values.seconds)) * 1000;
console.log(`loading ${threads} thread(s) until ${new Date(until).toISOString()}`);
for (let t = 0; t < threads; t++) new Worker(SPIN, { eval: true, workerData: until });
