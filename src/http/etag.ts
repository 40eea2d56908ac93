import fresh from 'fresh';
import { createHash } from 'node:crypto';

/**
 * A strong ETag over everything that shapes a response (source, values, options, format, scale,
 * theme, service version): the same request gives the same bytes, so the same tag. 192 bits of
 * SHA-256 in base64url; the tag also serves as the result cache's key.
 */
export function computeEtag(parts: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(parts)).digest('base64url');
  return `"${digest.slice(0, 32)}"`;
}

/**
 * `computeEtag({ ...fixed, [key]: value })` for many values with the same `fixed` parts (the
 * renderers and the configuration): those are written and hashed once, not once per request.
 */
export function etagOver(fixed: Record<string, unknown>, key: string): (value: unknown) => string {
  const hole = '\u0000hole';
  const text = canonicalJson({ ...fixed, [key]: hole });
  const at = text.indexOf(JSON.stringify(hole));
  const prefix = createHash('sha256').update(text.slice(0, at));
  const suffix = text.slice(at + JSON.stringify(hole).length);
  return (value) => {
    const digest = prefix.copy().update(canonicalJson(value)).update(suffix).digest('base64url');
    return `"${digest.slice(0, 32)}"`;
  };
}

/**
 * JSON with object keys sorted at every depth, so `{a, b}` and `{b, a}` give the same text.
 * Keys holding `undefined` are left out (as JSON.stringify does); -0 stays apart from 0, since
 * micrograd prints it as "-0.0000". Anything JSON cannot say exactly is a programming error.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot tag a non-finite number (${value})`);
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${Array.from(value, (item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw new TypeError('cannot tag a non-plain object');
    const object = value as Record<string, unknown>;
    // Sorted by UTF-16 code units, as `<` compares; runs once per request, so no intermediate arrays.
    const keys = Object.keys(object).sort();
    let text = '{';
    for (const key of keys) {
      const item = object[key];
      if (item === undefined) continue;
      if (text.length > 1) text += ',';
      text += `${JSON.stringify(key)}:${canonicalJson(item)}`;
    }
    return `${text}}`;
  }
  throw new TypeError(`cannot tag a ${typeof value}`);
}

/**
 * Whether `If-None-Match` matches `etag`, so the answer is 304 (RFC 9110, section 13.1.2), as
 * `fresh` decides: a list of entity tags compared weakly (`W/"x"` matches `"x"`). A `*` member
 * matches any current representation, wherever it stands in the list. Members are split at
 * commas, so a tag holding a comma never matches; computeEtag's tags are base64url and hold none.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.split(',').some((member) => member.trim() === '*')) return true;
  // Only If-None-Match is passed: a request's Cache-Control must not change what the tag means.
  return fresh({ 'if-none-match': header }, { etag });
}
