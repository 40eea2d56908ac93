"""Reference numbers for gradviz's MLPs, computed the way the micrograd lecture and demo compute them.

Run from the repository root with python3 (standard library only):
    python3 scripts/reference/mlp_reference.py > test/fixtures/mlp/reference.json

Each case holds the request the service takes (`spec`) and what plain Python gives for it (`expected`):
the loss, the predictions, every parameter's data and grad after the final forward and backward pass,
the loss history of training, and the number of values in the graph.

The Value below is the lecture's, with one change: children are kept in an ordered tuple instead of a
set, so the order in which gradients are summed does not depend on memory addresses from run to run.
tanh is the lecture's formula, (e^2x - 1) / (e^2x + 1), not math.tanh.
"""
import json
import math
import random
import sys


class Value:
    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float))
        out = Value(self.data**other, (self,), f"**{other}")

        def _backward():
            self.grad += other * (self.data ** (other - 1)) * out.grad

        out._backward = _backward
        return out

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other**-1

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):
        return self + other

    def tanh(self):
        x = self.data
        t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,), "ReLU")

        def _backward():
            self.grad += (out.data > 0) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self):
        s = 1 / (1 + math.exp(-self.data))
        out = Value(s, (self,), "sigmoid")

        def _backward():
            self.grad += out.data * (1 - out.data) * out.grad

        out._backward = _backward
        return out

    def topo(self):
        order, visited = [], set()

        def build(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                order.append(v)

        build(self)
        return order

    def backward(self):
        order = self.topo()
        self.grad = 1.0
        for node in reversed(order):
            node._backward()


ACTIVATIONS = {
    "tanh": lambda v: v.tanh(),
    "relu": lambda v: v.relu(),
    "sigmoid": lambda v: v.sigmoid(),
    "linear": lambda v: v,
}


class Neuron:
    def __init__(self, nin, activation, draw_bias, next_weight):
        self.w = [Value(next_weight()) for _ in range(nin)]
        self.b = Value(next_weight() if draw_bias else 0)
        self.activation = activation

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return ACTIVATIONS[self.activation](act)

    def parameters(self):
        return self.w + [self.b]


class Layer:
    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        # Always a list: micrograd returns a bare Value for one neuron, which breaks the next layer.
        return [n(x) for n in self.neurons]

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    def __init__(self, spec):
        sizes = spec["layers"]
        init = spec.get("init", "lecture")
        hidden = spec.get("activation", "tanh" if init == "lecture" else "relu")
        output = spec.get("outputActivation", "tanh" if init == "lecture" else "linear")
        explicit = spec.get("weights")
        if explicit is not None:
            supply = iter(explicit)
            next_weight = lambda: next(supply)
            draw_bias = True
        else:
            random.seed(int(spec.get("seed", 1337)))
            next_weight = lambda: random.uniform(-1, 1)
            draw_bias = init == "lecture"
        count = len(sizes) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], activation=output if i == count - 1 else hidden,
                  draw_bias=draw_bias, next_weight=next_weight)
            for i in range(count)
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def names(self):
        return [f"layer{l + 1}.neuron{n + 1}.{'w' + str(i + 1) if i < len(neuron.w) else 'b'}"
                for l, layer in enumerate(self.layers)
                for n, neuron in enumerate(layer.neurons)
                for i in range(len(neuron.w) + 1)]


def pairs(spec, outputs):
    """(prediction, target) in sample order, then output order."""
    targets = spec["targets"]
    for out, target in zip(outputs, targets):
        row = target if isinstance(target, list) else [target]
        yield from zip(out, row)


def forward(model, spec):
    """Returns (root, outputs). The lecture feeds plain numbers; micrograd's demo (hinge) wraps inputs in Values."""
    loss = spec.get("loss", "none")
    xs = spec["inputs"]
    if loss == "hinge":
        xs = [list(map(Value, x)) for x in xs]
    outputs = [model(x) for x in xs]
    if loss == "none":
        return outputs[0][0], outputs
    if loss == "sse":
        data_loss = sum((yout - ygt) ** 2 for yout, ygt in pairs(spec, outputs))
    elif loss == "mse":
        items = list(pairs(spec, outputs))
        data_loss = sum((yout - ygt) ** 2 for yout, ygt in items) / len(items)
    elif loss == "hinge":
        losses = [(1 + -yi * scorei).relu() for scorei, yi in pairs(spec, outputs)]
        data_loss = sum(losses) * (1.0 / len(losses))
    else:
        raise ValueError(loss)
    alpha = spec.get("l2", 0)
    if alpha:
        reg_loss = alpha * sum((p * p for p in model.parameters()))
        return data_loss + reg_loss, outputs
    return data_loss, outputs


def run(spec):
    model = MLP(spec)
    history = []
    train = spec.get("train")
    steps = train["steps"] if train else 0
    for k in range(steps):
        root, _ = forward(model, spec)
        for p in model.parameters():
            p.grad = 0.0
        root.backward()
        history.append(root.data)
        rate = train["learningRate"] * ((1.0 - 0.9 * k / steps) if train.get("decay") else 1.0)
        for p in model.parameters():
            p.data -= rate * p.grad
    root, outputs = forward(model, spec)
    for p in model.parameters():
        p.grad = 0.0
    root.backward()
    single = len(outputs[0]) == 1
    return {
        "loss": None if spec.get("loss", "none") == "none" else root.data,
        "predictions": [o[0].data if single else [v.data for v in o] for o in outputs],
        "parameters": [{"name": n, "data": p.data, "grad": p.grad}
                       for n, p in zip(model.names(), model.parameters())],
        "history": history,
        "graphNodes": len(root.topo()),
    }


LECTURE_XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
LECTURE_YS = [1.0, -1.0, -1.0, 1.0]


def two_moons_like(count, seed):
    """A small, fixed 2-D data set with labels -1/+1 (micrograd's demo uses sklearn's make_moons)."""
    rng = random.Random(seed)
    points, labels = [], []
    for i in range(count):
        upper = i % 2 == 0
        angle = math.pi * rng.random()
        x = math.cos(angle) + (0 if upper else 1) + rng.gauss(0, 0.1)
        y = math.sin(angle) * (1 if upper else -1) + (0 if upper else 0.5) + rng.gauss(0, 0.1)
        points.append([x, y])
        labels.append(1 if upper else -1)
    return points, labels


def cases():
    moons_x, moons_y = two_moons_like(12, 7)
    return [
        ("lecture", "The lecture's network and data: MLP(3, [4, 4, 1]), random.seed(1337), sse loss.",
         {"layers": [3, 4, 4, 1], "seed": 1337, "inputs": LECTURE_XS, "targets": LECTURE_YS, "loss": "sse"}),
        ("lecture-train", "The lecture's training loop: 20 steps at learning rate 0.05.",
         {"layers": [3, 4, 4, 1], "seed": 1337, "inputs": LECTURE_XS, "targets": LECTURE_YS, "loss": "sse",
          "train": {"steps": 20, "learningRate": 0.05}}),
        ("lecture-no-loss", "draw_dot(n(x)) for x = [2, 3, -1]: the output is the root.",
         {"layers": [3, 4, 4, 1], "seed": 1337, "inputs": [[2.0, 3.0, -1.0]]}),
        ("micrograd-init-mse", "micrograd's nn.py initialisation (bias 0, ReLU, linear output) with mse.",
         {"layers": [2, 4, 4, 1], "init": "micrograd", "seed": 42,
          "inputs": [[0.5, -1.0], [1.5, 0.25], [-0.75, 0.5], [2.0, 1.0], [-1.0, -1.5], [0.0, 0.3]],
          "targets": [1.0, -1.0, 0.5, 0.0, -0.5, 1.0], "loss": "mse",
          "train": {"steps": 5, "learningRate": 0.1}}),
        ("demo-hinge-l2-decay", "micrograd's demo loss: hinge, l2 1e-4, learning rate 1 decaying linearly.",
         {"layers": [2, 8, 8, 1], "init": "micrograd", "seed": 1337, "inputs": moons_x, "targets": moons_y,
          "loss": "hinge", "l2": 1e-4, "train": {"steps": 10, "learningRate": 1.0, "decay": True}}),
        ("overrides-multi-output", "One-neuron hidden layer, sigmoid hidden, linear output, two outputs, a seed past 2**64.",
         {"layers": [2, 1, 3, 2], "seed": str(2**64 + 7), "activation": "sigmoid", "outputActivation": "linear",
          "inputs": [[1.0, -2.0], [0.5, 0.5], [-1.5, 2.5]], "targets": [[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]],
          "loss": "sse", "l2": 0.01, "train": {"steps": 3, "learningRate": 0.1}}),
        ("explicit-weights-relu", "Explicit weights, ReLU hidden layer, tanh output, mse.",
         {"layers": [3, 2, 1], "activation": "relu",
          "weights": [0.1, -0.2, 0.3, 0.05, -0.4, 0.25, 0.6, -0.1, 0.7, -0.3, 0.2],
          "inputs": [[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], "targets": [0.5, -0.25], "loss": "mse",
          "train": {"steps": 2, "learningRate": 0.1}}),
    ]


def main():
    sys.setrecursionlimit(100_000)
    out = {"python": sys.version.split()[0], "cases": []}
    for name, description, spec in cases():
        out["cases"].append({"name": name, "description": description, "spec": spec, "expected": run(spec)})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
