import { JOB_STAGES, type JobStage } from '../jobs/protocol.js';
import type { MlpRequest } from '../jobs/mlp.js';
import type { RenderMlpOptions } from '../lib/options.js';
import { readReply, startThread, waitForFlag, whenReady } from '../lib/thread.js';

/** How often the stage is read and the display redrawn. */
const REDRAW_MS = 100;

/**
 * renderMlp() on a thread of its own, so this one stays free to draw progress: `onStage` is called
 * as the job starts and then every REDRAW_MS with the stage the job is in.
 */
export async function renderMlpWatched(
  spec: MlpRequest,
  options: RenderMlpOptions,
  onStage: (stage: JobStage) => void,
): Promise<string | Uint8Array> {
  const thread = startThread();
  // A thread that dies mid-job never raises the flag: stop waiting for it then.
  let died: unknown;
  thread.worker.once('error', (error) => (died = error));
  thread.worker.once('exit', () => (died ??= new Error('the rendering thread exited before it answered')));
  try {
    await whenReady(thread);
    const done = new Int32Array(new SharedArrayBuffer(4));
    const stage = new Int32Array(new SharedArrayBuffer(4));
    thread.port.postMessage({ kind: 'mlp', spec, options, done, stage });
    const report = () => onStage(JOB_STAGES[Atomics.load(stage, 0) - 1] ?? 'evaluation');
    report();
    while (!(await waitForFlag(done, REDRAW_MS))) {
      if (died !== undefined) throw died;
      report();
    }
    return readReply(thread.port);
  } finally {
    await thread.worker.terminate();
  }
}
