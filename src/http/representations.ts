import { matchesIfNoneMatch } from './etag.js';

/**
 * One answer, several representations: the identity bytes and each content coding of them. A
 * strong ETag promises byte-identical bodies (RFC 9110, section 8.8.3), so every coding gets a
 * tag of its own, the answer's tag with the coding's suffix. Only the answer's tag is computed;
 * the others are derived from it, here and nowhere else.
 */

export const CODINGS = { br: 'br', gzip: 'gz' } as const;
export type Coding = keyof typeof CODINGS;

/** The tag of `etag`'s answer sent in `coding`: `"abc"` -> `"abc-br"`. Weak tags stay as they are. */
export function codedTag(etag: string, coding: string): string {
  const suffix = CODINGS[coding as Coding];
  if (suffix === undefined || !etag.startsWith('"') || !etag.endsWith('"')) return etag;
  return `${etag.slice(0, -1)}-${suffix}"`;
}

/**
 * The representation of `etag`'s answer that an If-None-Match header names, if any: a client
 * that cached the Brotli bytes sends the `-br` tag back and may keep them (304).
 */
export function matchedRepresentation(ifNoneMatch: string | undefined, etag: string): string | undefined {
  const tags = [etag, ...Object.keys(CODINGS).map((coding) => codedTag(etag, coding))];
  return tags.find((tag) => matchesIfNoneMatch(ifNoneMatch, tag));
}
