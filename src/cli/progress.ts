import type { JobStage } from '../jobs/protocol.js';
import type { CliIo } from './io.js';

/**
 * The progress of a long MLP run on a terminal's stderr, redrawn in place. Training reports no
 * step count across the thread, so its share is estimated from the work the limits measure
 * (steps x graph values, at NANOSECONDS_PER_VALUE_STEP) and marked with a '~'; it never reaches
 * 100% before training really ends.
 */

/** The slow end of the 35-60 ns per value-step measured for MAX_TRAINING_WORK: a busy machine is slower still. */
export const NANOSECONDS_PER_VALUE_STEP = 60;

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
  // Past the estimate the machine is slower than measured: say so rather than sit at 99%.
  const past = 'past the estimate';
  const done = trainingMs > expected ? past : `~${String(Math.round(share * 100)).padStart(2)}%`.padEnd(past.length);
  const tail = `] ${done}  ${seconds}  (${what})`;
  // The bar takes what the line leaves (one column spare, so the terminal never wraps).
  const cells = Math.max(10, Math.min(40, width - 1 - 'training ['.length - tail.length));
  const filled = Math.round(share * cells);
  return `training [${'#'.repeat(filled)}${'-'.repeat(cells - filled)}${tail}`;
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
    // A pseudo-terminal may report 0 columns.
    const width = this.io.stderr.columns || 80;
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
