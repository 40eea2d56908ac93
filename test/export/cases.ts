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
