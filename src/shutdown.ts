import type { Config } from './config.js';

// Time to write the last answers once the longest job has finished.
const ANSWER_MARGIN_MS = 5000;

/**
 * How long a graceful shutdown may take before the process gives up and exits 1: the drain,
 * then the longest a running job may take, then the margin. A Deployment's grace period must
 * cover this plus its preStop hook.
 */
export function shutdownGraceMs(config: Pick<Config, 'shutdownDrainMs' | 'jobTimeLimitMs'>): number {
  return config.shutdownDrainMs + config.jobTimeLimitMs + ANSWER_MARGIN_MS;
}
