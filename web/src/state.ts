// The whole state of the page in its URL hash, so a link reproduces what its author saw. The JSON is
// deflated and base64url-encoded, like the image URLs, to keep links short.

import { deflateToBase64url, inflateFromBase64url } from './encode.js';
import type { MlpSettings } from './mlp-form.js';

export interface PlaygroundState {
  mode: 'expression' | 'mlp';
  source: string;
  rankdir: 'LR' | 'TB';
  precision: number;
  mlp: MlpSettings;
}

const PREFIX = '#s=';

export async function stateToHash(state: PlaygroundState): Promise<string> {
  return PREFIX + (await deflateToBase64url(JSON.stringify(state)));
}

/** The state in `hash`, over `defaults` for anything missing; undefined when there is none or it is damaged. */
export async function stateFromHash(hash: string, defaults: PlaygroundState): Promise<PlaygroundState | undefined> {
  if (!hash.startsWith(PREFIX)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await inflateFromBase64url(hash.slice(PREFIX.length)));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const saved = parsed as Partial<PlaygroundState>;
  const pick = <T>(value: unknown, ok: (x: unknown) => boolean, fallback: T): T => (ok(value) ? (value as T) : fallback);
  const isString = (x: unknown): boolean => typeof x === 'string';
  const mlp: Record<string, unknown> = typeof saved.mlp === 'object' && saved.mlp !== null ? { ...saved.mlp } : {};
  const mergedMlp = { ...defaults.mlp };
  for (const key of Object.keys(mergedMlp) as (keyof MlpSettings)[]) {
    const fallback = mergedMlp[key];
    if (typeof mlp[key] === typeof fallback) (mergedMlp as Record<string, unknown>)[key] = mlp[key];
  }
  return {
    mode: pick(saved.mode, (x) => x === 'expression' || x === 'mlp', defaults.mode),
    source: pick(saved.source, isString, defaults.source),
    rankdir: pick(saved.rankdir, (x) => x === 'LR' || x === 'TB', defaults.rankdir),
    precision: pick(saved.precision, (x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 10, defaults.precision),
    mlp: mergedMlp,
  };
}
