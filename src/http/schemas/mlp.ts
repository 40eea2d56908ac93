import { Type, type Static } from 'typebox';
import { ACTIVATIONS, INITS, LOSS_KINDS } from '../../nn/index.js';
import { MLP_VIEWS } from '../../jobs/mlp.js';
import { RenderOptionsSchema, WarningSchema } from './expression.js';
import { ScaleSchema } from './image.js';

/** The lecture's network and data: `MLP(3, [4, 4, 1])` after `random.seed(1337)`. */
export const LECTURE_MLP = {
  layers: [3, 4, 4, 1],
  seed: 1337,
  inputs: [
    [2, 3, -1],
    [3, -1, 0.5],
    [0.5, 1, 1],
    [1, 1, -1],
  ],
  targets: [1, -1, -1, 1],
  loss: 'sse',
} as const;

/** Shortened examples of the texts answered. */
export const MLP_DOT_EXAMPLE =
  'digraph {\n  graph [rankdir="LR" bgcolor="#ffffff"]\n  subgraph cluster_0 {\n    graph [label="layer 1" ...]\n  ...\n}\n';
export const MLP_SVG_EXAMPLE = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg width="3402pt" height="2260pt" ...>...</svg>\n';
export const LOSS_SVG_EXAMPLE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400" role="img" ...>...</svg>\n';

const numbers = (description: string, examples: unknown[]) => Type.Array(Type.Number(), { description, examples });

export const MlpOptionsSchema = Type.Object(
  {
    view: Type.Optional(
      Type.Enum([...MLP_VIEWS], {
        description:
          '`values` draws every scalar of the graph, clustered by layer and neuron; `neurons` draws one node per ' +
          'neuron and one edge per weight (labelled with its data and grad), for networks too large to read scalar by scalar.',
        default: 'values',
        examples: ['values'],
      }),
    ),
    ...RenderOptionsSchema.properties,
    scale: Type.Optional(ScaleSchema),
  },
  {
    title: 'MlpOptions',
    additionalProperties: false,
    description: 'How to draw the network. Every field is optional; the loss curve uses only `theme`.',
    examples: [{ view: 'neurons', rankdir: 'LR', precision: 4, grad: true, theme: 'light' }],
  },
);

export const TrainSchema = Type.Object(
  {
    steps: Type.Integer({
      minimum: 0,
      description: 'Training steps: per step a forward pass, zeroed grads, a backward pass and `p.data -= lr * p.grad`.',
      examples: [20],
    }),
    learningRate: Type.Number({
      exclusiveMinimum: 0,
      description: 'The step size `lr` of the update.',
      examples: [0.05],
    }),
    decay: Type.Optional(
      Type.Boolean({
        description: "micrograd's demo schedule: step k (from 0) uses `learningRate * (1 - 0.9 * k / steps)`.",
        default: false,
        examples: [false],
      }),
    ),
  },
  {
    title: 'Train',
    additionalProperties: false,
    description:
      'Train before answering. The answer describes a final forward and backward pass after the last update; ' +
      '`history` has the loss of each step, taken before its update.',
    examples: [{ steps: 20, learningRate: 0.05 }],
  },
);

export const MlpRequestSchema = Type.Object(
  {
    layers: Type.Array(Type.Integer({ minimum: 1 }), {
      minItems: 2,
      description: 'The number of inputs, then the size of each layer: `[3, 4, 4, 1]` is `MLP(3, [4, 4, 1])`.',
      examples: [[3, 4, 4, 1]],
    }),
    init: Type.Optional(
      Type.Enum([...INITS], {
        description:
          "`lecture`: every weight and bias uniform(-1, 1), tanh on every layer. `micrograd` (the repo's nn.py): " +
          'weights uniform(-1, 1), biases 0, ReLU on every layer but the last, the last linear.',
        default: 'lecture',
        examples: ['lecture'],
      }),
    ),
    activation: Type.Optional(
      Type.Enum([...ACTIVATIONS], {
        description: 'The activation of every layer but the last; overrides the one `init` picks.',
        examples: ['tanh'],
      }),
    ),
    outputActivation: Type.Optional(
      Type.Enum([...ACTIVATIONS], {
        description: 'The activation of the last layer; overrides the one `init` picks.',
        examples: ['tanh'],
      }),
    ),
    seed: Type.Optional(
      Type.Union([Type.Integer(), Type.String({ pattern: '^[+-]?[0-9]+$' })], {
        description:
          "Python's `random.seed(seed)`: the weights are the ones Python draws for it. Any integer; past 2^53 send " +
          'it as a string of decimal digits, since JSON numbers lose digits there.',
        default: 1337,
        examples: [1337, '18446744073709551623'],
      }),
    ),
    weights: Type.Optional(
      numbers(
        'Every parameter in `parameters()` order (per neuron its weights, then its bias), replacing the random ones.',
        [[0.1, -0.2, 0.3, 0.05, -0.4, 0.25, 0.6, -0.1, 0.7, -0.3, 0.2]],
      ),
    ),
    inputs: Type.Array(numbers('One input: as many numbers as the network has inputs.', [[2, 3, -1]]), {
      minItems: 1,
      description: 'The inputs to evaluate the network on, one list of numbers each.',
      examples: [LECTURE_MLP.inputs],
    }),
    targets: Type.Optional(
      Type.Union([numbers('One target per input.', [[1, -1]]), Type.Array(numbers('One target per output.', [[1, 0]]))], {
        description: 'One target per input: a number for a network of one output, else a list of one number per output.',
        examples: [LECTURE_MLP.targets],
      }),
    ),
    loss: Type.Optional(
      Type.Enum([...LOSS_KINDS, 'none'], {
        description:
          "`sse`: the lecture's `sum((yout - ygt)**2)`; `mse`: sse over the number of predictions; `hinge`: micrograd's " +
          "demo, `mean(relu(1 - y*score))`; `none`: the graph is rooted at the single output of a single input. " +
          'Default: `sse` with targets, `none` without.',
        examples: ['sse'],
      }),
    ),
    l2: Type.Optional(
      Type.Number({
        minimum: 0,
        description: 'Adds `l2 * sum(p*p for p in parameters)` to the loss (micrograd\'s demo uses 1e-4).',
        default: 0,
        examples: [0.0001],
      }),
    ),
    train: Type.Optional(TrainSchema),
    options: Type.Optional(MlpOptionsSchema),
  },
  {
    title: 'MlpRequest',
    additionalProperties: false,
    description: 'An MLP, the data to evaluate it on and, optionally, training and how to draw it.',
    examples: [{ ...LECTURE_MLP, train: { steps: 20, learningRate: 0.05 } }],
  },
);

export type MlpRequestBody = Static<typeof MlpRequestSchema>;

export const MlpParameterSchema = Type.Object(
  {
    name: Type.String({
      description: '`layer{L}.neuron{N}.w{I}` or `layer{L}.neuron{N}.b`, counted from 1.',
      examples: ['layer1.neuron1.w1'],
    }),
    data: Type.Number({ description: 'Its value after training (if any).', examples: [0.23550571390294128] }),
    grad: Type.Number({ description: 'dLoss/dParameter in the final backward pass.', examples: [-0.4536648933083657] }),
  },
  { title: 'MlpParameter', description: 'One weight or bias.' },
);

export const MlpResultSchema = Type.Object(
  {
    predictions: Type.Union(
      [numbers('One output per input.', [[0.42767811248845455, 0.5570649429984824]]), Type.Array(numbers('Every output for one input.', [[0.7, 0.1]]))],
      {
        description:
          "The network's output for each input in the final pass: a number each for a network of one output, else a list.",
        examples: [[0.42767811248845455, 0.5570649429984824, 0.7184669978530105, 0.45203067521739915]],
      },
    ),
    loss: Type.Union([Type.Number(), Type.Null()], {
      description: 'The loss of the final pass; null when the request has no loss.',
      examples: [6.005402783252284],
    }),
    parameters: Type.Array(MlpParameterSchema, {
      description: 'Every parameter in `parameters()` order: layer by layer, neuron by neuron, weights then bias.',
      examples: [[{ name: 'layer1.neuron1.w1', data: 0.23550571390294128, grad: -0.4536648933083657 }]],
    }),
    history: numbers('The loss of each training step, taken before its update; empty without training.', [
      [6.005402783252284, 4.448280639552251, 3.038719710839991],
    ]),
    graphNodes: Type.Integer({
      description: 'Values in the graph of the final pass: what the `values` view draws.',
      examples: [398],
    }),
    dot: Type.Optional(
      Type.String({
        description: 'The graph in Graphviz DOT, in the requested view. Omitted (with a warning) when it is too large to draw.',
        examples: [MLP_DOT_EXAMPLE],
      }),
    ),
    svg: Type.Optional(
      Type.String({ description: 'The picture, under the same condition as `dot`.', examples: [MLP_SVG_EXAMPLE] }),
    ),
    warnings: Type.Optional(
      Type.Array(WarningSchema, {
        description: 'Present when something was left out of the answer.',
        examples: [
          [
            {
              type: 'https://gradviz.dev/problems/graph-too-large',
              detail:
                'the graph has 65,818 values, more than the 1,500 that can be drawn in one picture; ' +
                'ask for view: "neurons" to draw one node per neuron instead; the answer has no dot and no svg',
              limit: 'maxDrawnValues',
              limitValue: 1500,
              requested: 65818,
            },
          ],
        ],
      }),
    ),
  },
  { title: 'MlpResult', description: 'Predictions, loss, every parameter with its gradient, the training history and the picture.' },
);

export type MlpResultBody = Static<typeof MlpResultSchema>;
