"""Reference draws of CPython's `random` for integer seeds, for the tests of src/nn/python-random.ts.

Run from the repository root with python3 (standard library only):
    python3 scripts/reference/python_random_fixture.py > test/fixtures/mlp/python-random.json
Seeds are written as decimal strings because JSON numbers cannot carry integers past 2**53.
"""
import json
import random
import sys

SEEDS = [0, 1, 42, 1337, -1337, -5, 2**31, 2**32 - 1, 2**32, 2**53 + 1, 2**64 + 7, -(2**70), 10**30,
         # 626 words: longer than the generator's 624-word state, so init_by_array wraps over the key
         2**20000 + 12345]


def draws(seed, count):
    rng = random.Random(seed)
    return [rng.random() for _ in range(count)]


def uniforms(seed, count):
    rng = random.Random(seed)
    return [rng.uniform(-1, 1) for _ in range(count)]


def main():
    if hasattr(sys, "set_int_max_str_digits"):  # Python 3.11 caps int-to-str at 4300 digits
        sys.set_int_max_str_digits(0)
    cases = []
    for seed in SEEDS:
        cases.append({"seed": str(seed), "random": draws(seed, 8), "uniform": uniforms(seed, 8)})
    # 700 doubles take 1,400 words: the generator regenerates its state twice.
    long_run = {"seed": "1337", "random": draws(1337, 700)}
    json.dump({"python": sys.version.split()[0], "cases": cases, "longRun": long_run}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
