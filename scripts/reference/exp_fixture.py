"""CPython's math.exp on a spread of inputs, to measure how often another libm's exp differs from it.

Run with Debian's python3 (it uses the C library's exp):
    /usr/bin/python3 scripts/reference/exp_fixture.py > test/fixtures/parity/exp.json
Inputs: 3,000 uniform in [-5, 5] (where a network's activations live) and 1,000 uniform in
[-700, 700] (most of exp's range), from random.seed(2024); each with its exp, as Python prints them.
Also tanh by the lecture's formula (e^2x - 1) / (e^2x + 1) for the first 2,000 inputs.
"""
import json
import math
import random
import sys


def main():
    rng = random.Random(2024)
    narrow = [rng.uniform(-5, 5) for _ in range(3000)]
    wide = [rng.uniform(-700, 700) for _ in range(1000)]
    tanh_inputs = narrow[:2000]
    out = {
        "python": sys.version.split()[0],
        "narrow": {"inputs": narrow, "exp": [math.exp(x) for x in narrow]},
        "wide": {"inputs": wide, "exp": [math.exp(x) for x in wide]},
        "lectureTanh": {
            "inputs": tanh_inputs,
            "tanh": [(math.exp(2 * x) - 1) / (math.exp(2 * x) + 1) for x in tanh_inputs],
            "mathTanh": [math.tanh(x) for x in tanh_inputs],
        },
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
