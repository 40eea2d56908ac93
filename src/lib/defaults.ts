import { loadConfig } from '../config.js';
import type { AnswerBudget } from '../jobs/budget.js';
import type { MlpLimits } from '../nn/limits.js';
import type { ProgramLimits } from '../lang/index.js';

/**
 * The limits and budgets the service runs with when no environment variable is set, so a picture
 * drawn in-process is the picture the service would answer, and is refused where it would be.
 */
const config = loadConfig({});

export const DEFAULT_LIMITS: Readonly<ProgramLimits> = Object.freeze({ ...config.limits });

export const DEFAULT_MLP_LIMITS: Readonly<Partial<MlpLimits>> = Object.freeze({ ...config.mlpLimits });

// As budgetOf in the HTTP layer builds it; not imported from there, so the library never loads the worker pool.
export const DEFAULT_BUDGET: Readonly<AnswerBudget> = Object.freeze({ ...config.budget, maxDrawnValues: config.maxDrawnValues });

/** How long the synchronous renderer waits for one picture before giving up on its thread. */
export const DEFAULT_TIME_LIMIT_MS = config.jobTimeLimitMs;
