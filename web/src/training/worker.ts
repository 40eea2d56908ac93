// The training worker: the service's own network and trainer (src/nn, src/engine), bundled, so the
// page trains exactly as the service does, off the main thread. While playing it takes steps in
// slices of a few tens of milliseconds and sends each slice's reports with a fresh boundary, so
// the page redraws about twenty times a second and a pause is heard between slices.

import { DEFAULT_BOUNDARY } from '../../../src/nn/boundary.js';
import { startTraining, type TrainingSession } from '../../../src/nn/training-session.js';
import type { StepReport } from '../../../src/nn/trainer.js';
import type { TrainingCommand, TrainingEvent } from './protocol.js';

const SLICE_MS = 40;
/** Boundary cells along the data's wider side: fine enough to see the shape, cheap to score. */
const BOUNDARY_CELLS = 48;
/** The page trains on the reader's own machine, which may take longer runs than the service. */
const PAGE_LIMITS = { maxTrainingWork: Number.MAX_SAFE_INTEGER };

let session: TrainingSession | undefined;
let playing = false;
let playStarted = 0;
let stepsSincePlay = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function send(event: TrainingEvent): void {
  globalThis.postMessage(event);
}

function boundaryOf(current: TrainingSession): ReturnType<TrainingSession['boundary']> {
  const points = current.valid.inputs;
  const extent = (j: number): number => {
    const values = points.map((p) => p[j] as number);
    return Math.max(...values) - Math.min(...values);
  };
  const wider = Math.max(extent(0), extent(1)) + 2 * DEFAULT_BOUNDARY.margin;
  return current.boundary({ step: wider / BOUNDARY_CELLS });
}

/** Where a paused run stands: no new steps. */
function standing(current: TrainingSession): TrainingEvent {
  return { type: 'progress', reports: [], boundary: boundaryOf(current), stepsPerSecond: null, playing, finished: current.trainer.finished };
}

function start(command: TrainingCommand & { type: 'start' }): void {
  pause();
  try {
    session = startTraining(command.spec, PAGE_LIMITS);
  } catch (error) {
    session = undefined;
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const { valid } = session;
  const targets = valid.loss?.targets.map((row) => row[0] as number) ?? [];
  send({
    type: 'ready',
    data: { inputs: valid.inputs, targets },
    steps: valid.train?.steps ?? 0,
    boundary: boundaryOf(session),
  });
}

/** Takes steps until the slice's time is up, the run is over or (for `once`) one step is taken. */
function takeSteps(current: TrainingSession, once: boolean): void {
  const reports: StepReport[] = [];
  const until = performance.now() + SLICE_MS;
  try {
    do {
      if (current.trainer.finished) break;
      reports.push(current.trainer.step());
    } while (!once && performance.now() < until);
  } catch (error) {
    playing = false;
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (current.trainer.finished) playing = false;
  stepsSincePlay += reports.length;
  const boundary = boundaryOf(current);
  // Timed after the boundary is scored, so the rate is the one a reader watching it gets.
  const elapsed = (performance.now() - playStarted) / 1000;
  const stepsPerSecond = once || elapsed === 0 ? null : stepsSincePlay / elapsed;
  send({ type: 'progress', reports, boundary, stepsPerSecond, playing, finished: current.trainer.finished });
}

function loop(): void {
  if (!playing || session === undefined) return;
  takeSteps(session, false);
  // A macrotask between slices lets a pause (or a new start) in.
  if (playing) timer = setTimeout(loop, 0);
}

function play(): void {
  if (session === undefined || session.trainer.finished || playing) return;
  playing = true;
  playStarted = performance.now();
  stepsSincePlay = 0;
  loop();
}

function pause(): void {
  playing = false;
  clearTimeout(timer);
}

globalThis.addEventListener('message', (event: MessageEvent<TrainingCommand>) => {
  const command = event.data;
  switch (command.type) {
    case 'start':
      start(command);
      break;
    case 'play':
      play();
      break;
    case 'pause':
      pause();
      if (session !== undefined) send(standing(session));
      break;
    case 'step':
      pause();
      if (session !== undefined && !session.trainer.finished) takeSteps(session, true);
      break;
  }
});
