"""Reference numbers for micrograd's demo notebook (demo.ipynb), run with micrograd's operands kept in order.

Run from the repository root with Debian's python3-numpy and python3-sklearn:
    /usr/bin/python3 scripts/reference/demo_reference.py > test/fixtures/mlp/demo.json

The notebook, step for step: np.random.seed(1337); random.seed(1337); X, y = make_moons(100, noise=0.1);
y = y*2 - 1; model = MLP(2, [16, 16, 1]); 100 steps of the svm max-margin loss with L2 alpha 1e-4 at
learning rate 1.0 - 0.9*k/100, printing loss and accuracy; then the decision boundary's grid (h = 0.25 over
the data's range +-1) scored by the trained model. The Value, Neuron, Layer and MLP are mlp_reference.py's
(the lecture's, children in an ordered tuple), so the sums run in one fixed order.
Two smaller runs add mini-batches: one continuing the data set's NumPy stream, as the notebook's
loss(batch_size) does, and one over inputs given directly, its batches seeded by np.random.seed(batchSeed).
"""
import json
import math
import os
import sys

# NumPy's AVX-512 sin and cos differ from the C library's in the last bits; the notebook had the C library's.
os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"

import numpy as np
from sklearn.datasets import make_moons

from mlp_reference import MLP, Value


def loss(model, X, y, alpha, batch_size=None):
    """The notebook's loss(): returns (total_loss, accuracy) for the whole set or a random batch."""
    if batch_size is None:
        Xb, yb = X, y
    else:
        ri = np.random.permutation(len(X))[:batch_size]
        Xb, yb = [X[i] for i in ri], [y[i] for i in ri]
    inputs = [list(map(Value, xrow)) for xrow in Xb]
    scores = [model(x)[0] for x in inputs]
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(yb, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = alpha * sum((p * p for p in model.parameters()))
    total_loss = data_loss + reg_loss
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]
    return total_loss, sum(accuracy) / len(accuracy)


def train(model, X, y, steps, alpha, batch_size=None):
    history, accuracies = [], []
    for k in range(steps):
        total_loss, acc = loss(model, X, y, alpha, batch_size)
        for p in model.parameters():
            p.grad = 0.0
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / steps
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        history.append(total_loss.data)
        accuracies.append(acc)
    return history, accuracies


def arange(start, stop, step):
    return np.arange(start, stop, step).tolist()


def boundary(model, X):
    h = 0.25
    x_min, x_max = min(r[0] for r in X) - 1, max(r[0] for r in X) + 1
    y_min, y_max = min(r[1] for r in X) - 1, max(r[1] for r in X) + 1
    xs, ys = arange(x_min, x_max, h), arange(y_min, y_max, h)
    scores = [[model([Value(x), Value(yv)])[0].data for x in xs] for yv in ys]
    return {"h": h, "xs": xs, "ys": ys, "scores": scores}


def demo():
    np.random.seed(1337)
    X, y = make_moons(n_samples=100, noise=0.1)
    X, y = X.tolist(), [int(v) * 2 - 1 for v in y]
    spec = {"layers": [2, 16, 16, 1], "init": "micrograd", "seed": 1337}
    model = MLP(spec)
    history, accuracy = train(model, X, y, 100, 1e-4)
    return {"spec": spec, "inputs": X, "targets": y, "history": history, "accuracy": accuracy,
            "parameters": [p.data for p in model.parameters()], "boundary": boundary(model, X)}


def batches_from_dataset():
    np.random.seed(7)
    X, y = make_moons(n_samples=40, noise=0.2)
    X, y = X.tolist(), [int(v) * 2 - 1 for v in y]
    spec = {"layers": [2, 8, 8, 1], "init": "micrograd", "seed": 3}
    model = MLP(spec)
    history, accuracy = train(model, X, y, 12, 1e-4, batch_size=10)
    return {"dataset": {"name": "moons", "samples": 40, "noise": 0.2, "seed": 7}, "spec": spec, "batchSize": 10,
            "steps": 12, "history": history, "accuracy": accuracy, "parameters": [p.data for p in model.parameters()]}


def batches_from_inputs():
    inputs = [[math.cos(i * 0.7) * 2, math.sin(i * 1.3)] for i in range(16)]
    targets = [1 if a * b > 0 else -1 for a, b in inputs]
    np.random.seed(99)
    spec = {"layers": [2, 6, 1], "init": "micrograd", "seed": 5}
    model = MLP(spec)
    history, accuracy = train(model, inputs, targets, 8, 1e-4, batch_size=5)
    return {"inputs": inputs, "targets": targets, "spec": spec, "batchSize": 5, "batchSeed": 99, "steps": 8,
            "history": history, "accuracy": accuracy, "parameters": [p.data for p in model.parameters()]}


def main():
    sys.setrecursionlimit(100_000)
    out = {"numpy": np.__version__, "demo": demo(), "batchesFromDataset": batches_from_dataset(),
           "batchesFromInputs": batches_from_inputs()}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
