"""Optimal layer assignments for gradviz's network simplex test, solved as linear programs.

Run from the repository root with Debian's python3-scipy:
    /usr/bin/python3 scripts/reference/ranking_lp.py > test/fixtures/layout/ranking-lp.json

Each problem is a random DAG (edge i -> j with i < j), each edge with a least length of 1 or 2 and
a weight of 1 to 3. The ranking problem, minimise sum(weight * (rank[to] - rank[from])) subject to
rank[to] - rank[from] >= least length, has a totally unimodular constraint matrix, so the LP's
optimum (HiGHS) is the integer optimum that network simplex must reach.
"""
import json
import random

import numpy as np
import scipy
from scipy.optimize import linprog


def problem(rng, nodes):
    edges = []
    for v in range(1, nodes):
        for _ in range(rng.randint(1, 3)):
            edges.append((rng.randrange(v), v, rng.randint(1, 2), rng.randint(1, 3)))
    return edges


def optimum(nodes, edges):
    cost = np.zeros(nodes)
    for a, b, _, w in edges:
        cost[b] += w
        cost[a] -= w
    # rank[a] - rank[b] <= -least; ranks free, node 0 fixed at 0 so the LP is bounded.
    upper = np.zeros((len(edges), nodes))
    bound = np.zeros(len(edges))
    for i, (a, b, least, _) in enumerate(edges):
        upper[i, a] = 1
        upper[i, b] = -1
        bound[i] = -least
    limits = [(0, 0)] + [(None, None)] * (nodes - 1)
    result = linprog(cost, A_ub=upper, b_ub=bound, bounds=limits, method="highs")
    assert result.status == 0, result.message
    return round(result.fun)


rng = random.Random(2026)
cases = []
for nodes in [20, 40, 80, 150, 300]:
    edges = problem(rng, nodes)
    cases.append({
        "nodes": nodes,
        "from": [a for a, _, _, _ in edges],
        "to": [b for _, b, _, _ in edges],
        "minLength": [m for _, _, m, _ in edges],
        "weight": [w for _, _, _, w in edges],
        "optimum": optimum(nodes, edges),
    })
print(json.dumps({"scipy": scipy.__version__, "cases": cases}, separators=(",", ":")))
