import { workerData, type MessagePort } from 'node:worker_threads';
import { GradvizError } from '../errors.js';
import { JOB_STAGES, NO_CONTEXT, type JobContext } from '../jobs/protocol.js';
import { loadGraphviz } from '../render/graphviz.js';
import { render, renderMlp } from './render.js';
import type { RendererCall, RendererReply, RendererThreadData } from './thread-protocol.js';

/**
 * The thread behind the synchronous renderer: it loads Graphviz, says so through the shared
 * `ready` flag, then answers each call on its port and raises the call's `done` flag, which the
 * caller is blocked on.
 */

const { port, ready } = workerData as RendererThreadData;

// No top-level await: under tsx (in tests) a worker's entry is loaded through require.
void loadGraphviz().then(() => {
  Atomics.store(ready, 0, 1);
  Atomics.notify(ready, 0);
});

(port as MessagePort).on('message', async (call: RendererCall) => {
  let reply: RendererReply;
  try {
    const context = stageReporter(call.stage);
    const value =
      call.kind === 'expression' ? await render(call.source, call.options, context) : await renderMlp(call.spec, call.options, context);
    reply = { ok: true, value };
  } catch (error) {
    reply =
      error instanceof GradvizError
        ? { ok: false, error: error.toJSON() }
        : { ok: false, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
  Atomics.store(call.done, 0, 1);
  Atomics.notify(call.done, 0);
});

function stageReporter(stage: Int32Array | undefined): JobContext {
  if (stage === undefined) return NO_CONTEXT;
  return { stage: (name) => Atomics.store(stage, 0, JOB_STAGES.indexOf(name) + 1) };
}
