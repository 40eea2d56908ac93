import type { AnswerBudget } from '../jobs/budget.js';
import { DEFAULT_PROGRAM_LIMITS, type ProgramLimits } from '../lang/index.js';
import { DEFAULT_MLP_LIMITS as MLP_LIMITS, type MlpLimits } from '../nn/limits.js';

/**
 * The limits and budgets the service runs with when no environment variable is set, so a picture
 * drawn in-process is the picture the service would answer, and is refused where it would be.
 *
 * Written out rather than read with loadConfig({}): the schema checker that loadConfig loads takes
 * about 350 ms to import, half of what a CLI run costs. test/lib/defaults.test.ts keeps these equal
 * to loadConfig({}).
 */

export const DEFAULT_LIMITS: Readonly<ProgramLimits> = DEFAULT_PROGRAM_LIMITS;

export const DEFAULT_MLP_LIMITS: Readonly<Partial<MlpLimits>> = MLP_LIMITS;

export const DEFAULT_BUDGET: Readonly<AnswerBudget> = Object.freeze({
  maxOutputBytes: 32 * 1024 * 1024,
  maxLabelBytes: 1024 * 1024,
  maxDrawnValues: 20_000,
  maxLayoutCost: 1000,
  maxLayeredCost: 5_000,
  maxPngPixels: 4096 * 4096,
});

/** How long the synchronous renderer waits for one picture before giving up on its thread (JOB_TIME_LIMIT_MS). */
export const DEFAULT_TIME_LIMIT_MS = 10_000;
