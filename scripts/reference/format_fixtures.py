#!/usr/bin/env python3
"""Writes test/fixtures/format-fixed.json: Python's own '%.*f' output for awkward doubles.

formatFixed must agree with Python byte for byte, because the pictures must show the numbers
micrograd's draw_dot shows. Each case stores the double's IEEE-754 bits (so -0.0, inf, nan and
every last bit survive JSON), the precision, and what Python prints. Seeded: reruns give the same file.

Run from the repository root: python3 scripts/reference/format_fixtures.py
"""
import json
import math
import os
import random
import struct
import sys

OUT = os.path.join('test', 'fixtures', 'format-fixed.json')
MAX_DIGITS = 10


def bits(x):
    return struct.pack('>d', x).hex()


def from_bits(b):
    return struct.unpack('>d', struct.pack('>Q', b))[0]


def cases(rng):
    xs = []
    # Ordinary values across many magnitudes, both signs.
    for exponent in range(-12, 23):
        for _ in range(30):
            x = rng.random() * 10.0 ** exponent
            xs.append(x if rng.random() < 0.5 else -x)
    # Any bit pattern at all: denormals, huge values, everything in between.
    while len(xs) < 1650:
        x = from_bits(rng.getrandbits(64))
        if math.isfinite(x):
            xs.append(x)
    # Exact binary ties (k + 1/2 units of the last printed digit for some precision): the case
    # where JS's toFixed rounds away from zero and Python rounds half to even.
    for n in range(1, 12):
        for k in range(1, 2 ** n, 2):
            if k < 64 or rng.random() < 0.2:
                xs.append(k / 2 ** n)
                xs.append(-k / 2 ** n)
    for whole in (0, 1, 2, 3, 10, 99, 12345, 2 ** 40):
        for frac in (0.5, 0.25, 0.125, 0.375, 0.0625, 0.03125, 0.09375):
            xs.append(whole + frac)
            xs.append(-(whole + frac))
    # Values just either side of a tie, and numbers people type.
    for x in (0.05, 0.15, 0.25, 0.35, 0.45, 1.005, 2.675, 0.1 + 0.2, 1 / 3, 2 / 3, -8.0, 6.0, -4.0,
              0.7071067811865476, 6.881373587019543, 1e-5, -1e-5, 4.9999e-5, 5e-5, 5.00001e-5,
              0.00005, 0.000049999999999999996, 0.5 - 2 ** -54, 0.5 + 2 ** -53):
        xs.append(x)
        xs.append(-x)
    # Zeros, extremes and the place where toFixed switches to exponent form.
    xs += [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
           -1.7976931348623157e308, 1e21, -1e21, 999999999999999900000.0, 1e21 - 65536.0,
           2.0 ** 53, 2.0 ** 53 + 2, 2.0 ** 64, 2.0 ** 70 + 2.0 ** 20, 1.5e300, 123456789012345678901234.0,
           math.inf, -math.inf, math.nan]
    return xs


def main():
    rng = random.Random(20240611)
    out = []
    for x in cases(rng):
        # Two precisions per value keeps the file small; the lecture's 4 is always among them.
        digit_choices = {4, rng.randrange(0, MAX_DIGITS + 1)}
        if abs(x) >= 1e21 or not math.isfinite(x):
            digit_choices = {rng.randrange(0, 3), 4}
        for digits in sorted(digit_choices):
            out.append([bits(x), digits, '%.*f' % (digits, x)])
    # Every precision for the tie 1/2^(d+1)-style values, where rounding direction matters most.
    for digits in range(MAX_DIGITS + 1):
        for x in (0.5, 1.5, 2.5, 0.125, 0.375, 0.03125, 0.09375, 2 ** -11, 3 * 2 ** -11, -0.0):
            out.append([bits(x), digits, '%.*f' % (digits, x)])
    # One case per line, [bits, digits, expected], so a diff of the file stays readable.
    header = {
        'about': "Python's '%.*f' % x for doubles given by their IEEE-754 bits; made by "
                 'scripts/reference/format_fixtures.py',
        'python': sys.version.split()[0],
        'fields': ['bits', 'digits', 'expected'],
    }
    with open(OUT, 'w') as f:
        f.write(json.dumps(header)[:-1] + ', "cases": [\n')
        f.write(',\n'.join(json.dumps(case) for case in out))
        f.write('\n]}\n')
    print(f'wrote {len(out)} cases to {OUT}')


if __name__ == '__main__':
    main()
