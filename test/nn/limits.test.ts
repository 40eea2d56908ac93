import { describe, expect, test } from 'vitest';
import { GradvizError } from '../../src/errors.js';
import { DEFAULT_MLP_LIMITS, runMlp, type MlpLimits, type MlpSpec } from '../../src/nn/index.js';
import { moons } from './moons.js';

function failure(spec: MlpSpec, limits: MlpLimits = DEFAULT_MLP_LIMITS): GradvizError {
  try {
    runMlp(spec, limits);
  } catch (error) {
    if (error instanceof GradvizError) return error;
    throw error;
  }
  return expect.fail('the request should have been refused');
}

const demo = (() => {
  const { inputs, targets } = moons(100);
  return { layers: [2, 16, 16, 1], init: 'micrograd', inputs, targets, loss: 'hinge', l2: 1e-4 } satisfies MlpSpec;
})();

describe('limits name themselves and the size asked for', () => {
  test('maxParameters, before a network of a trillion weights is built', () => {
    const error = failure({ layers: [1_000_000, 1_000_000], inputs: [[1]] });
    expect(error.kind).toBe('limit-exceeded');
    expect(error.details).toEqual({ limit: 'maxParameters', limitValue: 10_000, requested: 1_000_001_000_000 });
    expect(error.message).toBe('the network has 1,000,001,000,000 parameters; the limit maxParameters is 10,000');
  });

  test('maxInputs is about the request itself (413)', () => {
    const inputs = Array.from({ length: 1_001 }, () => [0]);
    const error = failure({ layers: [1, 1], inputs, targets: inputs.map(() => 0), loss: 'sse' });
    expect(error.details).toEqual({ limit: 'maxInputs', limitValue: 1_000, requested: 1_001, inputTooLarge: true });
  });

  test('maxGraphNodes counts the values exactly, before building', () => {
    const tight = { ...DEFAULT_MLP_LIMITS, maxGraphNodes: 65_817 };
    expect(failure(demo, tight).details).toEqual({ limit: 'maxGraphNodes', limitValue: 65_817, requested: 65_818 });
    expect(runMlp(demo, { ...tight, maxGraphNodes: 65_818 }).graphNodes).toBe(65_818);
  });

  test('maxTrainingWork is steps x graph values', () => {
    const error = failure({ ...demo, train: { steps: 1_000, learningRate: 1 } });
    expect(error.details).toEqual({ limit: 'maxTrainingWork', limitValue: 50_000_000, requested: 65_818_000 });
    expect(error.message).toContain('65,818,000');
  });

  test('maxSteps bounds the history', () => {
    const spec: MlpSpec = { layers: [1, 1], inputs: [[1]], targets: [1], loss: 'sse', train: { steps: 10_001, learningRate: 0.1 } };
    expect(failure(spec).details).toEqual({ limit: 'maxSteps', limitValue: 10_000, requested: 10_001 });
  });

  test('maxSeedDigits bounds seeds given as strings', () => {
    const error = failure({ layers: [1, 1], inputs: [[1]], seed: '9'.repeat(10_001) });
    expect(error.details).toEqual({ limit: 'maxSeedDigits', limitValue: 10_000, requested: 10_001, inputTooLarge: true });
  });

  test("the defaults leave room for the lecture and micrograd's demo (100 steps)", () => {
    expect(runMlp({ ...demo, train: { steps: 100, learningRate: 1, decay: true } }).history).toHaveLength(100);
  });
});

describe('invalid requests', () => {
  const lecture: MlpSpec = { layers: [3, 4, 4, 1], inputs: [[2, 3, -1]], targets: [1], loss: 'sse' };
  test.each<[string, MlpSpec, RegExp]>([
    ['layers too short', { ...lecture, layers: [3] }, /layers/],
    ['a zero-sized layer', { ...lecture, layers: [3, 0, 1] }, /layers/],
    ['a fractional layer size', { ...lecture, layers: [3, 2.5, 1] }, /layers/],
    ['an unknown init', { ...lecture, init: 'xavier' as never }, /init must be one of lecture, micrograd/],
    ['an unknown activation', { ...lecture, activation: 'gelu' as never }, /activation must be one of/],
    ['an unknown loss', { ...lecture, loss: 'l1' as never }, /loss must be one of sse, mse, hinge, none/],
    ['no inputs', { ...lecture, inputs: [] }, /inputs/],
    ['an input of the wrong length', { ...lecture, inputs: [[1, 2]] }, /inputs\[0\] must have 3 numbers, got 2/],
    ['a non-number input', { ...lecture, inputs: [[1, '2', 3] as never] }, /inputs\[0\]\[1\] must be a finite number/],
    ['targets of the wrong length', { ...lecture, targets: [1, 2] }, /one entry per input/],
    ['a list target for one output is fine, a wrong-length one is not', { ...lecture, targets: [[1, 2]] }, /targets\[0\] must have 1 number/],
    ['targets without a loss', { ...lecture, loss: 'none' }, /targets need a loss/],
    ['training without a loss', { layers: [3, 1], inputs: [[1, 2, 3]], train: { steps: 1, learningRate: 0.1 } }, /training needs a loss/],
    ['a batch larger than the data', { ...lecture, train: { steps: 1, learningRate: 0.1, batchSize: 2 } }, /batchSize must be an integer from 1 to the number of inputs \(1\)/],
    ['a batch seed without a batch size', { ...lecture, train: { steps: 1, learningRate: 0.1, batchSeed: 3 } }, /give train.batchSize too/],
    ['a batch seed past 2^32', { ...lecture, train: { steps: 1, learningRate: 0.1, batchSize: 1, batchSeed: 2 ** 32 } }, /batchSeed/],
    ['a batch seed with a dataset', { layers: [2, 1], dataset: { name: 'moons' }, loss: 'hinge', train: { steps: 1, learningRate: 0.1, batchSize: 5, batchSeed: 3 } }, /continue its seed/],
    ['a dataset beside inputs', { ...lecture, layers: [2, 1], dataset: { name: 'moons' } }, /either dataset or inputs/],
    ['a dataset for three inputs', { layers: [3, 1], dataset: { name: 'xor' } }, /layers must start with 2 and end with 1/],
    ['an unknown dataset', { layers: [2, 1], dataset: { name: 'iris' as never } }, /dataset.name must be one of/],
    ['a negative l2', { ...lecture, l2: -1 }, /l2/],
    ['a zero learning rate', { ...lecture, train: { steps: 1, learningRate: 0 } }, /learningRate/],
    ['fractional steps', { ...lecture, train: { steps: 1.5, learningRate: 0.1 } }, /steps/],
    ['a fractional seed', { ...lecture, seed: 1.5 }, /seed must be an integer/],
    ['a seed past 2^53 as a number', { ...lecture, seed: 2 ** 60 }, /as a string/],
    ['a seed string that is not an integer', { ...lecture, seed: '12e3' }, /seed/],
  ])('%s', (_name, spec, message) => {
    const error = failure(spec);
    expect(error.kind).toBe('invalid-request');
    expect(error.message).toMatch(message);
  });

  test('a target list for a single output is accepted', () => {
    expect(runMlp({ ...lecture, targets: [[1]] }).loss).toBe(runMlp(lecture).loss);
  });

  test('seeds: any integer, as a number, a bigint or a string of digits', () => {
    const weights = (seed: MlpSpec['seed']): number[] => runMlp({ ...lecture, seed }).parameters.map((p) => p.data);
    expect(weights('1337')).toEqual(weights(1337));
    expect(weights(1337n)).toEqual(weights(1337));
    expect(weights(undefined)).toEqual(weights(1337));
    expect(weights('-18446744073709551623')).toEqual(weights(18446744073709551623n));
    expect(weights(-5)).not.toEqual(weights(1337));
  });
});
