import type { MlpSpec } from '../../src/nn/index.js';
import { LECTURE, MICROGRAD_README } from '../helpers/programs.js';
import { randomProgram } from './random-programs.js';

/** The lecture's neuron: o = tanh(x1*w1 + x2*w2 + b), its labels as the lecture sets them. */
export const LECTURE_NEURON = `x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
b = Value(6.8813735870195432, label='b')
x1w1 = x1*w1; x1w1.label = 'x1*w1'
x2w2 = x2*w2; x2w2.label = 'x2*w2'
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'
n = x1w1x2w2 + b; n.label = 'n'
o = n.tanh(); o.label = 'o'
o.backward()`;

/** The same neuron with tanh spelled out through exp, as the lecture does next. */
export const LECTURE_NEURON_EXP = LECTURE_NEURON.replace(
  "o = n.tanh(); o.label = 'o'",
  "e = (2*n).exp(); e.label = 'e'\no = (e - 1) / (e + 1); o.label = 'o'",
);

/** Programs whose exported code the fixture ran: the lecture's examples and seeded random ones. */
export const EXPORT_CASES: { name: string; source: string }[] = [
  { name: 'lecture', source: LECTURE },
  { name: 'micrograd-readme', source: MICROGRAD_README },
  { name: 'lecture-neuron', source: LECTURE_NEURON },
  { name: 'lecture-neuron-exp', source: LECTURE_NEURON_EXP },
  { name: 'value-exponent', source: "x = Value(1.7, label='x')\ny = Value(-0.6, label='y')\nz = x**y + 2**y\nz.backward()" },
  ...Array.from({ length: 30 }, (_, seed) => ({ name: `random-${seed}`, source: randomProgram(seed) })),
];

/** MLP requests whose exported PyTorch the fixture ran. */
export const MLP_EXPORT_CASES: { name: string; spec: MlpSpec }[] = [
  {
    name: 'lecture-train',
    spec: { layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]], targets: [1, -1, -1, 1], loss: 'sse', train: { steps: 20, learningRate: 0.05 } },
  },
  {
    name: 'demo-notebook',
    spec: { layers: [2, 16, 16, 1], init: 'micrograd', seed: 1337, dataset: { name: 'moons', samples: 100, noise: 0.1, seed: 1337 }, loss: 'hinge', l2: 1e-4, train: { steps: 100, learningRate: 1, decay: true } },
  },
  {
    name: 'moons-batches',
    spec: { layers: [2, 8, 8, 1], init: 'micrograd', seed: 3, dataset: { name: 'moons', samples: 40, noise: 0.2, seed: 7 }, loss: 'hinge', l2: 1e-4, train: { steps: 12, learningRate: 1, decay: true, batchSize: 10 } },
  },
  {
    name: 'circles-tanh',
    spec: { layers: [2, 6, 1], activation: 'tanh', outputActivation: 'linear', seed: 11, dataset: { name: 'circles', samples: 50, noise: 0.05, seed: 2, factor: 0.5 }, loss: 'hinge', train: { steps: 30, learningRate: 0.3 } },
  },
  {
    name: 'inputs-batch-seed',
    spec: { layers: [2, 6, 1], init: 'micrograd', seed: 5, inputs: [[1, 2], [-1, 0.5], [0.3, -2], [2, 2], [-1.5, -0.5], [0, 1]], targets: [1, -1, 1, 1, -1, -1], loss: 'hinge', l2: 1e-3, train: { steps: 8, learningRate: 0.5, batchSize: 3, batchSeed: 99 } },
  },
  {
    name: 'sigmoid-mse-two-outputs',
    spec: { layers: [2, 3, 2], activation: 'sigmoid', outputActivation: 'linear', seed: 21, inputs: [[0.5, -1], [1.5, 0.25], [-1, 1]], targets: [[1, 0], [0, 1], [0.5, 0.5]], loss: 'mse', l2: 0.01, train: { steps: 5, learningRate: 0.1 } },
  },
  { name: 'predictions-only', spec: { layers: [3, 4, 1], seed: 2, inputs: [[1, 2, 3], [-1, 0.5, 2], [0, 0, 0]] } },
  { name: 'one-prediction', spec: { layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1]] } },
];
