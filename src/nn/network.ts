import { Value, type Operand } from '../engine/index.js';
import { GradvizError } from '../errors.js';
import { tanh as mathTanh, type Rule } from '../engine/rules.js';
import { applyUnary, tanhRule, type TanhFormula } from './lecture-tanh.js';
import { PythonRandom } from './python-random.js';

export type Activation = 'tanh' | 'relu' | 'sigmoid' | 'linear';
export type Init = 'lecture' | 'micrograd';

export const ACTIVATIONS: readonly Activation[] = ['tanh', 'relu', 'sigmoid', 'linear'];
export const INITS: readonly Init[] = ['lecture', 'micrograd'];

/** Receives every value a neuron creates, in creation order (for labels and clusters in pictures). */
export type OnCreate = (value: Value) => void;

function activate(act: Value, activation: Activation, tanh: Rule): Value {
  switch (activation) {
    case 'tanh':
      return applyUnary(tanh, act);
    case 'relu':
      return act.relu();
    case 'sigmoid':
      return act.sigmoid();
    case 'linear':
      return act;
  }
}

export class Neuron {
  constructor(
    readonly w: readonly Value[],
    readonly b: Value,
    readonly activation: Activation,
    /** The engine's tanh, or the lecture's formula for it. */
    readonly tanhRule: Rule = mathTanh,
  ) {}

  /**
   * micrograd's `sum((wi*xi for wi, xi in zip(self.w, x)), self.b)` then the activation: the bias
   * comes first, so the sum is `((b + w0*x0) + w1*x1) + ...` and floats round as in Python.
   * A plain-number input becomes a fresh leaf for each product, as `Value * number` does there.
   */
  call(x: readonly Operand[], onCreate?: OnCreate): Value {
    if (x.length !== this.w.length) {
      throw new GradvizError('invalid-request', `a neuron with ${this.w.length} inputs got ${x.length}`);
    }
    let act = this.b;
    this.w.forEach((wi, i) => {
      const xi = x[i] as Operand;
      const input = typeof xi === 'number' ? new Value(xi) : xi;
      if (input !== xi) onCreate?.(input);
      const product = wi.mul(input);
      onCreate?.(product);
      act = act.add(product);
      onCreate?.(act);
    });
    const out = activate(act, this.activation, this.tanhRule);
    if (out !== act) onCreate?.(out);
    return out;
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

export class Layer {
  constructor(readonly neurons: readonly Neuron[]) {}

  /** Always a list, even of one: micrograd returns a bare Value there, which the next layer cannot take. */
  call(x: readonly Operand[], onCreate?: (value: Value, neuron: number) => void): Value[] {
    return this.neurons.map((neuron, n) => neuron.call(x, onCreate && ((value) => onCreate(value, n))));
  }

  parameters(): Value[] {
    return this.neurons.flatMap((neuron) => neuron.parameters());
  }
}

export interface MlpOptions {
  /** `lecture`: weights and bias uniform(-1, 1), tanh everywhere; `micrograd` (nn.py): bias 0, ReLU, linear output. */
  init?: Init;
  /** Every layer but the last; default from `init`. */
  activation?: Activation;
  /** The last layer; default from `init`. */
  outputActivation?: Activation;
  /** `random.seed(seed)`; default 1337, the seed of micrograd's demo. */
  seed?: bigint;
  /** Every parameter in `parameters()` order, replacing the random ones. */
  weights?: readonly number[];
  /** How tanh is computed; default `math`. */
  tanh?: TanhFormula;
}

/** Where parameters come from: a seeded CPython `random`, or a list given by the client. */
export interface WeightSource {
  /** The next weight or bias drawn. */
  next(): number;
  /** Whether biases are drawn too (micrograd's nn.py sets them to 0 without touching the generator). */
  drawsBias: boolean;
}

export const DEFAULT_SEED = 1337n;

export class MLP {
  readonly layers: readonly Layer[];

  /** `sizes` is `[nin, ...nouts]`, as in `MLP(nin, nouts)`. */
  constructor(
    readonly sizes: readonly number[],
    source: WeightSource,
    activations: readonly Activation[],
    tanh: Rule = mathTanh,
  ) {
    const layers: Layer[] = [];
    for (let l = 1; l < sizes.length; l++) {
      const nin = sizes[l - 1] as number;
      const neurons: Neuron[] = [];
      for (let n = 0; n < (sizes[l] as number); n++) {
        const w: Value[] = [];
        for (let i = 0; i < nin; i++) w.push(new Value(source.next(), `w${i + 1}`));
        const b = new Value(source.drawsBias ? source.next() : 0, 'b');
        neurons.push(new Neuron(w, b, activations[l - 1] as Activation, tanh));
      }
      layers.push(new Layer(neurons));
    }
    this.layers = layers;
  }

  call(x: readonly Operand[], onCreate?: (value: Value, layer: number, neuron: number) => void): Value[] {
    let values: readonly Operand[] = x;
    this.layers.forEach((layer, l) => {
      values = layer.call(values, onCreate && ((value, n) => onCreate(value, l, n)));
    });
    return values as Value[];
  }

  parameters(): Value[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }

  /** `layer1.neuron3.w2`, `layer1.neuron3.b`: 1-based, in `parameters()` order. */
  parameterNames(): string[] {
    return this.layers.flatMap((layer, l) =>
      layer.neurons.flatMap((neuron, n) => [
        ...neuron.w.map((_, i) => `layer${l + 1}.neuron${n + 1}.w${i + 1}`),
        `layer${l + 1}.neuron${n + 1}.b`,
      ]),
    );
  }
}

/** The activation of each layer: `init` decides, `activation` (hidden) and `outputActivation` (last) override. */
export function layerActivations(layerCount: number, options: MlpOptions): Activation[] {
  const init = options.init ?? 'lecture';
  const hidden = options.activation ?? (init === 'lecture' ? 'tanh' : 'relu');
  const output = options.outputActivation ?? (init === 'lecture' ? 'tanh' : 'linear');
  return Array.from({ length: layerCount }, (_, l) => (l === layerCount - 1 ? output : hidden));
}

/** Number of parameters of `MLP(sizes[0], sizes.slice(1))`: per neuron, one weight per input and a bias. */
export function parameterCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += (sizes[l] as number) * ((sizes[l - 1] as number) + 1);
  return count;
}

/** `MLP(sizes[0], sizes.slice(1))` with its weights drawn (or given) as `options` say. */
export function createMlp(sizes: readonly number[], options: MlpOptions = {}): MLP {
  return new MLP(sizes, weightSource(sizes, options), layerActivations(sizes.length - 1, options), tanhRule(options.tanh));
}

function weightSource(sizes: readonly number[], options: MlpOptions): WeightSource {
  const { weights } = options;
  if (weights !== undefined) {
    const expected = parameterCount(sizes);
    if (weights.length !== expected) {
      throw new GradvizError(
        'invalid-request',
        `weights has ${weights.length} numbers but the network has ${expected} parameters (weights then bias, per neuron)`,
      );
    }
    let next = 0;
    return { next: () => weights[next++] as number, drawsBias: true };
  }
  const rng = new PythonRandom(options.seed ?? DEFAULT_SEED);
  return { next: () => rng.uniform(-1, 1), drawsBias: (options.init ?? 'lecture') === 'lecture' };
}
