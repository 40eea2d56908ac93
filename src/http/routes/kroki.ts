import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TObject, type TSchema } from 'typebox';
import type { Answers } from '../answers.js';
import { expressionJob, mlpJob } from '../diagram-jobs.js';
import { decodeSource, type DecodeLimits } from '../encoded-source.js';
import { UrlParameterError, type CompiledCheck } from '../image-request.js';
import { appendVary, MEDIA_TYPES, preferred } from '../negotiate.js';
import { withTextBody } from '../plugins/text-body.js';
import { ExpressionResultSchema, LECTURE_PROGRAM, SVG_EXAMPLE } from '../schemas/expression.js';
import { ANSWER_FORMATS, DrawingQuerySchema, LECTURE_ENCODED, PNG_SCHEMA, type AnswerFormat } from '../schemas/image.js';
import { MlpQuerySchema } from '../schemas/mlp-query.js';
import { LECTURE_MLP, MlpRequestSchema, MlpResultSchema } from '../schemas/mlp.js';
import { DIAGRAM_TYPES, KrokiRequestSchema, KrokiSourceSchema, type DiagramType } from '../schemas/kroki.js';
import { pathFormatAnswers } from '../schemas/path-format.js';
import { withoutDefaults } from '../schemas/without-defaults.js';
import { createValidatorCompiler, formatSchemaErrors } from '../validation.js';

/**
 * Kroki's routes, so a documentation toolchain set up for Kroki needs only gradviz's base URL:
 * `POST /` with Kroki's JSON body, `POST /{type}/{format}` with the source as text, and
 * `GET /{type}/{format}/{encoded}`. Two diagram types: `micrograd` (a program) and
 * `micrograd-mlp` (an MLP spec as JSON). Every one answers through the same adapter as the
 * service's own routes: same tags, caches, limits and error pictures.
 */

export interface KrokiRoutesOptions {
  answers: Answers;
  encodedSource: DecodeLimits;
}

const SOURCES: Record<DiagramType, { description: string; example: string; options: TSchema }> = {
  micrograd: { description: 'A micrograd-style program.', example: LECTURE_PROGRAM, options: DrawingQuerySchema },
  'micrograd-mlp': { description: 'An MLP, as the JSON body of POST /v1/mlp.', example: JSON.stringify(LECTURE_MLP), options: MlpQuerySchema },
};

/** Kroki answers SVG to a client that takes anything. */
const BY_PREFERENCE: readonly AnswerFormat[] = ['svg', 'png', 'dot', 'json'];

/** An Accept header that takes none of the formats. */
class NotAcceptable extends Error {
  override readonly name = 'NotAcceptable';
  readonly statusCode = 406;
}

const FormatParam = Type.Enum([...ANSWER_FORMATS], { description: 'What to answer.', examples: ['svg'] });

const PROBLEMS = {
  400: 'The source, an option or the encoded text is invalid, or the program does not parse; an unknown `diagram_type` or `output_format`.',
  413: 'The body, or what the encoded text inflates to, is over its limit.',
  415: 'The body is neither JSON nor text/plain (or text/x-python).',
  422: 'The program or the network cannot be evaluated, is over a limit, or its graph is too large to draw.',
};

const { 415: _noBody, ...GET_PROBLEMS_BUT_414 } = PROBLEMS;
const GET_PROBLEMS = { ...GET_PROBLEMS_BUT_414, 414: 'The URL or the encoded text is over its limit: POST the source instead.' };

const ANSWERS: Record<AnswerFormat, { schema: TSchema }> = {
  svg: { schema: Type.String({ description: 'SVG.', examples: [SVG_EXAMPLE] }) },
  png: { schema: PNG_SCHEMA },
  dot: { schema: Type.String({ description: 'Graphviz DOT.', examples: ['digraph {\n  ...\n}\n'] }) },
  json: { schema: Type.Union([ExpressionResultSchema, MlpResultSchema], { description: 'What POST /v1/expression or POST /v1/mlp answers.' }) },
};

const kroki: FastifyPluginAsyncTypebox<KrokiRoutesOptions> = async (app, { answers, encodedSource }) => {
  const compile = createValidatorCompiler();
  const checkSpec = compile({ schema: MlpRequestSchema, httpPart: 'body', method: 'POST', url: '' }) as CompiledCheck;
  // Kroki's options are text, as in a query string: read them as the GET routes read theirs.
  const checkOptions = Object.fromEntries(
    DIAGRAM_TYPES.map((type) => [type, compile({ schema: SOURCES[type].options, httpPart: 'querystring', method: 'GET', url: '' })]),
  ) as Record<DiagramType, CompiledCheck>;

  /** The source and options of a POST: a text body or Kroki's JSON, options also in headers and the query (which win). */
  const posted = (request: FastifyRequest): [string, object] => {
    const body = request.body as string | { diagram_source: string; diagram_options?: object };
    const { diagram_source, diagram_options = {} } = typeof body === 'string' ? { diagram_source: body } : body;
    return [diagram_source, { ...diagram_options, ...optionsInHeaders(request.headers), ...(request.query as object) }];
  };

  const answer = (request: FastifyRequest, reply: FastifyReply, type: DiagramType, source: string, given: object, format: AnswerFormat) => {
    const options: Record<string, unknown> = Object.fromEntries(Object.entries(given).map(([name, value]) => [name, String(value)]));
    if (!checkOptions[type](options)) throw new UrlParameterError(formatSchemaErrors(checkOptions[type].errors ?? [], 'diagram_options').message);
    const job = type === 'micrograd' ? expressionJob(source, options, format) : mlpJob(source, options, format, checkSpec, 'diagram_source');
    return answers.send(request, reply, job);
  };

  app.post(
    '/',
    {
      schema: {
        operationId: 'krokiRender',
        tags: ['kroki'],
        summary: "A diagram in Kroki's JSON request",
        description: 'The source, its type, the output format and the options in one JSON body, as Kroki takes them.',
        body: KrokiRequestSchema,
        response: pathFormatAnswers(ANSWERS, PROBLEMS),
      },
    },
    async (request, reply) => {
      const { diagram_source, diagram_type, output_format, diagram_options = {} } = request.body;
      return answer(request, reply, diagram_type, diagram_source, diagram_options, output_format);
    },
  );

  for (const type of DIAGRAM_TYPES) {
    const name = type === 'micrograd' ? 'Micrograd' : 'MicrogradMlp';
    app.post(
      `/${type}/:format`,
      {
        schema: {
          operationId: `krokiPost${name}`,
          tags: ['kroki'],
          summary: `A ${type} diagram sent as text, the format in the path`,
          description: `${SOURCES[type].description} The body is the source itself (text/plain or text/x-python), or Kroki's JSON with \`diagram_source\`; options in the query.`,
          params: Type.Object({ format: FormatParam }),
          // Merged over the body's diagram_options, so without defaults of their own.
          querystring: withoutDefaults(SOURCES[type].options as TObject),
          body: withTextBody(KrokiSourceSchema, SOURCES[type].description, SOURCES[type].example),
          response: pathFormatAnswers(ANSWERS, PROBLEMS),
        },
        config: { textBody: true, answers: 'path' },
      },
      async (request, reply) => answer(request, reply, type, ...posted(request), request.params.format),
    );

    app.post(
      `/${type}`,
      {
        schema: {
          operationId: `krokiPost${name}ByAccept`,
          tags: ['kroki'],
          summary: `A ${type} diagram sent as text, the format chosen by Accept`,
          description: `As POST /${type}/{format}, with the format the Accept header prefers (SVG when it accepts anything); 406 when it accepts none of them.`,
          querystring: withoutDefaults(SOURCES[type].options as TObject),
          body: withTextBody(KrokiSourceSchema, SOURCES[type].description, SOURCES[type].example),
          response: pathFormatAnswers(ANSWERS, PROBLEMS),
        },
        config: { textBody: true },
      },
      async (request, reply) => {
        appendVary(reply, 'Accept');
        const format = preferred(request.headers.accept, BY_PREFERENCE.map((offer) => [offer, MEDIA_TYPES[offer]] as const));
        if (format === undefined) throw new NotAcceptable(`${type} diagrams are answered as ${BY_PREFERENCE.map((offer) => MEDIA_TYPES[offer]).join(', ')}`);
        return answer(request, reply, type, ...posted(request), format);
      },
    );

    app.get(
      `/${type}/:format/:encoded`,
      {
        schema: {
          operationId: `krokiGet${name}`,
          tags: ['kroki'],
          summary: `A ${type} diagram encoded in the path, as Kroki encodes diagrams`,
          description: `${SOURCES[type].description} Deflated (zlib) and written in base64url in the path; options in the query.`,
          params: Type.Object({
            format: FormatParam,
            encoded: Type.String({ description: 'The source, deflated and in base64url.', examples: [LECTURE_ENCODED] }),
          }),
          querystring: SOURCES[type].options,
          response: pathFormatAnswers(ANSWERS, GET_PROBLEMS),
        },
        config: { answers: 'path' },
      },
      async (request, reply) => {
        const source = decodeSource(request.params.encoded, encodedSource);
        return answer(request, reply, type, source, request.query as object, request.params.format);
      },
    );
  }
};

export default kroki;

/** Kroki's other way of passing options, used by its Markdown plugins: `Kroki-Diagram-Options-Theme: dark`. */
function optionsInHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const prefix = 'kroki-diagram-options-';
  const options: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(prefix) && typeof value === 'string') options[name.slice(prefix.length)] = value;
  }
  return options;
}
