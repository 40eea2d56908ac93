import type { Config } from '../../src/config.js';

/**
 * Load shedding off, for tests that are not about it: on a busy machine the event loop lags
 * past the production threshold and the app under test would answer 503.
 */
export const NO_SHEDDING: Config['pressure'] = { maxEventLoopDelayMs: 0, maxHeapUsedBytes: 0, maxRssBytes: 0 };
