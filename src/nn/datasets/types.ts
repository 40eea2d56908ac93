import type { NumpyRandomState } from '../numpy-random.js';

/** Points with labels -1 or +1, and the generator they came from, left where the data set left it. */
export interface Dataset {
  inputs: number[][];
  targets: number[];
  /** The notebook draws its mini-batches from the same stream after making the data. */
  rng: NumpyRandomState;
}

/** Points and 0/1 classes before the notebook's `y = y*2 - 1`. */
export interface LabelledPoints {
  points: number[][];
  classes: number[];
}
