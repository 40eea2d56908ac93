import { Type, type Static, type TSchema } from 'typebox';
import { GradcheckOptionSchema, LabelsOptionSchema, TanhOptionSchema } from './answer-options.js';
import { ExpressionRequestSchema, LECTURE_PROGRAM, RenderOptionsSchema } from './expression.js';
import { EDGE_PROBLEMS, problemResponses } from './problem.js';

/** What an answer can be: the formats named by the routes and by the format in a path. */
export const ANSWER_FORMATS = ['svg', 'png', 'dot', 'json'] as const;
export type AnswerFormat = (typeof ANSWER_FORMATS)[number];

/** The lecture program, deflated and written in base64url (a test checks that it decodes). */
export const LECTURE_ENCODED =
  'eNpNzDEOwjAMQNHdp_ibm0KjFEbkG3RmdxJ3aSYkxPURDIj1P-k7xiUXqRh3H8-YlmsuZ4bXGKZVk7QfreWPmiYJDJ_rjcjfiqGh0jGCE012jOXz3zA6M7tsuXo7Xv7oU3oD24kfqA';

export const ScaleSchema = Type.Integer({
  minimum: 1,
  maximum: 3,
  default: 1,
  description: 'PNG only: pixels per point, 2 or 3 for high-DPI screens. Other formats ignore it.',
  examples: [2],
});

export const ImageOptionsSchema = Type.Object(
  {
    ...RenderOptionsSchema.properties,
    scale: Type.Optional(ScaleSchema),
    gradcheck: Type.Optional(GradcheckOptionSchema),
    labels: Type.Optional(LabelsOptionSchema),
    tanh: Type.Optional(TanhOptionSchema),
  },
  {
    title: 'ExpressionOptions',
    additionalProperties: false,
    description: 'How to evaluate and draw the program, and what to add to a JSON answer. Every field is optional.',
    examples: [{ rankdir: 'LR', precision: 4, grad: true, theme: 'light', scale: 1 }],
  },
);

/** The expression request, whose options may also say how large a PNG to draw. */
export const ExpressionImageRequestSchema = Type.Object(
  { ...ExpressionRequestSchema.properties, options: Type.Optional(ImageOptionsSchema) },
  { title: 'ExpressionRequest', additionalProperties: false, description: 'A program to evaluate, differentiate and draw.' },
);

export type ExpressionImageRequestBody = Static<typeof ExpressionImageRequestSchema>;

/** Everything but the program itself, as query parameters. */
const drawingQuery = {
  values: Type.Optional(
    Type.String({
      description: 'Numbers for names the program uses without assigning them, as a JSON object.',
      examples: ['{"x":1.5}'],
    }),
  ),
  output: ExpressionRequestSchema.properties.output,
  ...ImageOptionsSchema.properties,
};

export const SourceQuerySchema = Type.Object(
  {
    source: Type.String({
      description: 'The program, percent-encoded; for short programs written by hand. Longer ones: use the encoded route.',
      examples: [LECTURE_PROGRAM],
    }),
    ...drawingQuery,
  },
  { additionalProperties: false },
);

export type SourceQuery = Static<typeof SourceQuerySchema>;

export const DrawingQuerySchema = Type.Object(drawingQuery, { additionalProperties: false });

export type DrawingQuery = Static<typeof DrawingQuerySchema>;

export const EncodedParamsSchema = Type.Object({
  format: Type.Enum([...ANSWER_FORMATS], { description: 'What to answer.', examples: ['svg'] }),
  encoded: Type.String({
    description: 'The text, compressed with zlib deflate and written in base64url, as Kroki encodes diagrams.',
    examples: [LECTURE_ENCODED],
  }),
});

export type EncodedParams = Static<typeof EncodedParamsSchema>;

// OpenAPI entries of answers that may be pictures.

export const PNG_SCHEMA = Type.String({ format: 'binary', description: 'A PNG image.' });

export const PICTURE_OF_PROBLEM = {
  svg: Type.String({
    title: 'ProblemSvg',
    description:
      'The problem drawn as SVG, for clients that asked for an image: the status, the title, the message and, ' +
      'for errors in a program, its line with a caret under the column.',
    examples: ['<svg xmlns="http://www.w3.org/2000/svg" width="620" height="130" ...>...</svg>\n'],
  }),
  png: Type.String({ title: 'ProblemPng', format: 'binary', description: 'The same picture of the problem, as PNG.' }),
};

const PICTURE_MEDIA_TYPES = { svg: 'image/svg+xml', png: 'image/png' } as const;

/**
 * Error answers by status: problem+json, plus the pictures a client that asked for an image
 * gets instead (by the route's format). The edge's problems are added where the route does not
 * describe them itself.
 */
export function problemAnswers<Status extends number>(described: Record<Status, string>, pictures: readonly ('svg' | 'png')[]) {
  type Entry = { description: string; headers: object; content: Record<string, { schema: TSchema }> };
  const responses = {} as Record<Status, Entry>;
  for (const [status, entry] of Object.entries(problemResponses({ ...EDGE_PROBLEMS, ...described })) as [`${Status}`, Entry][]) {
    const withPictures: Record<string, { schema: TSchema }> = { ...entry.content };
    for (const picture of pictures) withPictures[PICTURE_MEDIA_TYPES[picture]] = { schema: PICTURE_OF_PROBLEM[picture] };
    responses[Number(status) as Status] = { ...entry, content: withPictures };
  }
  return responses;
}
