import type { FastifyBaseLogger } from 'fastify';
import { isGraphvizLoaded, loadGraphviz } from '../render/graphviz.js';

/**
 * Starts loading Graphviz and returns the readiness check. A failed layout drops the module, so a
 * probe that finds it unloaded starts loading it again: otherwise an instance taken out of
 * rotation would never get the request that reloads it.
 */
export function startGraphviz(log: FastifyBaseLogger): () => boolean {
  const load = () => {
    loadGraphviz().catch((error: unknown) => log.error({ err: error }, 'loading Graphviz failed'));
  };
  load();
  return () => {
    if (isGraphvizLoaded()) return true;
    load();
    return false;
  };
}
