import { GradvizError } from '../errors.js';
import type { MlpRequest } from '../jobs/mlp.js';
import type { DrawingOptions, RenderMlpOptions, RenderOptions } from '../lib/options.js';

/**
 * What a fenced block in a Markdown document asks for. ```micrograd holds a program,
 * ```micrograd-mlp the JSON body of POST /v1/mlp; words after the language set drawing options:
 *
 *     ```micrograd rankdir=TB theme=dark precision=2 grad=false output=e
 *     ```micrograd-mlp view=neurons chart=loss
 */
export type Block =
  | { kind: 'expression'; source: string; options: RenderOptions }
  | { kind: 'mlp'; source: string; spec: MlpRequest; options: RenderMlpOptions };

export const LANGUAGES = { micrograd: 'expression', 'micrograd-mlp': 'mlp' } as const;

/** The block's language, when it is one of ours: the first word of the fence's info string. */
export function languageOf(info: string | null | undefined): keyof typeof LANGUAGES | undefined {
  const word = (info ?? '').trim().split(/\s+/, 1)[0] ?? '';
  return Object.hasOwn(LANGUAGES, word) ? (word as keyof typeof LANGUAGES) : undefined;
}

/**
 * Reads a block of ours; `defaults` are the plugin's options, which the fence's override.
 * Throws GradvizError for a fence option or a spec it cannot read, so the page shows why.
 */
export function readBlock(info: string, text: string, defaults: DrawingOptions): Block {
  const [language = '', ...words] = info.trim().split(/\s+/);
  const options = { ...defaults, ...fenceOptions(words) };
  if (language === 'micrograd') {
    if ('view' in options || 'chart' in options) throw invalid("view and chart are options of micrograd-mlp blocks");
    return { kind: 'expression', source: text, options };
  }
  const { chart, ...rest } = options as RenderMlpOptions & { chart?: string };
  if (chart !== undefined && chart !== 'loss') throw invalid(`chart must be loss, got '${chart}'`);
  const mlpOptions: RenderMlpOptions = { ...rest, ...(chart === 'loss' ? { format: 'loss.svg' } : {}) };
  if ('output' in mlpOptions) throw invalid('output is an option of micrograd blocks');
  return { kind: 'mlp', source: text, spec: parseSpec(text), options: mlpOptions };
}

const FENCE_OPTIONS = new Set(['rankdir', 'precision', 'grad', 'theme', 'output', 'view', 'chart']);

function fenceOptions(words: string[]): Record<string, string | number | boolean> {
  const options: Record<string, string | number | boolean> = {};
  for (const word of words) {
    const [key = '', value] = word.split('=', 2);
    if (!FENCE_OPTIONS.has(key) || value === undefined || value === '') {
      throw invalid(`'${word}' is not a block option; use ${[...FENCE_OPTIONS].map((name) => `${name}=...`).join(', ')}`);
    }
    if (key === 'grad' && value !== 'true' && value !== 'false') throw invalid(`grad must be true or false, got '${value}'`);
    // The rest is left for the renderer to check, which names the allowed values as the API does.
    options[key] = key === 'precision' && /^\d+$/.test(value) ? Number(value) : key === 'grad' ? value === 'true' : value;
  }
  return options;
}

function parseSpec(text: string): MlpRequest {
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw invalid(`the micrograd-mlp block is not JSON: ${(error as Error).message}`);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw invalid('the micrograd-mlp block must be a JSON object');
  return spec as MlpRequest;
}

function invalid(message: string): GradvizError {
  return new GradvizError('invalid-request', message);
}
