import type { JobStage } from '../jobs/protocol.js';
import type { CliIo } from './io.js';

/**
 * The progress of a long MLP run on a terminal's stderr, redrawn in place. Training reports no
 * step count across the thread, so its share is estimated from the work the limits measure
 * (steps x graph values, at NANOSECONDS_PER_VALUE_STEP) and marked with a '~'; it never reaches
 * 100% before training really ends.
 */

/** The middle of the 35-60 ns per value-step measured for MAX_TRAINING_WORK. */
export const NANOSECONDS_PER_VALUE_STEP = 45;

export interface TrainingSize {
  steps: number;
  graphValues: number;
}

const WORDS: Record<JobStage, string> = {
  evaluation: 'building the network',
  training: 'training',
  layout: 'laying out the graph',
  rasterising: 'rasterising',
};

/** One line of the display: the stage, a bar while training, the time so far. */
export function progressLine(stage: JobStage, elapsedMs: number, trainingMs: number, size: TrainingSize, width: number): string {
  const seconds = `${(elapsedMs / 1000).toFixed(1)} s`;
  if (stage !== 'training') return `${WORDS[stage]}  ${seconds}`;
  const expected = (size.steps * size.graphValues * NANOSECONDS_PER_VALUE_STEP) / 1e6;
  const share = Math.min(0.99, trainingMs / Math.max(expected, 1));
  const what = `${size.steps.toLocaleString('en-US')} steps x ${size.graphValues.toLocaleString('en-US')} values`;
  const cells = Math.max(10, Math.min(40, width - what.length - 30));
  const filled = Math.round(share * cells);
  const bar = '#'.repeat(filled) + '-'.repeat(cells - filled);
  return `training [${bar}] ~${String(Math.round(share * 100)).padStart(2)}%  ${seconds}  (${what})`;
}

export interface ProgressOptions {
  /** Nothing is drawn for runs shorter than this, so quick ones stay quiet. */
  delayMs: number;
}

/** Draws on `io.stderr` only when it is a terminal; otherwise every call does nothing. */
export class ProgressDisplay {
  readonly #started = Date.now();
  #trainingStarted: number | undefined;
  #drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly size: TrainingSize,
    private readonly options: ProgressOptions,
  ) {}

  get active(): boolean {
    return this.io.stderr.isTTY === true;
  }

  update(stage: JobStage): void {
    if (!this.active) return;
    const now = Date.now();
    if (stage === 'training') this.#trainingStarted ??= now;
    if (now - this.#started < this.options.delayMs) return;
    const width = this.io.stderr.columns ?? 80;
    const line = progressLine(stage, now - this.#started, now - (this.#trainingStarted ?? now), this.size, width);
    // \r and erase-line: the display stays on one line however often it is redrawn.
    this.io.stderr.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
    this.#drawn = true;
  }

  /** Removes the line, so what follows (an error, the shell prompt) starts clean. */
  finish(): void {
    if (this.#drawn) this.io.stderr.write('\r\x1b[2K');
  }
}
