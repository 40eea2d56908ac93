"""Runs the Python gradviz exports and records what each printed.

Reads JSON from export-cases.ts on stdin ({"cases": [{name, source, pytorch, micrograd, ...}]}),
runs every `pytorch` and `micrograd` script in a fresh interpreter (Debian's python3-torch for the
first), and writes the cases back with `pytorchOutput` and `microgradOutput` (stdout, as text):
    npx tsx scripts/reference/export-cases.ts | /usr/bin/python3 scripts/reference/run_exports.py \
        > test/fixtures/export/expressions.json
The test suite reads the outputs only; it never runs Python.
"""
import json
import os
import subprocess
import sys

import torch

# NumPy's AVX-512 sin and cos differ from the C library's in the last bits; scikit-learn's data sets
# in the MLP scripts are compared with gradviz's, made as the notebook's machine made them.
ENV = dict(os.environ, NPY_DISABLE_CPU_FEATURES="AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL")


def run(code):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=ENV)
    return done.stdout


def main():
    data = json.load(sys.stdin)
    for case in data["cases"]:
        for kind in ("pytorch", "micrograd"):
            if kind in case:
                case[kind + "Output"] = run(case[kind])
    data["torch"] = torch.__version__
    json.dump(data, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
