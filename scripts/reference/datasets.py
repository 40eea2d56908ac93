"""Reference data sets for gradviz, made the way micrograd's demo notebook makes its data.

Run from the repository root with Debian's python3-numpy and python3-sklearn:
    /usr/bin/python3 scripts/reference/datasets.py > test/fixtures/datasets/reference.json

moons, circles and blobs come from scikit-learn itself after np.random.seed(seed), as in the notebook
(random_state left to NumPy's global generator); labels become y*2 - 1. xor, spiral and gauss are the
TensorFlow Playground's sets as gradviz defines them (src/nn/datasets/playground.ts), written here
again over NumPy's global generator. After each set, a few mini-batches continue the same stream,
as the notebook's loss(batch_size) does: np.random.permutation(n)[:batch_size].
"""
import json
import math
import os
import sys

# NumPy's AVX-512 builds of sin and cos (and exp, log) differ from the C library's in the last bits;
# the notebook was made with the C library's (its first point needs them), so switch those builds off.
os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"

import numpy as np
import sklearn
from sklearn.datasets import make_blobs, make_circles, make_moons


def halves(n):
    first = -(-n // 2)
    return [first, n - first]


def shuffled(points, classes):
    order = np.random.permutation(len(points))
    return [points[i] for i in order], [classes[i] for i in order]


def gauss(n, noise):
    std = math.sqrt(0.5 + 3.5 * noise / 0.5)
    points, classes = [], []
    for half, count in enumerate(halves(n)):
        center = 2 if half == 0 else -2
        for _ in range(count):
            points.append([np.random.normal(center, std), np.random.normal(center, std)])
            classes.append(1 if half == 0 else 0)
    return shuffled(points, classes)


def spiral(n, noise):
    points, classes = [], []
    for half, count in enumerate(halves(n)):
        turn = 0 if half == 0 else math.pi
        for i in range(count):
            r = i / count * 5
            t = 1.75 * i / count * 2 * math.pi + turn
            x = r * math.sin(t) + np.random.uniform(-1, 1) * noise
            y = r * math.cos(t) + np.random.uniform(-1, 1) * noise
            points.append([x, y])
            classes.append(1 if half == 0 else 0)
    return shuffled(points, classes)


def xor(n, noise):
    def padded(v):
        return v + 0.3 if v > 0 else v - 0.3

    points, classes = [], []
    for _ in range(n):
        x = padded(np.random.uniform(-5, 5))
        y = padded(np.random.uniform(-5, 5))
        nx = np.random.uniform(-5, 5) * noise
        ny = np.random.uniform(-5, 5) * noise
        points.append([x, y])
        classes.append(1 if (x + nx) * (y + ny) >= 0 else 0)
    return points, classes


def make(name, samples, noise, factor):
    if name == "moons":
        return make_moons(n_samples=samples, noise=noise)
    if name == "circles":
        return make_circles(n_samples=samples, noise=noise, factor=factor)
    if name == "blobs":
        return make_blobs(n_samples=samples, centers=2, cluster_std=noise)
    return {"xor": xor, "spiral": spiral, "gauss": gauss}[name](samples, noise)


CASES = [
    ("moons", 100, 0.1, 1337, [None, 32, 32, 10]),
    ("moons", 7, 0.3, 0, [5]),
    ("moons", 1, 0.0, 42, [1]),
    ("circles", 100, 0.1, 1337, [16]),
    ("circles", 51, 0.05, 3, [8]),
    ("blobs", 100, 1.0, 1337, [20]),
    ("blobs", 33, 2.5, 5, [4]),
    ("xor", 100, 0.0, 1337, [10]),
    ("xor", 40, 0.25, 9, [10]),
    ("spiral", 100, 0.0, 1337, [10]),
    ("spiral", 61, 0.5, 11, [10]),
    ("gauss", 100, 0.0, 1337, [10]),
    ("gauss", 25, 0.4, 4294967295, [10]),
]


def main():
    t = np.linspace(0, np.pi, 50)
    assert all(np.cos(t) == [math.cos(v) for v in t]), "NumPy's cos must be the C library's"
    out = {"numpy": np.__version__, "sklearn": sklearn.__version__, "cases": []}
    for name, samples, noise, seed, batches in CASES:
        factor = 0.5
        np.random.seed(seed)
        X, y = make(name, samples, noise, factor)
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y) * 2 - 1
        drawn = [np.random.permutation(samples)[:b].tolist() for b in batches if b is not None]
        spec = {"name": name, "samples": samples, "noise": noise, "seed": seed}
        if name == "circles":
            spec["factor"] = factor
        out["cases"].append({
            "spec": spec,
            "inputs": X.tolist(),
            "targets": [int(v) for v in y],
            "batches": [b for b in batches if b is not None],
            "batchIndices": drawn,
        })
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
