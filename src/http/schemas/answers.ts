import type { TSchema } from 'typebox';
import { CACHE_CONTROL, ETAG, REQUEST_ID, VARY } from './headers.js';

/** A 200 answer's OpenAPI entry: its media types, with the headers of a tagged answer. */
export function answered(description: string, content: Record<string, TSchema>, method: 'GET' | 'POST') {
  return {
    200: {
      description,
      headers: { ...REQUEST_ID, ...ETAG, ...VARY, ...(method === 'GET' ? CACHE_CONTROL : {}) },
      content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }])),
    },
    ...(method === 'GET' ? NOT_MODIFIED : {}),
  };
}

/** What a GET with a matching If-None-Match gets: no body, the tag of the representation it holds. */
export const NOT_MODIFIED = {
  304: {
    description: 'Not modified: If-None-Match names the answer (or one of its codings); keep the stored copy.',
    type: 'null',
    headers: { ...REQUEST_ID, ...ETAG, ...CACHE_CONTROL },
  },
};
