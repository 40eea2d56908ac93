import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { topologicalOrder, Value } from '../../src/engine/index.js';
import {
  ACTIVATIONS,
  buildLoss,
  buildMlpGraph,
  createMlp,
  layerActivations,
  LOSS_KINDS,
  mlpGraphSize,
  pythonSum,
  type Activation,
  type LossKind,
} from '../../src/nn/index.js';

describe('loss expressions are built as Python builds them', () => {
  test("Python's sum starts from 0: the first term gets a `+ 0` of its own", () => {
    const a = new Value(1.5);
    const b = new Value(2);
    const total = pythonSum([a, b]);
    expect(total.op).toBe('+');
    expect(total.inputs[1]).toBe(b);
    const first = total.inputs[0] as Value;
    expect(first.inputs[0]).toBe(a);
    expect(first.inputs[1]?.isLeaf).toBe(true);
    expect(first.inputs[1]?.data).toBe(0);
  });

  test('sse: (yout + -ygt)**2 summed from 0', () => {
    const yout = new Value(0.25);
    const { root, targets } = buildLoss('sse', [[yout]], [[1]], [], 0);
    const square = root.inputs[0] as Value;
    expect(square.op).toBe('**2');
    expect(square.inputs[0]?.inputs).toEqual([yout, targets[0]]);
    expect(targets[0]?.data).toBe(-1);
    expect(root.data).toBe((0.25 - 1) ** 2);
  });

  test('mse: sse * n**-1; hinge: sum(relu(1 + score * -y)) * (1 / n)', () => {
    const scores = [[new Value(0.5)], [new Value(0.25)], [new Value(3)]];
    const mse = buildLoss('mse', scores, [[1], [-1], [1]], [], 0).root;
    expect(mse.op).toBe('*');
    expect(mse.inputs[1]?.data).toBe(3 ** -1);
    const hinge = buildLoss('hinge', scores, [[1], [-1], [1]], [], 0).root;
    expect(hinge.inputs[1]?.data).toBe(1 / 3);
    const firstTerm = hinge.inputs[0]?.inputs[0]?.inputs[0]?.inputs[0] as Value;
    expect(firstTerm.op).toBe('ReLU');
    expect(firstTerm.inputs[0]?.op).toBe('+');
    expect(firstTerm.inputs[0]?.inputs[1]?.data).toBe(1);
    expect(firstTerm.inputs[0]?.inputs[0]?.inputs[0]).toBe(scores[0]?.[0]);
    // relu(1 - 0.5) + relu(1 + 0.25) + relu(1 - 3)
    expect(hinge.data).toBe((0.5 + 0 + 1.25 + 0) * (1 / 3));
  });

  test('l2 adds l2 * sum(p*p) to the data loss', () => {
    const p = [new Value(2), new Value(-3)];
    const { root } = buildLoss('sse', [[new Value(1)]], [[1]], p, 0.5);
    expect(root.op).toBe('+');
    expect(root.inputs[1]?.op).toBe('*');
    expect(root.inputs[1]?.inputs[1]?.data).toBe(0.5);
    expect(root.data).toBe(0 + 0.5 * (4 + 9));
    root.backward();
    expect(p.map((v) => v.grad)).toEqual([2 * 0.5 * 2, 2 * 0.5 * -3]);
  });
});

describe('the graph size is known before the graph is built', () => {
  test('mlpGraphSize equals the number of values of the built graph', () => {
    const activation = fc.constantFrom<Activation>(...ACTIVATIONS);
    const loss = fc.option(fc.constantFrom<LossKind>(...LOSS_KINDS), { nil: undefined });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        activation,
        activation,
        loss,
        fc.boolean(),
        (sizes, samples, hidden, output, kind, withL2) => {
          const activations = layerActivations(sizes.length - 1, { activation: hidden, outputActivation: output });
          const network = createMlp(sizes, { activation: hidden, outputActivation: output, seed: 11n });
          const nout = sizes[sizes.length - 1] as number;
          const inputs = Array.from({ length: samples }, (_, s) => Array.from({ length: sizes[0] as number }, (_, i) => s - i / 2));
          const targets = inputs.map(() => new Array<number>(nout).fill(0.5));
          const l2 = withL2 ? 1e-3 : 0;
          const lossSpec = kind === undefined ? undefined : { kind, targets, l2 };
          const built = buildMlpGraph(network, inputs, lossSpec);
          // Without a loss there is one root per output; count them all.
          const roots = kind === undefined ? built.outputs.flat() : [built.root];
          const seen = new Set<Value>();
          for (const root of roots) for (const v of topologicalOrder(root)) seen.add(v);
          expect(seen.size).toBe(mlpGraphSize(sizes, activations, samples, lossSpec && { kind: lossSpec.kind, l2 }));
        },
      ),
      { numRuns: 200, seed: 20240601 },
    );
  });

  test("micrograd's demo graph: MLP(2, [16, 16, 1]), 100 points, hinge and l2 is 65,818 values", () => {
    const activations = layerActivations(3, { init: 'micrograd' });
    expect(mlpGraphSize([2, 16, 16, 1], activations, 100, { kind: 'hinge', l2: 1e-4 })).toBe(65_818);
  });
});
