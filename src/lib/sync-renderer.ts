import { GradvizError } from '../errors.js';
import type { MlpRequest } from '../jobs/mlp.js';
import { DEFAULT_TIME_LIMIT_MS } from './defaults.js';
import type { ExpressionFormat, MlpFormat, Rendered, RenderMlpOptions, RenderOptions } from './options.js';
import type { RendererRequest } from './thread-protocol.js';
import { readReply, startThread, whenReady } from './thread.js';

/**
 * render() and renderMlp() for callers that cannot wait for a promise, such as markdown-it's
 * renderer rules. Graphviz loads asynchronously, so the work runs on a thread that has loaded it,
 * and each call blocks until that thread answers: the same code and bytes as render().
 */
export interface SyncRenderer {
  render<Format extends ExpressionFormat = 'svg'>(source: string, options?: RenderOptions & { format?: Format }): Rendered<Format>;
  renderMlp<Format extends MlpFormat = 'svg'>(spec: MlpRequest, options?: RenderMlpOptions & { format?: Format }): Rendered<Format>;
  /** Stops the thread. Not needed before exit: the thread never keeps the process alive. */
  close(): Promise<void>;
}

export interface SyncRendererOptions {
  /** Longest one picture may take before its thread is stopped and the call throws (default: the service's job limit). */
  timeLimitMs?: number;
}

/** Starts the rendering thread and resolves once it has loaded Graphviz. */
export async function createRenderer(options: SyncRendererOptions = {}): Promise<SyncRenderer> {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  let thread = startThread();
  // Referenced until ready, since nothing else keeps the process alive while it waits.
  await whenReady(thread);
  thread.worker.unref();

  const call = (request: RendererRequest): string | Uint8Array => {
    const done = new Int32Array(new SharedArrayBuffer(4));
    thread.port.postMessage({ ...request, done });
    if (Atomics.wait(done, 0, 0, timeLimitMs) === 'timed-out') {
      // The thread is still busy with the call; a fresh one takes the next (and loads Graphviz first).
      void thread.worker.terminate();
      thread = startThread();
      thread.worker.unref();
      throw new GradvizError('limit-exceeded', `the picture was not finished in ${timeLimitMs} ms (limit timeLimitMs)`, {
        limit: 'timeLimitMs',
        limitValue: timeLimitMs,
      });
    }
    return readReply(thread.port);
  };

  return {
    render: (source, renderOptions = {}) => call({ kind: 'expression', source, options: renderOptions }) as never,
    renderMlp: (spec, renderOptions = {}) => call({ kind: 'mlp', spec, options: renderOptions }) as never,
    close: async () => {
      thread.port.close();
      await thread.worker.terminate();
    },
  };
}
