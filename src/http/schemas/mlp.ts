import { Type, type Static } from 'typebox';
import { ACTIVATIONS, DATASET_NAMES, INITS, LOSS_KINDS, TANH_FORMULAS } from '../../nn/index.js';
import { DEFAULT_LAYOUT, LAYOUTS } from '../../jobs/draw.js';
import { AUTO_GRAPHVIZ_WEIGHTS, MLP_VIEWS } from '../../jobs/mlp.js';
import { MAX_LABELLED_WEIGHTS } from '../../layout/neuron-layout.js';
import { RenderOptionsSchema, WarningSchema } from './expression.js';
import { ScaleSchema } from './image.js';
import { GradcheckOptionSchema } from './answer-options.js';
import { ChainRuleEdgeSchema, GradcheckSchema } from './chain-rule.js';

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
          'neuron and one edge per weight, with its data and grad, for networks too large to read scalar by scalar; ' +
          "`weights` draws each layer's weight matrix as a heat map with its gradient matrix beside it (SVG and PNG only: " +
          'it has no DOT), for layers too wide to draw neuron by neuron.',
        default: 'values',
        examples: ['values'],
      }),
    ),
    ...RenderOptionsSchema.properties,
    layout: Type.Optional(
      Type.Enum([...LAYOUTS], {
        description:
          'The engine that lays out the values and neurons views (the weights view has its own). `graphviz`: ' +
          "micrograd's draw_dot, byte for byte. `layered`: gradviz's own engine. In the neurons view it draws a column per " +
          'layer and each weight as an edge coloured by its sign, red above zero and blue below, wider the larger its ' +
          `magnitude; the weight's numbers are on the edge while no layer has more than ${MAX_LABELLED_WEIGHTS} weights, ` +
          "else in the edge's tooltip. `auto`: Graphviz while its predicted cost is small (in the neurons view: up to " +
          `${AUTO_GRAPHVIZ_WEIGHTS} weights), the layered engine beyond.`,
        default: DEFAULT_LAYOUT,
        examples: ['auto'],
      }),
    ),
    scale: Type.Optional(ScaleSchema),
    gradcheck: Type.Optional(GradcheckOptionSchema),
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
    batchSize: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          "Points per step, drawn as the notebook's `np.random.permutation(n)[:batchSize]`: with a `dataset`, from the " +
          "same NumPy stream that made it; otherwise from `np.random.seed(batchSeed)`. Default: every point, in order.",
        examples: [32],
      }),
    ),
    batchSeed: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 4294967295,
        description: '`np.random.seed` of the mini-batches over `inputs` given directly (not with a `dataset`); 1337 when left out.',
        examples: [1337],
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

export const DatasetSchema = Type.Object(
  {
    name: Type.Enum([...DATASET_NAMES], {
      description:
        "`moons`, `circles`, `blobs`: scikit-learn's make_moons, make_circles and make_blobs (two centers) after " +
        "`np.random.seed(seed)`, as micrograd's demo makes its data. `xor`, `spiral`, `gauss`: the TensorFlow " +
        "Playground's sets, drawn from the same NumPy generator. Labels are the notebook's `y*2 - 1`: -1 or +1.",
      examples: ['moons'],
    }),
    samples: Type.Optional(Type.Integer({ minimum: 1, default: 100, description: 'Number of points.', examples: [100] })),
    noise: Type.Optional(
      Type.Number({
        minimum: 0,
        description:
          "moons and circles: the standard deviation of the Gaussian noise (default 0.1); blobs: each cluster's " +
          "standard deviation (default 1); xor, spiral, gauss: the Playground's noise, 0 to 0.5 (default 0).",
        examples: [0.1],
      }),
    ),
    seed: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 4294967295, default: 1337, description: '`np.random.seed(seed)`.', examples: [1337] }),
    ),
    factor: Type.Optional(
      Type.Number({
        minimum: 0,
        exclusiveMaximum: 1,
        default: 0.5,
        description: 'circles only: the inner radius over the outer one.',
        examples: [0.5],
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'One of the notebooks\' data sets, in place of `inputs` and `targets`; the answer includes the data used.',
    examples: [{ name: 'moons', samples: 100, noise: 0.1, seed: 1337 }],
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
    tanh: Type.Optional(
      Type.Enum([...TANH_FORMULAS], {
        description:
          "`math`: the C library's tanh (micrograd's engine.py). `lecture`: the video's `(e^(2x) - 1) / (e^(2x) + 1)`, as " +
          "the lecture's notebook computes it. Either way about one exp in ten differs from CPython's in the last bit, so " +
          'the last digits may differ from Python\'s.',
        default: 'math',
        examples: ['lecture'],
      }),
    ),
    weights: Type.Optional(
      numbers(
        'Every parameter in `parameters()` order (per neuron its weights, then its bias), replacing the random ones.',
        [[0.1, -0.2, 0.3, 0.05, -0.4, 0.25, 0.6, -0.1, 0.7, -0.3, 0.2]],
      ),
    ),
    inputs: Type.Optional(
      Type.Array(numbers('One input: as many numbers as the network has inputs.', [[2, 3, -1]]), {
        minItems: 1,
        description: 'The inputs to evaluate the network on, one list of numbers each. Required unless `dataset` is given.',
        examples: [LECTURE_MLP.inputs],
      }),
    ),
    dataset: Type.Optional(DatasetSchema),
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
    // The data: inputs (with targets, if any) or a dataset, never neither.
    anyOf: [{ required: ['inputs'] }, { required: ['dataset'] }],
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
    accuracy: numbers(
      "The notebook's accuracy of each training step, before its update: the share of points whose score has its " +
        "target's sign, `(yi > 0) == (scorei > 0)`. Empty without training or for several outputs.",
      [[0.5, 0.81, 0.77]],
    ),
    finalAccuracy: Type.Union([Type.Number(), Type.Null()], {
      description: 'The same share in the final pass; null without targets or for several outputs.',
      examples: [1],
    }),
    inputs: Type.Optional(
      Type.Array(numbers('One point.', [[1.1221146075409685, 0.08147717341718697]]), {
        description: 'With a `dataset` in the request: every point it made, in its order.',
        examples: [[[1.1221146075409685, 0.08147717341718697]]],
      }),
    ),
    targets: Type.Optional(numbers('With a `dataset` in the request: each point\'s label, -1 or +1.', [[1, -1]])),
    graphNodes: Type.Integer({
      description: 'Values in the graph of the final pass: what the `values` view draws.',
      examples: [398],
    }),
    edges: Type.Optional(
      Type.Array(ChainRuleEdgeSchema, {
        examples: [[{ from: 'n396', to: 'n397', operand: 0, formula: 'y', local: 1, contribution: 1 }]],
        description:
          "The chain rule of the final pass, edge by edge, its ids those of the `values` view's DOT and SVG. Only for " +
          'a graph of at most MAX_DRAWN_VALUES values (else left out with a warning), within MAX_OUTPUT_BYTES.',
      }),
    ),
    gradcheck: Type.Optional(GradcheckSchema),
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

/** Not yet wired to a route: the grid of POST /v1/mlp/boundary and what it answers. */
export const BoundaryOptionsSchema = Type.Object(
  {
    step: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, default: 0.25, description: "The grid's spacing, the notebook's `h`.", examples: [0.25] }),
    ),
    margin: Type.Optional(
      Type.Number({ minimum: 0, default: 1, description: 'How far the grid reaches past the data on each side.', examples: [1] }),
    ),
  },
  {
    additionalProperties: false,
    description:
      "The notebook's grid: `np.arange(min - margin, max + margin, step)` for each coordinate of the data. At most " +
      '`maxBoundaryCells` points.',
    examples: [{ step: 0.25, margin: 1 }],
  },
);

export const BoundaryResultSchema = Type.Object(
  {
    xs: numbers('The grid\'s x coordinates, its columns.', [[-1.96, -1.71, -1.46]]),
    ys: numbers('The grid\'s y coordinates, its rows.', [[-1.55, -1.3, -1.05]]),
    scores: Type.Array(numbers('One row of scores.', [[-2.1, -1.3, 0.4]]), {
      description: "`scores[row][column]`: the trained network's first output at `(xs[column], ys[row])`.",
      examples: [[[-2.1, -1.3, 0.4]]],
    }),
  },
  { description: "The trained model's decision function over the grid.", examples: [{ xs: [0, 0.25], ys: [0], scores: [[-0.5, 0.2]] }] },
);

export { ChainRuleEdgeSchema, GradientCheckSchema } from './chain-rule.js';
