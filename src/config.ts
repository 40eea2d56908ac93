import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { DEFAULT_GRADCHECK_LIMITS } from './gradcheck/gradient-check.js';
import { DEFAULT_MLP_LIMITS } from './nn/limits.js';

/**
 * The service's configuration comes from environment variables, each described once here: its
 * schema (type, range, default, description) checks the value, names it in the error message and
 * fills the README's configuration table.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// An origin as browsers send it: scheme, host and an optional port, no path.
const ORIGIN = 'https?://[^\\s,/]+';
// An IPv4 or IPv6 address, optionally with a CIDR prefix length.
const ADDRESS = '[0-9A-Fa-f.:]+(?:/\\d{1,3})?';

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
    1_000_000,
    20_000,
    'Most values drawn in one picture (422 above it; JSON leaves out the picture). Graphviz draws only what its ' +
      'cost model allows within MAX_LAYOUT_COST; the layered engine draws the rest.',
  ),
  MAX_OUTPUT_BYTES: integer(
    1024,
    1024 * 1024 * 1024,
    32 * 1024 * 1024,
    'Largest answer body (JSON, DOT or SVG), in bytes, predicted before it is written: pictures and DOT over it ' +
      'are 422; JSON answers leave out the pictures and say why in warnings.',
  ),
  MAX_LABEL_BYTES: integer(
    1,
    1024 * 1024 * 1024,
    1024 * 1024,
    "UTF-8 bytes of the labels of a graph's values, a label counted once per value that carries it (422 above it).",
  ),
  MAX_LAYOUT_COST: integer(
    1,
    10_000_000,
    1000,
    'Predicted Graphviz layout cost of one picture, in layout units of about a millisecond each, from the ' +
      "graph's shape (values, op nodes and the ranks its long edges cross); 422 graph-too-large above it.",
  ),
  MAX_PNG_PIXELS: integer(1, 256 * 1024 * 1024, 4096 * 4096, 'Most pixels in one PNG (422 above it: ask for SVG or a smaller scale).'),
  MAX_MLP_PARAMETERS: integer(1, 1_000_000, DEFAULT_MLP_LIMITS.maxParameters, 'Most weights and biases in an MLP (422 above it).'),
  MAX_MLP_INPUTS: integer(1, 100_000, DEFAULT_MLP_LIMITS.maxInputs, 'Most input points in an MLP request (413 above it).'),
  MAX_MLP_GRAPH_VALUES: integer(
    1,
    100_000_000,
    DEFAULT_MLP_LIMITS.maxGraphNodes,
    'Most values in the graph of one forward pass of an MLP with its loss, about 155 bytes each (422 above it).',
  ),
  MAX_TRAINING_STEPS: integer(1, 10_000_000, DEFAULT_MLP_LIMITS.maxSteps, 'Most training steps in an MLP request (422 above it).'),
  MAX_TRAINING_WORK: integer(
    1,
    1_000_000_000_000,
    DEFAULT_MLP_LIMITS.maxTrainingWork,
    'Most training work in one MLP request: steps times graph values, each 35-60 ns of CPU (422 above it).',
  ),
  MAX_BOUNDARY_CELLS: integer(
    1,
    10_000_000,
    DEFAULT_MLP_LIMITS.maxBoundaryCells,
    'Most grid points of a decision boundary, each one forward pass of the trained network (422 above it).',
  ),
  MAX_GRADCHECK_WORK: integer(
    1,
    1_000_000_000_000,
    DEFAULT_GRADCHECK_LIMITS.maxGradcheckWork,
    'Most work of a gradient check: leaves times graph values, two forward passes each, about 16 ns a value (422 above it).',
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
    86_400,
    'Cache-Control max-age of GET answers, in seconds. The URL holds the whole input, so an answer only ' +
      'changes when the renderer does; after max-age caches revalidate (a 304 while nothing changed), so ' +
      'a rendering fix reaches them within it. 0 makes caches revalidate every time.',
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
  WORKER_THREADS: integer(
    0,
    256,
    0,
    'Worker threads that evaluate and lay out graphs; 0 = one per CPU. In a container set it to the CPU limit.',
  ),
  JOB_QUEUE_LIMIT: integer(0, 10_000, 16, 'Jobs that may wait for a busy worker; beyond it 503 with Retry-After at once.'),
  JOB_QUEUE_PER_CLIENT: integer(
    0,
    10_000,
    8,
    "Jobs one client (an address, or a /56 for IPv6) may have waiting; beyond it 429 with Retry-After. Waiting " +
      'jobs take turns by client, so one client cannot hold every worker.',
  ),
  REFUSED_TIMEOUT_TTL_MS: integer(
    0,
    86_400_000,
    60_000,
    'How long a request that ran out of time is answered from memory (the same 422, no worker) when asked again; ' +
      '0 forgets at once. Requests refused by a limit are remembered while the memory has room.',
  ),
  JOB_TIME_LIMIT_MS: integer(
    100,
    600_000,
    10_000,
    'Longest a job (evaluation, training, layout, rasterising) may run before its worker is stopped (422, naming the stage).',
  ),
  JOB_CANCEL_GRACE_MS: integer(
    0,
    600_000,
    1000,
    'How long a running job whose client went away may run on before its worker is stopped; a job that finishes ' +
      'within it keeps its warm worker (a new one reloads Graphviz) and its answer is cached. 0 stops it at once.',
  ),
  INLINE_JOB_MAX_MICROSECONDS: integer(
    0,
    5000,
    500,
    'Jobs predicted (before their work) to take at most this many microseconds of CPU run on the HTTP thread, ' +
      'without a trip to a worker: small expressions as DOT, Python, or drawn by the layered engine. 0 sends every ' +
      'job to a worker.',
  ),
  RATE_LIMIT_MAX: integer(0, 1_000_000, 0, 'Requests per client per window (429 above it); 0 turns rate limiting off.'),
  RATE_LIMIT_WINDOW_MS: integer(1000, 86_400_000, 60_000, 'The window of RATE_LIMIT_MAX, in ms.'),
  TRUST_PROXY: Type.String({
    pattern: `^(?:true|false|\\d+|${ADDRESS}(?:\\s*,\\s*${ADDRESS})*)$`,
    expected: "true, false, a number of proxy hops, or a comma-separated list of proxy addresses or CIDR ranges",
    default: 'false',
    description:
      'Whether X-Forwarded-For names the client (for logs and rate limits): false when clients connect directly, ' +
      'true behind a proxy that sets it, a hop count, or the proxies\' addresses.',
  }),
  MAX_EVENT_LOOP_DELAY_MS: integer(0, 60_000, 1000, 'Event loop delay above which requests are shed with 503; 0 turns it off.'),
  MAX_HEAP_USED_BYTES: integer(
    0,
    64 * 1024 * 1024 * 1024,
    0,
    'Heap in use above which requests are shed with 503; 0 = 90% of the V8 heap limit.',
  ),
  MAX_RSS_BYTES: integer(0, 1024 * 1024 * 1024 * 1024, 0, 'Resident memory above which requests are shed with 503; 0 turns it off.'),
  REQUEST_TIMEOUT_MS: integer(1000, 3_600_000, 30_000, 'Longest time to receive a whole request, headers and body (408 after it).'),
  HEADERS_TIMEOUT_MS: integer(1000, 3_600_000, 10_000, 'Longest time to receive the request headers; at most REQUEST_TIMEOUT_MS.'),
  KEEP_ALIVE_TIMEOUT_MS: integer(
    1,
    3_600_000,
    72_000,
    'How long an idle keep-alive connection stays open; above the idle timeout of a load balancer in front.',
  ),
  CONNECTION_TIMEOUT_MS: integer(
    1000,
    3_600_000,
    60_000,
    'A connection silent this long is closed; above JOB_TIME_LIMIT_MS, since no byte flows while a job runs.',
  ),
  MAX_CONNECTIONS: integer(
    1,
    1_000_000,
    1024,
    'Most sockets open at once; one more is closed as soon as it connects. Keep it under the open-file limit.',
  ),
  SHUTDOWN_DRAIN_MS: integer(
    0,
    600_000,
    5000,
    'After SIGTERM, how long /readyz answers 503 while requests are still served, so the load balancer stops ' +
      'sending traffic before the server stops accepting.',
  ),
  METRICS_PORT: integer(
    0,
    65535,
    0,
    'A separate port for GET /metrics, kept off the public port; 0 serves /metrics on PORT.',
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
  maxBoundaryCells: number;
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
  /** Passed to gradientCheck, for expressions and MLPs alike. */
  gradcheck: { maxGradcheckWork: number };
  /** What one answer may cost, checked before the work (see src/jobs/budget.ts). */
  budget: { maxOutputBytes: number; maxLabelBytes: number; maxLayoutCost: number; maxPngPixels: number };
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
  /** Worker threads; 0 = one per CPU. */
  workerThreads: number;
  jobQueueLimit: number;
  /** Waiting jobs per client. */
  jobQueuePerClient: number;
  /** How long a timed-out request is remembered, in ms. */
  refusedTimeoutTtlMs: number;
  jobTimeLimitMs: number;
  /** How long a job whose client went away may run on, in ms. */
  jobCancelGraceMs: number;
  /** Jobs predicted to take at most this many microseconds run on the HTTP thread; 0 = none. */
  inlineJobMaxMicroseconds: number;
  /** Requests per client per window; 0 = off. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** Fastify's trustProxy: a flag, a hop count or the proxies' addresses. */
  trustProxy: boolean | number | string[];
  /** Load shedding thresholds; 0 = off (heap: 0 = 90% of the V8 heap limit). */
  pressure: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number; maxRssBytes: number };
  /** Node server timeouts, in ms, so a slow client cannot hold a connection forever. */
  timeouts: { requestMs: number; headersMs: number; keepAliveMs: number; connectionMs: number };
  /** Sockets open at once; more are closed at once. */
  maxConnections: number;
  /** After SIGTERM, ms during which the server answers but reports not ready. */
  shutdownDrainMs: number;
  /** Port of a separate /metrics listener; 0 = on the main port. */
  metricsPort: number;
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
  const read = values as Environment;
  // Node refuses a headers timeout longer than the request timeout.
  if (problems.length === 0 && read.HEADERS_TIMEOUT_MS > read.REQUEST_TIMEOUT_MS) {
    problems.push(
      `HEADERS_TIMEOUT_MS must be at most REQUEST_TIMEOUT_MS (${read.REQUEST_TIMEOUT_MS}), got '${read.HEADERS_TIMEOUT_MS}'`,
    );
  }
  if (problems.length === 0 && read.METRICS_PORT !== 0 && read.METRICS_PORT === read.PORT) {
    problems.push(`METRICS_PORT must differ from PORT (${read.PORT}), or be 0 to serve /metrics on PORT`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

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
      maxBoundaryCells: read.MAX_BOUNDARY_CELLS,
    },
    gradcheck: { maxGradcheckWork: read.MAX_GRADCHECK_WORK },
    budget: {
      maxOutputBytes: read.MAX_OUTPUT_BYTES,
      maxLabelBytes: read.MAX_LABEL_BYTES,
      maxLayoutCost: read.MAX_LAYOUT_COST,
      maxPngPixels: read.MAX_PNG_PIXELS,
    },
    cacheMaxBytes: read.CACHE_MAX_BYTES,
    cacheMaxAgeSeconds: read.CACHE_MAX_AGE_SECONDS,
    corsOrigins: read.CORS_ORIGINS.split(',').map((origin) => origin.trim()),
    maxUrlLength: read.MAX_URL_LENGTH,
    encodedSource: { maxEncodedLength: read.MAX_ENCODED_LENGTH, maxDecodedBytes: read.MAX_DECODED_BYTES },
    workerThreads: read.WORKER_THREADS,
    jobQueueLimit: read.JOB_QUEUE_LIMIT,
    jobQueuePerClient: read.JOB_QUEUE_PER_CLIENT,
    refusedTimeoutTtlMs: read.REFUSED_TIMEOUT_TTL_MS,
    jobTimeLimitMs: read.JOB_TIME_LIMIT_MS,
    jobCancelGraceMs: read.JOB_CANCEL_GRACE_MS,
    inlineJobMaxMicroseconds: read.INLINE_JOB_MAX_MICROSECONDS,
    rateLimitMax: read.RATE_LIMIT_MAX,
    rateLimitWindowMs: read.RATE_LIMIT_WINDOW_MS,
    trustProxy: trustProxyOf(read.TRUST_PROXY),
    pressure: {
      maxEventLoopDelayMs: read.MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: read.MAX_HEAP_USED_BYTES,
      maxRssBytes: read.MAX_RSS_BYTES,
    },
    timeouts: {
      requestMs: read.REQUEST_TIMEOUT_MS,
      headersMs: read.HEADERS_TIMEOUT_MS,
      keepAliveMs: read.KEEP_ALIVE_TIMEOUT_MS,
      connectionMs: read.CONNECTION_TIMEOUT_MS,
    },
    maxConnections: read.MAX_CONNECTIONS,
    shutdownDrainMs: read.SHUTDOWN_DRAIN_MS,
    metricsPort: read.METRICS_PORT,
  };
}

function trustProxyOf(raw: string): boolean | number | string[] {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw.split(',').map((address) => address.trim());
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
