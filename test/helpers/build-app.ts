import Fastify, { type FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import app from '../../src/http/app.js';
import { serverOptions } from '../../src/http/server-options.js';

export interface BuildOptions {
  /** Overrides of the default configuration (what an empty environment gives). */
  config?: Partial<Config>;
  /** Log lines (parsed JSON) are pushed here; without it the app does not log. */
  logs?: Record<string, unknown>[];
  /** Called after the app is registered and before it is ready: add routes for a test here. */
  extend?: (app: FastifyInstance) => void | Promise<void>;
}

/**
 * The configuration of an empty environment, with what the tests need to pass on a busy machine:
 * no shedding on event-loop delay (a loaded CI machine is not an overloaded service) and a job
 * time limit far above any test's work, unless a test asks otherwise.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const defaults = loadConfig({});
  return { ...defaults, pressure: { ...defaults.pressure, maxEventLoopDelayMs: 0 }, jobTimeLimitMs: 60_000, ...overrides };
}

/** The default budget with some limits changed: `config: { budget: budgetWith({ maxLayoutCost: 1e7 }) }`. */
export function budgetWith(overrides: Partial<Config['budget']>): Config['budget'] {
  return { ...loadConfig({}).budget, ...overrides };
}

/** A budget that lets Graphviz try any layout, for tests of what happens when it takes too long. */
export const UNBOUNDED_LAYOUT = budgetWith({ maxLayoutCost: 10_000_000 });

/** The app as the server builds it, ready for `inject` or `listen`. */
export async function buildApp(options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = testConfig(options.config);
  const logs = options.logs;
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') logs?.push(JSON.parse(line));
      done();
    },
  });
  const logger = logs === undefined ? false : { level: 'info', stream };
  const instance = Fastify({ ...serverOptions(config), logger });
  await instance.register(app, { config });
  await options.extend?.(instance);
  await instance.ready();
  return instance;
}
