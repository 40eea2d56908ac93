"""Reference values and gradients for the engine's ops, computed by PyTorch in float64.

Run with a Python that has torch (Debian: apt-get install python3-torch):
    /usr/bin/python3 scripts/reference/engine_torch.py > test/fixtures/engine-torch.json
Each case names its inputs; test/engine/torch-reference.test.ts builds the same expression
with the engine and compares data and every input's gradient.
"""
import json
import torch

torch.set_default_dtype(torch.float64)


def micrograd_readme(a, b):
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    return g


def lecture_neuron(x1, x2, w1, w2, b):
    return torch.tanh(x1 * w1 + x2 * w2 + b)


def every_unary_op(x):
    return torch.tanh(x) + torch.relu(x) + torch.exp(x) + torch.log(x) + torch.sigmoid(x) + x**2 + x**-1 + x**0.5


def value_exponent(x, y):
    return x**y + 2**y


def sigmoid_log_chain(x, y):
    return torch.sigmoid(x * y) * torch.log(y) - torch.exp(-x) / y


def reused_values(a):
    b = a * a
    c = b + a
    return c * c + torch.tanh(b)


CASES = [
    ("micrograd_readme", micrograd_readme, {"a": -4.0, "b": 2.0}),
    ("lecture_neuron", lecture_neuron, {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}),
    ("every_unary_op", every_unary_op, {"x": 0.8}),
    ("value_exponent", value_exponent, {"x": 1.7, "y": -0.6}),
    ("sigmoid_log_chain", sigmoid_log_chain, {"x": -1.3, "y": 2.4}),
    ("reused_values", reused_values, {"a": 0.45}),
]


def main():
    out = {"torch": torch.__version__, "cases": []}
    for name, fn, inputs in CASES:
        tensors = {k: torch.tensor(v, requires_grad=True) for k, v in inputs.items()}
        result = fn(**tensors)
        result.backward()
        out["cases"].append({
            "name": name,
            "inputs": inputs,
            "data": result.item(),
            "grads": {k: t.grad.item() for k, t in tensors.items()},
        })
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
