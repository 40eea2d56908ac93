import { describe, expect, it } from 'vitest';
import { traceGraph } from '../../src/graph/trace.js';
import { runProgram } from '../../src/lang/index.js';
import { LECTURE_NEURON } from '../export/cases.js';
import { LECTURE } from '../helpers/programs.js';

const labels = (source: string, options: Parameters<typeof runProgram>[0] = { source }) =>
  traceGraph(runProgram({ ...options, source }).root).nodes.map((node) => node.label);

/** The lecture's tanh, written out here as the video writes it. */
const lectureTanh = (x: number) => (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1);

describe('labels: names or explicit', () => {
  it('by default a value takes the name it is first assigned to', () => {
    expect(labels(LECTURE)).toEqual(['a', 'b', 'e', 'c', 'd', 'f', 'L']);
  });

  it("explicit keeps only the program's own labels, as draw_dot shows the lecture's code", () => {
    // Only b, c and e are labelled in the lecture's first cell.
    expect(labels(LECTURE, { source: LECTURE, labels: 'explicit' })).toEqual(['', 'b', 'e', 'c', '', '', '']);
  });

  it('explicit leaves free names from `values` unlabelled too, and keeps `.label =` on them', () => {
    const source = "y = x * w\nw.label = 'weight'";
    expect(labels(source, { source, values: { x: 2, w: 3 }, labels: 'explicit' })).toEqual(['', 'weight', '']);
    expect(labels(source, { source, values: { x: 2, w: 3 } })).toEqual(['x', 'weight', 'y']);
  });

  it('changes no number and keeps the gradients by name', () => {
    const plain = runProgram({ source: LECTURE });
    const explicit = runProgram({ source: LECTURE, labels: 'explicit' });
    expect([...explicit.names].map(([name, v]) => [name, v.data, v.grad])).toEqual([...plain.names].map(([name, v]) => [name, v.data, v.grad]));
  });
});

describe('tanh: math or the lecture formula', () => {
  const n = 0.8813735870195432; // the lecture neuron's n = x1*w1 + x2*w2 + b

  it("the lecture's neuron: o by (e^2n - 1) / (e^2n + 1), its grad 1 - o**2", () => {
    const { root } = runProgram({ source: LECTURE_NEURON, tanh: 'lecture' });
    const o = lectureTanh(n);
    expect(root.data).toBe(o);
    expect(root.inputs[0]?.grad).toBe(1 - o * o);
    expect(runProgram({ source: LECTURE_NEURON }).root.data).toBe(Math.tanh(n));
  });

  it('the two formulas differ in the last bits somewhere, and the option decides which one runs', () => {
    const xs = Array.from({ length: 200 }, (_, i) => -3 + i * 0.0301);
    const differing = xs.filter((x) => lectureTanh(x) !== Math.tanh(x));
    expect(differing.length).toBeGreaterThan(0);
    for (const x of differing.slice(0, 10)) {
      const source = `y = Value(${x}).tanh()`;
      expect(runProgram({ source, tanh: 'lecture' }).root.data).toBe(lectureTanh(x));
      expect(runProgram({ source }).root.data).toBe(Math.tanh(x));
    }
  });

  it('applies to every spelling and to plain numbers', () => {
    const x = 0.37;
    expect(runProgram({ source: `y = tanh(Value(${x}))`, tanh: 'lecture' }).root.data).toBe(lectureTanh(x));
    expect(runProgram({ source: `t = tanh(${x})\ny = Value(1.0) * t`, tanh: 'lecture' }).root.data).toBe(lectureTanh(x));
  });
});
