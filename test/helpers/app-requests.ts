import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type BuildOptions } from './build-app.js';

export interface AppRequests {
  /** `inject` a JSON body as a POST. */
  post(url: string, payload: object): Promise<LightMyRequestResponse>;
  /** `inject` a GET. */
  get(url: string): Promise<LightMyRequestResponse>;
}

/** One app for the whole test file: built before its tests, closed after them, asked through `inject`. */
export function appRequests(options: BuildOptions = {}): AppRequests {
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    app = await buildApp(options);
  });
  afterAll(async () => {
    await app?.close();
  });
  const built = (): FastifyInstance => {
    if (app === undefined) throw new Error('the app is built in beforeAll: ask it from a test');
    return app;
  };
  return {
    post: (url, payload) => built().inject({ method: 'POST', url, payload }),
    get: (url) => built().inject({ method: 'GET', url }),
  };
}
