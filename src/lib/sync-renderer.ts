import { once } from 'node:events';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { GradvizError } from '../errors.js';
import type { MlpRequest } from '../jobs/mlp.js';
import { DEFAULT_TIME_LIMIT_MS } from './defaults.js';
import type { ExpressionFormat, MlpFormat, Rendered, RenderMlpOptions, RenderOptions } from './options.js';
import type { RendererReply, RendererRequest } from './thread-protocol.js';

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

const THREAD = new URL(`./render-thread.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

/** A development dependency, named only when running from sources. */
const TSX_API = 'tsx/esm/api';

interface Thread {
  worker: Worker;
  port: MessagePort;
  ready: Int32Array;
}

function startThread(): Thread {
  const { port1, port2 } = new MessageChannel();
  const ready = new Int32Array(new SharedArrayBuffer(4));
  const options = { workerData: { port: port2, ready }, transferList: [port2] };
  // The package runs compiled JavaScript. Sources (in tests) run under tsx, whose loader hooks do
  // not reach a worker on Node 20: the entry is then a line that imports the source through tsx.
  const worker = THREAD.pathname.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(TSX_API)}).then((tsx) => tsx.tsImport(${JSON.stringify(THREAD.href)}, ${JSON.stringify(THREAD.href)}))`, {
        ...options,
        eval: true,
      })
    : new Worker(THREAD, options);
  port1.unref();
  return { worker, port: port1, ready };
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
    const reply = receiveMessageOnPort(thread.port)?.message as RendererReply | undefined;
    if (reply === undefined) throw new Error('the rendering thread raised its flag without an answer');
    if (reply.ok) return reply.value;
    if ('error' in reply) throw GradvizError.fromJSON(reply.error);
    throw new Error(`the rendering thread failed: ${reply.failure}`);
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

/** In Node since 16, in TypeScript's lib only from ES2024. */
interface AtomicsWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { async: false } | { async: true; value: Promise<string> };
}

async function whenReady({ worker, ready }: Thread): Promise<void> {
  const waiting = (Atomics as unknown as AtomicsWaitAsync).waitAsync(ready, 0, 0);
  if (!waiting.async) return;
  const failed = once(worker, 'error').then(([error]) => {
    throw error;
  });
  // A thread that exits before it is ready (a missing module, say) raises 'error' first.
  await Promise.race([waiting.value, failed]);
}
