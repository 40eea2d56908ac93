import { describe, expect, test } from 'vitest';
import { runMlp, type MlpSpec } from '../../src/nn/index.js';
import { startTraining } from '../../src/nn/training-session.js';
import { kindOf } from '../helpers/errors.js';

const DEMO: MlpSpec = {
  layers: [2, 8, 8, 1],
  init: 'micrograd',
  dataset: { name: 'moons', samples: 60 },
  loss: 'hinge',
  l2: 1e-4,
  train: { steps: 20, learningRate: 1, decay: true, batchSize: 20 },
};

describe('a training session, one step at a time', () => {
  test('takes the steps runMlp takes, to the bit, and shows the boundary between them', () => {
    const session = startTraining(DEMO);
    const before = session.boundary();
    for (let k = 0; k < 10; k++) session.trainer.step();
    const halfway = session.boundary();
    expect(halfway.xs).toEqual(before.xs);
    expect(halfway.scores).not.toEqual(before.scores);
    session.trainer.run();
    session.trainer.finalPass();
    const result = runMlp(DEMO);
    expect(session.trainer.history).toEqual(result.history);
    expect(session.trainer.accuracy).toEqual(result.accuracy);
    expect(session.graph.parameters.map((p) => p.grad)).toEqual(result.parameters.map((p) => p.grad));
  });

  test('needs a loss and training, and keeps runMlp\'s limits', () => {
    expect(kindOf(() => startTraining({ layers: [2, 1], inputs: [[1, 2]] }))).toBe('invalid-request');
    expect(kindOf(() => startTraining(DEMO, { maxTrainingWork: 1000 }))).toBe('limit-exceeded');
  });
});
