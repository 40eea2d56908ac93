import { Type, type Static } from 'typebox';
import { DEFAULT_DOT_OPTIONS, MAX_PRECISION, THEMES } from '../../graph/dot.js';
import { DEFAULT_LAYOUT, LAYOUTS } from '../../jobs/draw.js';
import { EdgesSchema, GradcheckSchema } from './chain-rule.js';

export const LECTURE_PROGRAM = [
  'a = 2.0',
  "b = Value(-3.0, label='b')",
  "c = Value(10.0, label='c')",
  "e = a*b; e.label = 'e'",
  'd = e + c',
  'f = -2.0',
  'L = d * f',
  'L.backward()',
].join('\n');

/** Shortened examples of the texts answered (the full lecture DOT has 23 lines). */
export const DOT_EXAMPLE = 'digraph {\n  graph [rankdir="LR" bgcolor="#ffffff"]\n  n0 [label="{ a | data 2.0000 | grad 6.0000 }" shape="record"]\n  ...\n}\n';
export const SVG_EXAMPLE = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg width="1166pt" height="156pt" ...>...</svg>\n';

export const RenderOptionsSchema = Type.Object(
  {
    rankdir: Type.Optional(
      Type.Enum(['LR', 'TB'], {
        description: 'Direction of the drawing: left to right (as micrograd draws it) or top to bottom.',
        default: DEFAULT_DOT_OPTIONS.rankdir,
        examples: ['LR'],
      }),
    ),
    precision: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_PRECISION,
        description: "Decimals of each value's data and grad in the picture, rounded as Python's '%.4f' rounds.",
        default: DEFAULT_DOT_OPTIONS.precision,
        examples: [4],
      }),
    ),
    grad: Type.Optional(
      Type.Boolean({
        description: 'Show gradients; false draws a forward-only picture.',
        default: DEFAULT_DOT_OPTIONS.grad,
        examples: [true],
      }),
    ),
    theme: Type.Optional(
      Type.Enum([...THEMES], {
        description: 'Colours of the picture.',
        default: DEFAULT_DOT_OPTIONS.theme,
        examples: ['light'],
      }),
    ),
    layout: Type.Optional(
      Type.Enum([...LAYOUTS], {
        description:
          "The engine that lays the picture out: `graphviz` (micrograd's draw_dot, byte for byte), `layered` " +
          "(gradviz's own engine for computation graphs, near-linear, for graphs of thousands of values), or " +
          '`auto`: Graphviz while its predicted cost is small, the layered engine beyond.',
        default: DEFAULT_LAYOUT,
        examples: ['auto'],
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'How to draw the graph. Every field is optional.',
    examples: [{ rankdir: 'LR', precision: 4, grad: true, theme: 'light' }],
  },
);

export const ExpressionRequestSchema = Type.Object(
  {
    source: Type.String({
      description:
        'A micrograd-style program: assignments, `Value(...)`, arithmetic, tanh/relu/exp/log/sigmoid, ' +
        '`x.label = ...` and `x.backward()`. Lines or `;` separate statements; import and print lines are ignored.',
      examples: [LECTURE_PROGRAM],
    }),
    values: Type.Optional(
      Type.Unsafe<Record<string, number>>({
        type: 'object',
        additionalProperties: { type: 'number' },
        description: 'Numbers for names the program uses without assigning them; each becomes a labelled leaf.',
        examples: [{ x: 1.5 }],
      }),
    ),
    output: Type.Optional(
      Type.String({
        description: 'Name of the value to differentiate and draw. Default: the value `.backward()` was called on, ' +
          'else the last one assigned or computed.',
        examples: ['L'],
      }),
    ),
    options: Type.Optional(RenderOptionsSchema),
  },
  { additionalProperties: false, description: 'A program to evaluate, differentiate and draw.' },
);

export type ExpressionRequestBody = Static<typeof ExpressionRequestSchema>;

const graphNode = (description: string, example: object) =>
  Type.Object(
    {
      id: Type.String({ description: 'Stable id: the place of the value in topological order.', examples: ['n6'] }),
      label: Type.String({ description: "The value's label ('' when it has none).", examples: ['L'] }),
      op: Type.String({ description: "The op that made the value ('' for a leaf).", examples: ['*'] }),
      data: Type.Number({ description: 'The value computed by the forward pass.', examples: [-8] }),
      grad: Type.Number({ description: 'dOutput/dValue, computed by backpropagation.', examples: [1] }),
      inputs: Type.Array(Type.String(), {
        description: 'Ids of the inputs in order; a value used twice (a*a) is listed twice.',
        examples: [['n4', 'n5']],
      }),
    },
    { title: 'GraphNode', description, examples: [example] },
  );

export const GraphNodeSchema = graphNode('One value of the expression graph.', {
  id: 'n2',
  label: 'e',
  op: '*',
  data: -6,
  grad: -2,
  inputs: ['n0', 'n1'],
});

export const WarningSchema = Type.Object(
  {
    type: Type.String({
      description: 'The problem type an image request would have been answered with.',
      examples: ['https://gradviz.dev/problems/graph-too-large'],
    }),
    detail: Type.String({
      description: 'What was left out and why.',
      examples: ['the graph has 2048 values, more than the 1500 that can be drawn in one picture; the answer has no svg'],
    }),
    limit: Type.Optional(Type.String({ description: 'The limit that applied.', examples: ['maxDrawnValues'] })),
    limitValue: Type.Optional(Type.Number({ description: 'Its configured value.', examples: [1500] })),
    requested: Type.Optional(Type.Number({ description: 'What the request needed.', examples: [2048] })),
  },
  { title: 'Warning', description: 'Something the answer leaves out, and why.' },
);

export const ExpressionResultSchema = Type.Object(
  {
    output: graphNode('The value that was differentiated: the root of the graph, also the last of `nodes`.', {
      id: 'n6',
      label: 'L',
      op: '*',
      data: -8,
      grad: 1,
      inputs: ['n4', 'n5'],
    }),
    nodes: Type.Array(GraphNodeSchema, {
      description: 'Every value the output depends on, in topological order: inputs first, the output last.',
      examples: [
        [
          { id: 'n0', label: 'a', op: '', data: 2, grad: 6, inputs: [] },
          { id: 'n1', label: 'b', op: '', data: -3, grad: -4, inputs: [] },
          { id: 'n2', label: 'e', op: '*', data: -6, grad: -2, inputs: ['n0', 'n1'] },
        ],
      ],
    }),
    gradients: Type.Unsafe<Record<string, number>>({
      type: 'object',
      additionalProperties: { type: 'number' },
      description: 'The gradient of the output with respect to the final value of each program name.',
      examples: [{ a: 6, b: -4, c: -2, e: -2, d: -2, f: 4, L: 1 }],
    }),
    edges: Type.Optional(EdgesSchema),
    gradcheck: Type.Optional(GradcheckSchema),
    dot: Type.Optional(
      Type.String({
        description: 'The graph in Graphviz DOT, as micrograd draws it. Omitted (with a warning) when it would be over MAX_OUTPUT_BYTES.',
        examples: [DOT_EXAMPLE],
      }),
    ),
    svg: Type.Optional(
      Type.String({
        description:
          'The picture. Omitted (with a warning) when the graph is too large to draw (MAX_DRAWN_VALUES, MAX_LAYOUT_COST) ' +
          'or the answer would be over MAX_OUTPUT_BYTES.',
        examples: [SVG_EXAMPLE],
      }),
    ),
    warnings: Type.Optional(
      Type.Array(WarningSchema, {
        description: 'Present when something was left out of the answer.',
        examples: [
          [
            {
              type: 'https://gradviz.dev/problems/graph-too-large',
              detail: 'the graph has 2048 values, more than the 1500 that can be drawn in one picture; the answer has no svg',
              limit: 'maxDrawnValues',
              limitValue: 1500,
              requested: 2048,
            },
          ],
        ],
      }),
    ),
  },
  { title: 'ExpressionResult', description: 'Values, gradients and the picture of the expression graph.' },
);

export type ExpressionResult = Static<typeof ExpressionResultSchema>;
