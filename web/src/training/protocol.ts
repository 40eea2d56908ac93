// The messages between the page and the training worker. The worker owns the network; the page
// only ever sees numbers: step reports, the decision boundary and how fast the steps go.

import type { Boundary } from '../../../src/nn/boundary.js';
import type { MlpSpec } from '../../../src/nn/spec.js';
import type { StepReport } from '../../../src/nn/trainer.js';

export type TrainingCommand =
  /** A fresh network and data set; the worker answers `ready` (or `failed`). */
  | { type: 'start'; spec: MlpSpec }
  | { type: 'play' }
  | { type: 'pause' }
  /** One step, then a pause. */
  | { type: 'step' };

export interface TrainingData {
  inputs: number[][];
  targets: number[];
}

export type TrainingEvent =
  | { type: 'ready'; data: TrainingData; steps: number; boundary: Boundary }
  | {
      type: 'progress';
      reports: StepReport[];
      boundary: Boundary;
      /** Steps taken since the last play, per second of wall time (drawing the boundary included). */
      stepsPerSecond: number | null;
      playing: boolean;
      finished: boolean;
    }
  | { type: 'failed'; message: string };
