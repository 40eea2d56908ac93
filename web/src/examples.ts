// The examples one click away: the lecture's expression, neuron and MLP, micrograd's README
// expression and its demo network on the notebook's own moons (make_moons(100, noise=0.1) after
// np.random.seed(1337)); then two whole graphs to explore: every value of the demo network on one
// of those points, and the lecture MLP's full loss graph as the lecture draws it.

import type { MlpSettings } from './mlp-form.js';

export type Example =
  | { id: string; title: string; kind: 'expression'; source: string }
  | { id: string; title: string; kind: 'mlp'; mlp: MlpSettings };

const LECTURE_EXPRESSION = `a = 2.0
b = Value(-3.0, label='b')
c = Value(10.0, label='c')
e = a*b; e.label = 'e'
d = e + c
f = -2.0
L = d * f
L.backward()
`;

const LECTURE_NEURON = `# inputs x1, x2
x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
# weights w1, w2
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
# bias of the neuron
b = Value(6.8813735870195432, label='b')
# x1*w1 + x2*w2 + b
x1w1 = x1*w1; x1w1.label = 'x1*w1'
x2w2 = x2*w2; x2w2.label = 'x2*w2'
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'
n = x1w1x2w2 + b; n.label = 'n'
o = n.tanh(); o.label = 'o'
o.backward()
`;

const MICROGRAD_README = `from micrograd.engine import Value

a = Value(-4.0)
b = Value(2.0)
c = a + b
d = a * b + b**3
c += c + 1
c += 1 + c + (-a)
d += d * 2 + (b + a).relu()
d += 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g += 10.0 / f
print(f'{g.data:.4f}') # prints 24.7041, the outcome of this forward pass
g.backward()
print(f'{a.grad:.4f}') # prints 138.8338, i.e. the numerical value of dg/da
print(f'{b.grad:.4f}') # prints 645.5773, i.e. the numerical value of dg/db
`;

/** The notebook's data: what the data set fields show until the reader changes them. */
const NOTEBOOK_MOONS = { samples: '100', noise: '0.1', datasetSeed: '1337' } as const;

/** The notebook's first moons point and its label, as the service's `moons` data set makes them. */
const FIRST_MOONS_POINT = { inputs: '1.1221146075409685, 0.08147717341718697', targets: '-1' } as const;

const LECTURE_INPUTS = { inputs: '2, 3, -1\n3, -1, 0.5\n0.5, 1, 1\n1, 1, -1', targets: '1, -1, -1, 1' } as const;

export const EXAMPLES: readonly Example[] = [
  { id: 'lecture', title: "Lecture's expression", kind: 'expression', source: LECTURE_EXPRESSION },
  { id: 'neuron', title: "Lecture's neuron", kind: 'expression', source: LECTURE_NEURON },
  { id: 'readme', title: "micrograd's README", kind: 'expression', source: MICROGRAD_README },
  {
    id: 'lecture-mlp',
    title: "Lecture's MLP",
    kind: 'mlp',
    mlp: {
      layers: '3, 4, 4, 1',
      init: 'lecture',
      activation: '',
      seed: '1337',
      loss: 'sse',
      l2: '0',
      steps: '20',
      learningRate: '0.05',
      decay: false,
      batchSize: '',
      view: 'neurons',
      dataset: '',
      ...NOTEBOOK_MOONS,
      ...LECTURE_INPUTS,
    },
  },
  {
    id: 'demo-mlp',
    title: "micrograd's demo network",
    kind: 'mlp',
    mlp: {
      layers: '2, 16, 16, 1',
      init: 'micrograd',
      activation: '',
      seed: '1337',
      loss: 'hinge',
      l2: '0.0001',
      steps: '100',
      learningRate: '1.0',
      decay: true,
      batchSize: '',
      view: 'neurons',
      dataset: 'moons',
      ...NOTEBOOK_MOONS,
      inputs: '',
      targets: '',
    },
  },
  {
    // Every scalar of MLP(2, [16, 16, 1]) and its hinge loss on one point, untrained: about 1,000
    // values, small enough to step through value by value.
    id: 'demo-point',
    title: "micrograd's demo network, one point's graph",
    kind: 'mlp',
    mlp: {
      layers: '2, 16, 16, 1',
      init: 'micrograd',
      activation: '',
      seed: '1337',
      loss: 'hinge',
      l2: '0',
      steps: '0',
      learningRate: '1.0',
      decay: true,
      batchSize: '',
      view: 'values',
      dataset: '',
      ...NOTEBOOK_MOONS,
      ...FIRST_MOONS_POINT,
    },
  },
  {
    // draw_dot(loss) of the lecture: its network on its four inputs and the summed squared errors,
    // before any training; 398 values.
    id: 'lecture-loss',
    title: "the lecture MLP's full loss graph",
    kind: 'mlp',
    mlp: {
      layers: '3, 4, 4, 1',
      init: 'lecture',
      activation: '',
      seed: '1337',
      loss: 'sse',
      l2: '0',
      steps: '0',
      learningRate: '0.05',
      decay: false,
      batchSize: '',
      view: 'values',
      dataset: '',
      ...NOTEBOOK_MOONS,
      ...LECTURE_INPUTS,
    },
  },
];

