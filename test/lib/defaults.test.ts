import { expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { budgetOf } from '../../src/http/jobs.js';
import { DEFAULT_BUDGET, DEFAULT_LIMITS, DEFAULT_MLP_LIMITS, DEFAULT_TIME_LIMIT_MS } from '../../src/lib/defaults.js';

// The library writes the service's defaults out (to start fast); they must stay the service's.

test('the library runs with the limits and budgets of a service configured by an empty environment', () => {
  const config = loadConfig({});
  expect(DEFAULT_LIMITS).toEqual(config.limits);
  expect(DEFAULT_MLP_LIMITS).toMatchObject(config.mlpLimits);
  expect(DEFAULT_BUDGET).toEqual(budgetOf(config));
  expect(DEFAULT_TIME_LIMIT_MS).toBe(config.jobTimeLimitMs);
});
