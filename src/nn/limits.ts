import { GradvizError } from '../errors.js';

/**
 * Sizes an MLP request may ask for, checked before anything is built. The defaults keep one request
 * to a few seconds of CPU and about 200 MB at worst, far above what the lecture and micrograd's demo
 * need (41 and 337 parameters, 4 and 100 inputs, 398 and 65,818 values, 20 and 100 steps).
 */
export interface MlpLimits {
  /** Weights and biases. 10,000 is a 2-64-64-64-1 network; a neuron view of more edges is unreadable anyway. */
  maxParameters: number;
  /** Input points (rows of `inputs`). micrograd's demo uses 100. */
  maxInputs: number;
  /**
   * Values in the graph of one forward pass with its loss. Measured: about 155 bytes per value
   * (the object with its boxed data and grad, and its place in the order), so 1,000,000 values is
   * about 155 MB of heap, and building them takes one to two seconds.
   */
  maxGraphNodes: number;
  /** Training steps: one number each in the history and one point each in the loss chart. */
  maxSteps: number;
  /**
   * Steps times graph values. Measured: a step costs 35 to 60 ns per value (forward, backward and
   * update; more when the machine is busy), so 50,000,000 is 2 to 3 s of CPU, or 760 steps of
   * micrograd's demo network.
   */
  maxTrainingWork: number;
  /** Digits of a seed given as a decimal string (seeds past 2^53 do not survive as JSON numbers). */
  maxSeedDigits: number;
  /**
   * Points of a decision-boundary grid. The notebook's grid for its moons is 21 x 15; 40,000 is a
   * 200 x 200 picture, about 14 million multiply-adds for micrograd's demo network, some 100 ms.
   */
  maxBoundaryCells: number;
}

export const DEFAULT_MLP_LIMITS: Readonly<MlpLimits> = Object.freeze({
  maxParameters: 10_000,
  maxInputs: 1_000,
  maxGraphNodes: 1_000_000,
  maxSteps: 10_000,
  maxTrainingWork: 50_000_000,
  maxSeedDigits: 10_000,
  maxBoundaryCells: 40_000,
});

const LIMIT_SUBJECTS: Record<keyof MlpLimits, string> = {
  maxParameters: 'the network has {n} parameters',
  maxInputs: 'the request has {n} inputs',
  maxGraphNodes: 'the graph would have {n} values',
  maxSteps: 'training asks for {n} steps',
  maxTrainingWork: 'training would take {n} value-steps (steps x graph values)',
  maxSeedDigits: 'the seed has {n} digits',
  maxBoundaryCells: 'the boundary grid would have {n} points',
};

/** Limits on the size of the request itself (413) rather than on the work it asks for (422). */
const INPUT_SIZE_LIMITS: ReadonlySet<keyof MlpLimits> = new Set(['maxInputs', 'maxSeedDigits']);

/** Throws a limit-exceeded error naming the limit, its value and the size requested, when over. */
export function checkLimit(limits: MlpLimits, name: keyof MlpLimits, requested: number): void {
  const limitValue = limits[name];
  if (requested <= limitValue) return;
  const subject = LIMIT_SUBJECTS[name].replace('{n}', requested.toLocaleString('en-US'));
  throw new GradvizError('limit-exceeded', `${subject}; the limit ${name} is ${limitValue.toLocaleString('en-US')}`, {
    limit: name,
    limitValue,
    requested,
    ...(INPUT_SIZE_LIMITS.has(name) ? { inputTooLarge: true } : {}),
  });
}
