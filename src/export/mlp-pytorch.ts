import { DEFAULT_MLP_LIMITS, type MlpLimits } from '../nn/limits.js';
import { createMlp, type Activation } from '../nn/network.js';
import { validateMlpSpec, type MlpSpec, type ValidMlpSpec } from '../nn/spec.js';
import { datasetLines } from './mlp-pytorch-data.js';
import { pythonFloat } from './python-literals.js';

const ACTIVATE: Record<Activation, (x: string) => string> = {
  tanh: (x) => `torch.tanh(${x})`,
  relu: (x) => `torch.relu(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  linear: (x) => x,
};

const matrix = (rows: readonly (readonly number[])[]): string => `[${rows.map((r) => `[${r.map(pythonFloat).join(', ')}]`).join(', ')}]`;

/** The data loss of the scores against the targets, as each kind builds it. */
const DATA_LOSS = {
  sse: '((scores - y) ** 2).sum()',
  mse: '((scores - y) ** 2).sum() / scores.numel()',
  hinge: 'torch.relu(1 + -y * scores).sum() * (1.0 / scores.numel())',
} as const;

/**
 * An MLP request as a PyTorch script in float64: the same data (or the scikit-learn call that makes
 * it), the network's initial weights as one matrix per layer, the loss, the training loop with its
 * schedule and mini-batches, then the final pass. It prints each step's loss and accuracy, the final
 * loss and predictions, and every parameter's data and grad by gradviz's names.
 * Throws GradvizError as runMlp does for an invalid request.
 */
export function mlpToPytorch(spec: MlpSpec, overrides: Partial<MlpLimits> = {}): string {
  const valid = validateMlpSpec(spec, { ...DEFAULT_MLP_LIMITS, ...overrides });
  const network = createMlp(valid.sizes, valid.network);
  const lines = [
    '"""An MLP run from gradviz, in PyTorch float64: prints each step\'s loss and accuracy, then the final pass."""',
    'import torch',
    '',
    'torch.set_default_dtype(torch.float64)',
    '',
    ...datasetLines(spec, valid),
    '',
    '# Each layer: one row of weights per neuron, and the biases, as gradviz drew them.',
  ];
  network.layers.forEach((layer, l) => {
    lines.push(`W${l + 1} = torch.tensor(${matrix(layer.neurons.map((n) => n.w.map((w) => w.data)))}, requires_grad=True)`);
    lines.push(`b${l + 1} = torch.tensor([${layer.neurons.map((n) => pythonFloat(n.b.data)).join(', ')}], requires_grad=True)`);
  });
  const layers = network.layers.map((_, l) => l + 1);
  lines.push(`parameters = [${layers.map((l) => `W${l}, b${l}`).join(', ')}]`, '', '', 'def forward(x):');
  network.layers.forEach((_, l) => lines.push(`    x = ${ACTIVATE[valid.activations[l] as Activation](`x @ W${l + 1}.T + b${l + 1}`)}`));
  lines.push('    return x', '');
  if (valid.loss === undefined) lines.push(...predictionLines(valid));
  else lines.push(...trainingLines(valid));
  lines.push(...parameterLines(valid));
  return `${lines.join('\n')}\n`;
}

function predictionLines(valid: ValidMlpSpec): string[] {
  const single = valid.inputs.length === 1 && valid.sizes[valid.sizes.length - 1] === 1;
  return [
    '',
    'scores = forward(X)',
    ...(single ? ['scores.sum().backward()  # one prediction: the graph is rooted at it'] : []),
    'for s, row in enumerate(scores.tolist()):',
    '    print("prediction", s, *map(repr, row))',
  ];
}

function trainingLines(valid: ValidMlpSpec): string[] {
  const loss = valid.loss as NonNullable<ValidMlpSpec['loss']>;
  const single = valid.sizes[valid.sizes.length - 1] === 1;
  const lines = [
    '',
    'def loss_of(x, y):',
    '    scores = forward(x)',
    `    total = ${DATA_LOSS[loss.kind]}`,
    ...(loss.l2 === 0 ? [] : [`    total = total + ${pythonFloat(loss.l2)} * sum((p * p).sum() for p in parameters)`]),
    '    return total, scores',
    '',
    '',
    'def accuracy(y, scores):',
    `    return ${single ? '((y > 0) == (scores > 0)).sum().item() / len(y)' : 'None'}`,
    '',
  ];
  const train = valid.train;
  if (train !== undefined && train.steps > 0) {
    const rate = train.decay === true ? `${pythonFloat(train.learningRate)} * (1.0 - 0.9 * k / ${train.steps})` : pythonFloat(train.learningRate);
    const batch = train.batchSize === undefined ? ['    xb, yb = X, Y'] : [
      `    ri = torch.as_tensor(np.random.permutation(len(X))[:${train.batchSize}])`,
      '    xb, yb = X[ri], Y[ri]',
    ];
    lines.push(
      `for k in range(${train.steps}):`,
      ...batch,
      '    total, scores = loss_of(xb, yb)',
      '    for p in parameters:',
      '        p.grad = None',
      '    total.backward()',
      `    learning_rate = ${rate}`,
      '    with torch.no_grad():',
      '        for p in parameters:',
      '            p -= learning_rate * p.grad',
      '    print("step", k, "loss", repr(total.item()), "accuracy", repr(accuracy(yb, scores)))',
      '',
    );
  }
  lines.push(
    'total, scores = loss_of(X, Y)',
    'for p in parameters:',
    '    p.grad = None',
    'total.backward()',
    'print("loss", repr(total.item()))',
    'for s, row in enumerate(scores.tolist()):',
    '    print("prediction", s, *map(repr, row))',
  );
  return lines;
}

function parameterLines(valid: ValidMlpSpec): string[] {
  const layers = valid.sizes.length - 1;
  return [
    '',
    '# Every parameter by gradviz\'s name, in parameters() order: per neuron its weights, then its bias.',
    `for l, (W, b) in enumerate([${Array.from({ length: layers }, (_, l) => `(W${l + 1}, b${l + 1})`).join(', ')}]):`,
    '    for n in range(W.shape[0]):',
    '        for i in range(W.shape[1]):',
    '            grad = 0.0 if W.grad is None else W.grad[n, i].item()',
    '            print(f"layer{l + 1}.neuron{n + 1}.w{i + 1}", repr(W[n, i].item()), repr(grad))',
    '        grad = 0.0 if b.grad is None else b.grad[n].item()',
    '        print(f"layer{l + 1}.neuron{n + 1}.b", repr(b[n].item()), repr(grad))',
  ];
}
