import { Type } from 'typebox';

/**
 * The headers the service answers with, as OpenAPI describes them: one definition each, so a
 * generated client and a validating proxy see the same header wherever it is sent.
 */

const header = (name: string, description: string, example: string) => ({
  [name]: Type.String({ description, examples: [example] }),
});

export const REQUEST_ID = header(
  'X-Request-Id',
  'The id of this request, as the logs carry it: the caller\'s own when it sent a plain one, else a new UUID.',
  'e3a82686-7299-4edc-a8c4-cd13a21d1c56',
);

export const ETAG = header(
  'ETag',
  'A strong tag over everything that shapes the answer (input, options, format, renderer versions); a coded ' +
    'answer carries the tag with its coding\'s suffix (`-br`, `-gz`). Send it back in If-None-Match.',
  '"GsRs181QLN1pKKm1pmVJTuvhM55dP17Z"',
);

export const CACHE_CONTROL = header(
  'Cache-Control',
  'GET answers: public, for CACHE_MAX_AGE_SECONDS, then revalidated (never `immutable`: a new renderer must reach ' +
    'every cache). Errors: no-store.',
  'public, max-age=86400, stale-while-revalidate=604800',
);

export const NO_STORE = header('Cache-Control', 'Errors are never stored.', 'no-store');

export const VARY = header(
  'Vary',
  'What else chose the bytes: Accept-Encoding for compressible answers, Origin when CORS is limited to a list.',
  'Accept-Encoding',
);

export const RETRY_AFTER = header('Retry-After', 'Seconds to wait before trying again.', '5');

export const ALLOW = header('Allow', 'The methods the path answers.', 'POST');
