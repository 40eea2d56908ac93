/** Runs one layout job in a fresh child process (bench/layout-worker.ts) and stops it at its CPU cap. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CAPPED, procCpuMs, type Job, type JobResult, type WorkerMessage } from './layout-worker.js';

/** Time allowed to measure one picture once it is drawn (the counter is slow on the largest). */
const MEASURE_MS = 300_000;

/** A job's figures, or why there are none: "n/a" past the cap, "failed: ...", "not installed". */
export type Outcome = JobResult | string;

/**
 * Runs a job in a fresh process. The cap is CPU time of the layout, from the worker's `started` to its
 * `laid-out` (on a busy machine wall time mostly measures the neighbours), read from /proc; where that is
 * missing, or as a backstop, ten times the cap of wall time.
 */
export function runJob(job: Omit<Job, 'capMs'>, capMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    // Large Graphviz layouts need a deep stack (see the notes on wasm Graphviz). Its own process
    // group, so that stopping it also stops a `dot` it started.
    const child = fork(fileURLToPath(new URL('./layout-worker.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx', '--stack-size=8000', '--max-old-space-size=4096'],
      detached: true,
    });
    let settled = false;
    let watch: NodeJS.Timeout | undefined;
    const finish = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      resolve(outcome);
    };
    // Building a large graph before the layout takes a while too, but not this long.
    let timer = setTimeout(() => finish('failed: no start'), 30 * capMs);
    child.on('message', (message: WorkerMessage) => {
      if (message.stage === 'started') {
        clearTimeout(timer);
        timer = setTimeout(() => finish('n/a'), 10 * capMs);
        const pid = child.pid as number;
        const base = procCpuMs(pid);
        if (base !== undefined) {
          watch = setInterval(() => {
            const used = procCpuMs(pid);
            if (used !== undefined && used - base > capMs) finish('n/a');
          }, 100);
        }
      } else if (message.stage === 'laid-out') {
        clearTimeout(timer);
        clearInterval(watch);
        timer = setTimeout(() => finish('drawn; too slow to measure'), MEASURE_MS);
      } else if (message.stage === 'done') finish(message.result);
      else finish(message.error === CAPPED ? 'n/a' : `failed: ${message.error.slice(0, 60)}`);
    });
    child.once('exit', (code, signal) => finish(`failed: exit ${code ?? signal}`));
    child.once('error', (error) => finish(`failed: ${error.message.slice(0, 60)}`));
    child.send({ ...job, capMs });
  });
}
