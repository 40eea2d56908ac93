import type { MessagePort } from 'node:worker_threads';
import type { ErrorDetails, ErrorKind } from '../errors.js';
import type { MlpRequest } from '../jobs/mlp.js';
import type { RenderMlpOptions, RenderOptions } from './options.js';

/** What crosses between the synchronous renderer and its thread: plain data and shared flags. */

export interface RendererThreadData {
  port: MessagePort;
  /** Set to 1 once Graphviz is loaded. */
  ready: Int32Array;
}

export type RendererRequest =
  | { kind: 'expression'; source: string; options: RenderOptions }
  | { kind: 'mlp'; spec: MlpRequest; options: RenderMlpOptions };

/**
 * A request and the flag the caller waits on, raised once the reply is on the port; `stage`, when
 * given, holds 1 + the index in JOB_STAGES of the stage the job is in, for a progress display.
 */
export type RendererCall = RendererRequest & { done: Int32Array; stage?: Int32Array };

export type RendererReply =
  | { ok: true; value: string | Uint8Array }
  | { ok: false; error: { kind: ErrorKind; message: string; details: ErrorDetails } }
  /** Anything but a GradvizError: a bug, reported with its stack. */
  | { ok: false; failure: string };
