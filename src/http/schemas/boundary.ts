import { Type, type Static } from 'typebox';
import { BoundaryOptionsSchema, BoundaryResultSchema, LECTURE_MLP, MlpRequestSchema } from './mlp.js';

/** micrograd's demo: the notebook's moons, network, loss and training, whose boundary the notebook plots. */
export const DEMO_BOUNDARY_REQUEST = {
  layers: [2, 16, 16, 1],
  init: 'micrograd',
  dataset: { name: 'moons', samples: 100, noise: 0.1, seed: 1337 },
  loss: 'hinge',
  l2: 0.0001,
  train: { steps: 100, learningRate: 1, decay: true },
  boundary: { step: 0.25, margin: 1 },
} as const;

export const BoundaryRequestSchema = Type.Object(
  { ...MlpRequestSchema.properties, boundary: Type.Optional(BoundaryOptionsSchema) },
  {
    additionalProperties: false,
    anyOf: [{ required: ['inputs'] }, { required: ['dataset'] }],
    description:
      'The body of POST /v1/mlp (a network of two inputs, usually with a `dataset` and `train`) and the grid to score ' +
      'the trained network on. Of `options`, the pictures use `theme` and `scale`.',
    examples: [DEMO_BOUNDARY_REQUEST, { ...LECTURE_MLP, layers: [2, 4, 1], inputs: [[0, 1], [1, 0]], targets: [1, -1] }],
  },
);

export type BoundaryRequestBody = Static<typeof BoundaryRequestSchema>;

export const BoundaryAnswerSchema = Type.Object(
  {
    ...BoundaryResultSchema.properties,
    inputs: Type.Array(Type.Array(Type.Number()), {
      description: 'The points drawn on the grid: the data set the request made, or its `inputs`.',
      examples: [[[1.1221146075409685, 0.08147717341718697]]],
    }),
    targets: Type.Optional(
      Type.Array(Type.Number(), {
        description: "Each point's label (-1 or +1 for a data set); left out when the request has no targets.",
        examples: [[1, -1]],
      }),
    ),
  },
  {
    description: "The trained network's score over the grid, `scores[row][column]` at `(xs[column], ys[row])`, and the data.",
    examples: [{ xs: [0, 0.25], ys: [0], scores: [[-0.5, 0.2]], inputs: [[0.1, 0.1]], targets: [1] }],
  },
);

export const BOUNDARY_SVG_EXAMPLE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="636" height="492" viewBox="0 0 636 492" role="img" aria-label="Decision boundary" ...>...</svg>\n';

/** DEMO_BOUNDARY_REQUEST deflated and written in base64url (a test checks that it decodes to it). */
export const DEMO_BOUNDARY_ENCODED =
  'eNo1zMEKAjEMBNB_mXOQdkWFfIZX8RBtWAvdVJp6WJb9d6kgzG1m3oYiqzYH3yaK51_uhGy5g7HkZ6tzkwRCki6uHbzBZNHR1moOgsvyLurgGALBanYFh0MkuGoCx-PxshNKdQfjlW1WEMo0RiGESOhNsg3Zu77_UFFplm2-SldwJCR9ygru7aM74VE_lqSt_9vQphNhkTYPLO77F0TPRCk';
