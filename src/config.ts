import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { DEFAULT_MLP_LIMITS } from './nn/limits.js';

/**
 * The service's configuration comes from environment variables, each described once here: its
 * schema (type, range, default, description) checks the value, names it in the error message and
 * fills the README's configuration table.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// An origin as browsers send it: scheme, host and an optional port, no path.
const ORIGIN = 'https?://[^\\s,/]+';

const integer = (minimum: number, maximum: number, defaultValue: number, description: string) =>
  Type.Integer({ minimum, maximum, default: defaultValue, description });

export const ENVIRONMENT = {
  PORT: integer(0, 65535, 8080, 'TCP port to listen on (0 picks a free port).'),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0', description: 'Address to listen on.' }),
  LOG_LEVEL: Type.Enum([...LOG_LEVELS], { default: 'info', description: 'Least severe pino level that is logged.' }),
  BODY_LIMIT: integer(1, 64 * 1024 * 1024, 1024 * 1024, 'Largest request body, in bytes (413 above it).'),
  MAX_SOURCE_LENGTH: integer(1, 10_000_000, 100_000, 'Longest program source, in characters (413 above it).'),
  MAX_STATEMENTS: integer(1, 1_000_000, 10_000, 'Most statements in a program (422 above it).'),
  MAX_DEPTH: integer(1, 10_000, 100, 'Deepest nesting of an expression: parentheses, signs, powers, calls (422 above it).'),
  MAX_NODES: integer(1, 10_000_000, 100_000, 'Most values a program may create (422 above it).'),
  MAX_DRAWN_VALUES: integer(
    1,
    100_000,
    1500,
    'Most values drawn in one picture; Graphviz layout time grows steeply with the graph (422 above it).',
  ),
  MAX_MLP_PARAMETERS: integer(1, 1_000_000, DEFAULT_MLP_LIMITS.maxParameters, 'Most weights and biases in an MLP (422 above it).'),
  MAX_MLP_INPUTS: integer(1, 100_000, DEFAULT_MLP_LIMITS.maxInputs, 'Most input points in an MLP request (413 above it).'),
  MAX_MLP_GRAPH_VALUES: integer(
    1,
    100_000_000,
    DEFAULT_MLP_LIMITS.maxGraphNodes,
    'Most values in the graph of one forward pass of an MLP with its loss, about 190 bytes each (422 above it).',
  ),
  MAX_TRAINING_STEPS: integer(1, 10_000_000, DEFAULT_MLP_LIMITS.maxSteps, 'Most training steps in an MLP request (422 above it).'),
  MAX_TRAINING_WORK: integer(
    1,
    1_000_000_000_000,
    DEFAULT_MLP_LIMITS.maxTrainingWork,
    'Most training work in one MLP request: steps times graph values, each 35-60 ns of CPU (422 above it).',
  ),
  CACHE_MAX_BYTES: integer(
    0,
    16 * 1024 * 1024 * 1024,
    64 * 1024 * 1024,
    'Bytes of rendered answers kept in memory, so a repeated request costs no layout; 0 turns the cache off.',
  ),
  CACHE_MAX_AGE_SECONDS: integer(
    0,
    31_536_000,
    31_536_000,
    'Cache-Control max-age of GET answers, in seconds. The URL holds the whole input, so an answer only ' +
      'changes when the service does; 0 makes caches revalidate every time (a 304 when nothing changed).',
  ),
  CORS_ORIGINS: Type.String({
    pattern: `^(?:\\*|${ORIGIN}(?:\\s*,\\s*${ORIGIN})*)$`,
    expected: "'*' or a comma-separated list of origins such as https://a.example,http://localhost:5173",
    default: '*',
    description: "Origins whose pages may call the API from a browser: '*' for any, or a comma-separated list.",
  }),
  MAX_URL_LENGTH: integer(
    256,
    65_536,
    8192,
    'Longest request URL, in characters (414 above it, with a message to POST instead).',
  ),
  MAX_ENCODED_LENGTH: integer(1, 65_536, 8192, 'Longest encoded source in an image URL, in characters (414 above it).'),
  MAX_DECODED_BYTES: integer(
    1,
    64 * 1024 * 1024,
    262_144,
    'Most bytes an encoded source in a URL may inflate to (413 above it): a short URL cannot become megabytes.',
  ),
} satisfies Record<string, TSchema>;

export type EnvironmentName = keyof typeof ENVIRONMENT;
type Environment = { [Name in EnvironmentName]: Static<(typeof ENVIRONMENT)[Name]> };

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ProgramLimitsConfig {
  maxSourceLength: number;
  maxStatements: number;
  maxDepth: number;
  maxNodes: number;
}

export interface MlpLimitsConfig {
  maxParameters: number;
  maxInputs: number;
  maxGraphNodes: number;
  maxSteps: number;
  maxTrainingWork: number;
}

export interface Config {
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Bytes. */
  bodyLimit: number;
  /** Passed to the program runner as its limits. */
  limits: ProgramLimitsConfig;
  /** Above this many values a graph is computed but not drawn. */
  maxDrawnValues: number;
  /** Passed to runMlp as its limits. */
  mlpLimits: MlpLimitsConfig;
  /** Bytes of rendered answers kept for repeated requests; 0 turns the cache off. */
  cacheMaxBytes: number;
  /** Cache-Control max-age of GET answers, in seconds. */
  cacheMaxAgeSeconds: number;
  /** Origins allowed to call the API from a browser; `['*']` allows any. */
  corsOrigins: string[];
  /** Characters; a longer URL is 414. */
  maxUrlLength: number;
  /** Limits of the deflate + base64url sources in image URLs. */
  encodedSource: { maxEncodedLength: number; maxDecodedBytes: number };
}

/** One or more environment variables hold values the service cannot run with. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Reads and checks every variable; throws a ConfigError naming each bad one. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(ENVIRONMENT) as [EnvironmentName, TSchema][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      values[name] = (schema as { default: unknown }).default;
      continue;
    }
    const value = parse(schema, raw.trim());
    if (Value.Check(schema, value)) values[name] = value;
    else problems.push(`${name} must be ${expectation(schema)}, got '${raw}'`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const read = values as Environment;
  return {
    port: read.PORT,
    host: read.HOST,
    logLevel: read.LOG_LEVEL,
    bodyLimit: read.BODY_LIMIT,
    limits: {
      maxSourceLength: read.MAX_SOURCE_LENGTH,
      maxStatements: read.MAX_STATEMENTS,
      maxDepth: read.MAX_DEPTH,
      maxNodes: read.MAX_NODES,
    },
    maxDrawnValues: read.MAX_DRAWN_VALUES,
    mlpLimits: {
      maxParameters: read.MAX_MLP_PARAMETERS,
      maxInputs: read.MAX_MLP_INPUTS,
      maxGraphNodes: read.MAX_MLP_GRAPH_VALUES,
      maxSteps: read.MAX_TRAINING_STEPS,
      maxTrainingWork: read.MAX_TRAINING_WORK,
    },
    cacheMaxBytes: read.CACHE_MAX_BYTES,
    cacheMaxAgeSeconds: read.CACHE_MAX_AGE_SECONDS,
    corsOrigins: read.CORS_ORIGINS.split(',').map((origin) => origin.trim()),
    maxUrlLength: read.MAX_URL_LENGTH,
    encodedSource: { maxEncodedLength: read.MAX_ENCODED_LENGTH, maxDecodedBytes: read.MAX_DECODED_BYTES },
  };
}

function parse(schema: TSchema, raw: string): unknown {
  if ((schema as { type?: string }).type !== 'integer') return raw;
  // Number('') is 0 and Number('1e3') is 1000: accept plain decimal digits only.
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

/** What a schema accepts, in words, for the error message. */
export function expectation(schema: TSchema): string {
  const { type, minimum, maximum, enum: choices, expected } = schema as {
    type?: string;
    minimum?: number;
    maximum?: number;
    enum?: string[];
    expected?: string;
  };
  if (expected !== undefined) return expected;
  if (choices !== undefined) return `one of ${choices.join(', ')}`;
  if (type === 'integer') return `an integer from ${minimum} to ${maximum}`;
  return 'a non-empty string';
}
