import { once } from 'node:events';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { GradvizError } from '../errors.js';
import type { RendererReply } from './thread-protocol.js';

/** A thread that runs render() and renderMlp() (render-thread.ts), and the port it answers on. */

const THREAD = new URL(`./render-thread.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

/** A development dependency, named only when running from sources. */
const TSX_API = 'tsx/esm/api';

export interface Thread {
  worker: Worker;
  port: MessagePort;
  ready: Int32Array;
}

export function startThread(): Thread {
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

/** In Node since 16, in TypeScript's lib only from ES2024. */
export interface AtomicsWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number, timeout?: number): { async: false } | { async: true; value: Promise<string> };
}

export async function whenReady({ worker, ready }: Thread): Promise<void> {
  const waiting = (Atomics as unknown as AtomicsWaitAsync).waitAsync(ready, 0, 0);
  if (!waiting.async) return;
  const failed = once(worker, 'error').then(([error]) => {
    throw error;
  });
  // A thread that exits before it is ready (a missing module, say) raises 'error' first.
  await Promise.race([waiting.value, failed]);
}

/** Waits for `flag` to leave 0, at most `timeoutMs`, without blocking the thread: true once it has. */
export async function waitForFlag(flag: Int32Array, timeoutMs: number): Promise<boolean> {
  const waiting = (Atomics as unknown as AtomicsWaitAsync).waitAsync(flag, 0, 0, timeoutMs);
  if (waiting.async) await waiting.value;
  return Atomics.load(flag, 0) !== 0;
}

/** The answer the thread left on the port once it raised a call's flag; its GradvizError is thrown again here. */
export function readReply(port: MessagePort): string | Uint8Array {
  const reply = receiveMessageOnPort(port)?.message as RendererReply | undefined;
  if (reply === undefined) throw new Error('the rendering thread raised its flag without an answer');
  if (reply.ok) return reply.value;
  if ('error' in reply) throw GradvizError.fromJSON(reply.error);
  throw new Error(`the rendering thread failed: ${reply.failure}`);
}
