// The page's side of live training: starts the worker, sends it commands and hands its reports to
// whoever draws them. Only the last `start` counts: reports of an older network are dropped.

import type { MlpSpec } from '../../../src/nn/spec.js';
import type { TrainingCommand, TrainingEvent } from './protocol.js';

export type TrainingListener = (event: TrainingEvent) => void;

/** The worker's file name, hashed by the build and written into the page's <meta>. */
function workerUrl(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="training-worker"]');
  if (meta === null) throw new Error('the page names no training worker');
  return new URL(meta.content, location.href).href;
}

export class LiveTraining {
  private worker: Worker | undefined;
  private listener: TrainingListener = () => {};

  onEvent(listener: TrainingListener): void {
    this.listener = listener;
  }

  /** A new network: the old worker, maybe mid-slice, is ended rather than waited for. */
  start(spec: MlpSpec): void {
    this.worker?.terminate();
    const worker = new Worker(workerUrl(), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<TrainingEvent>) => {
      if (worker === this.worker) this.listener(event.data);
    });
    worker.addEventListener('error', (event) => {
      if (worker === this.worker) this.listener({ type: 'failed', message: event.message || 'the training worker failed' });
    });
    this.worker = worker;
    this.send({ type: 'start', spec });
  }

  play(): void {
    this.send({ type: 'play' });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  step(): void {
    this.send({ type: 'step' });
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private send(command: TrainingCommand): void {
    this.worker?.postMessage(command);
  }
}
