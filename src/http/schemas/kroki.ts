import { Type } from 'typebox';
import { LECTURE_PROGRAM } from './expression.js';
import { ANSWER_FORMATS } from './image.js';

/** Kroki's request bodies, for gradviz's two diagram types. */

export const DIAGRAM_TYPES = ['micrograd', 'micrograd-mlp'] as const;
export type DiagramType = (typeof DIAGRAM_TYPES)[number];

const OptionsSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
  description:
    'Options, as Kroki passes them: the query parameters of the GET routes (`theme`, `rankdir`, `precision`, `grad`, ' +
    '`scale`; `values` and `output` for micrograd, `view` for micrograd-mlp), as strings or as JSON values.',
  examples: [{ theme: 'dark' }],
});

export const KrokiRequestSchema = Type.Object(
  {
    diagram_source: Type.String({ description: 'The source: a program, or an MLP spec as JSON.', examples: [LECTURE_PROGRAM] }),
    diagram_type: Type.Enum([...DIAGRAM_TYPES], { description: 'What the source is.', examples: ['micrograd'] }),
    output_format: Type.Enum([...ANSWER_FORMATS], { description: 'What to answer.', examples: ['svg'] }),
    diagram_options: Type.Optional(OptionsSchema),
  },
  { title: 'KrokiRequest', additionalProperties: false, description: "Kroki's JSON request." },
);

export const KrokiSourceSchema = Type.Object(
  {
    diagram_source: Type.String({ description: 'The source: a program, or an MLP spec as JSON.', examples: [LECTURE_PROGRAM] }),
    diagram_options: Type.Optional(OptionsSchema),
  },
  { additionalProperties: false, description: "Kroki's JSON request for a route that names the type and format." },
);

