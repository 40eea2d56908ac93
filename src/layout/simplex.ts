/**
 * Network simplex ranking (Gansner, Koutsofios, North and Vo, "A technique for drawing directed
 * graphs", 1993), the method dot ranks with: each edge gets a rank difference of at least its
 * minimum length, and the total weighted length is made as small as the work allowance lets. It
 * starts from a feasible ranking and every pivot keeps it feasible and never makes it longer, so
 * stopping early still leaves a valid ranking.
 */
export interface RankingProblem {
  nodes: number;
  from: Int32Array;
  to: Int32Array;
  /** Least rank difference of each edge (at least 1). */
  minLength: Int32Array;
  weight: Float64Array;
}

export interface SimplexResult {
  /** Pivots made (tree edges exchanged). */
  pivots: number;
  /** Units of work spent: nodes and edges visited. */
  work: number;
  /** Whether the ranking is optimal (no tree edge left with a negative cut value). */
  optimal: boolean;
}

/**
 * The most work `networkSimplex` does with `maxWork` on a problem of `nodes` and `edges`: its
 * setup (the tight tree, its numbering and cut values), then pivots while the work is within
 * `maxWork`, the last one whole (each at most linear).
 */
export function simplexWorkBound(nodes: number, edges: number, maxWork: number): number {
  const setup = 2 * nodes + 4 * edges + 2 * nodes * Math.ceil(Math.log2(2 * edges + 2));
  const pivot = 4 * nodes + 2 * edges;
  return maxWork + setup + pivot;
}

/** Negative cut values looked at before the most negative of them leaves the tree (dot's search size). */
const SEARCH_SIZE = 30;
const NONE = -1;

/**
 * Improves `rank` in place (it must be feasible: rank[to] - rank[from] >= minLength for every
 * edge) within `maxWork` units. Edges must join distinct nodes; parallel edges are fine.
 */
export function networkSimplex(problem: RankingProblem, rank: Int32Array, maxWork: number): SimplexResult {
  const { nodes, from, to, minLength, weight } = problem;
  const edges = from.length;
  // Every edge at both its ends.
  const incStart = new Int32Array(nodes + 1);
  for (let e = 0; e < edges; e++) {
    incStart[(from[e] as number) + 1]! += 1;
    incStart[(to[e] as number) + 1]! += 1;
  }
  for (let v = 0; v < nodes; v++) incStart[v + 1]! += incStart[v] as number;
  const incidence = new Int32Array(2 * edges);
  const fill = incStart.slice(0, nodes);
  for (let e = 0; e < edges; e++) {
    incidence[fill[from[e] as number]!++] = e;
    incidence[fill[to[e] as number]!++] = e;
  }
  const slack = (e: number): number => (rank[to[e] as number] as number) - (rank[from[e] as number] as number) - (minLength[e] as number);
  const other = (e: number, v: number): number => ((from[e] as number) === v ? (to[e] as number) : (from[e] as number));

  const inTree = new Uint8Array(edges);
  let work = feasibleTree(nodes, incStart, incidence, from, to, rank, slack, other, inTree);

  // The tree rooted in each component: parent edge, postorder number `lim`, and the least `lim`
  // in the subtree, `low` (w is below v exactly when low[v] <= lim[w] <= lim[v]).
  const parentEdge = new Int32Array(nodes).fill(NONE);
  const lim = new Int32Array(nodes);
  const low = new Int32Array(nodes);
  const byLim = new Int32Array(nodes);
  const cut = new Float64Array(edges);
  // The tree edges whose cut value is negative, in no order: the leaving edge is one of them.
  const negatives = new Int32Array(nodes);
  const negativeAt = new Int32Array(edges).fill(NONE);
  let negativeCount = 0;
  const track = (e: number): void => {
    const negative = inTree[e] === 1 && (cut[e] as number) < 0;
    const at = negativeAt[e] as number;
    if (negative && at === NONE) {
      negatives[negativeCount] = e;
      negativeAt[e] = negativeCount++;
    } else if (!negative && at !== NONE) {
      const last = negatives[--negativeCount] as number;
      negatives[at] = last;
      negativeAt[last] = at;
      negativeAt[e] = NONE;
    }
  };
  const stackNode = new Int32Array(nodes);
  const stackNext = new Int32Array(nodes);
  /** Numbers the subtree of `root` (reached through `parent`) in postorder from `first`; returns the next number. */
  const number = (root: number, parent: number, first: number): number => {
    let next = first;
    let depth = 0;
    stackNode[0] = root;
    stackNext[0] = incStart[root] as number;
    parentEdge[root] = parent;
    low[root] = first;
    while (depth >= 0) {
      const v = stackNode[depth] as number;
      let descended = false;
      while ((stackNext[depth] as number) < (incStart[v + 1] as number)) {
        const e = incidence[stackNext[depth]!++] as number;
        if (!inTree[e] || e === parentEdge[v]) continue;
        const w = other(e, v);
        parentEdge[w] = e;
        low[w] = next;
        depth++;
        stackNode[depth] = w;
        stackNext[depth] = incStart[w] as number;
        descended = true;
        break;
      }
      if (descended) continue;
      lim[v] = next;
      byLim[next] = v;
      next++;
      depth--;
    }
    work += next - first;
    return next;
  };
  // Each component's root: its tree is renumbered below the root, never above, so it stays.
  const rootOf = new Int32Array(nodes).fill(NONE);
  // Rooted at the last node (a computation's root), whose subtrees the pivots renumber less often
  // than the first's (a tenth less work on micrograd's demo network).
  for (let i = 0, next = 0; i < nodes; i++) {
    const v = nodes - 1 - i;
    if (rootOf[v] !== NONE) continue;
    const first = next;
    next = number(v, NONE, next);
    for (let k = first; k < next; k++) rootOf[byLim[k] as number] = v;
  }
  // Cut values bottom up: a tree edge's from its child's other edges and its child edges' cut values.
  for (let k = 0; k < nodes; k++) {
    const child = byLim[k] as number;
    const p = parentEdge[child] as number;
    if (p !== NONE) {
      cut[p] = cutValue(child, p);
      track(p);
    }
  }
  function cutValue(child: number, p: number): number {
    const childIsTail = (from[p] as number) === child;
    let value = weight[p] as number;
    for (let k = incStart[child] as number; k < (incStart[child + 1] as number); k++) {
      const e = incidence[k] as number;
      if (e === p) continue;
      const isOut = (from[e] as number) === child;
      const w = other(e, child);
      // Each other edge of the child crosses the cut (a parallel edge to the parent too) unless
      // it goes down to a child of its own, whose cut value accounts for what lies below.
      const pointsToHead = isOut === childIsTail;
      value += pointsToHead ? (weight[e] as number) : -(weight[e] as number);
      if (inTree[e] && parentEdge[w] === e) value += pointsToHead ? -(cut[e] as number) : (cut[e] as number);
    }
    work += (incStart[child + 1] as number) - (incStart[child] as number);
    return value;
  }

  const inSubtree = (v: number, top: number): boolean => (low[top] as number) <= (lim[v] as number) && (lim[v] as number) <= (lim[top] as number);

  let pivots = 0;
  let search = 0;
  for (;;) {
    if (work > maxWork) return { pivots, work, optimal: false };
    if (negativeCount === 0) return { pivots, work, optimal: true };
    // Leaving edge: the most negative of SEARCH_SIZE negative cut values, taken in turn.
    let f = NONE;
    const looked = Math.min(SEARCH_SIZE, negativeCount);
    for (let i = 0; i < looked; i++) {
      const e = negatives[(search + i) % negativeCount] as number;
      if (f === NONE || (cut[e] as number) < (cut[f] as number)) f = e;
    }
    search = (search + looked) % negativeCount;
    work += looked;
    // The tree edge splits the tree in two: the subtree below its child and the rest. The entering
    // edge crosses back, from the head's side to the tail's, with the least slack.
    const child = parentEdge[from[f] as number] === f ? (from[f] as number) : (to[f] as number);
    const childIsTail = child === (from[f] as number);
    const root = rootOf[child] as number;
    const below = (lim[child] as number) - (low[child] as number) + 1;
    const all = (lim[root] as number) - (low[root] as number) + 1;
    // Scan the smaller side's nodes: every crossing edge has exactly one end there.
    const scanBelow = below <= all - below;
    let enter = NONE;
    let best = Infinity;
    const consider = (v: number): void => {
      for (let k = incStart[v] as number; k < (incStart[v + 1] as number); k++) {
        const e = incidence[k] as number;
        const tailBelow = inSubtree(from[e] as number, child);
        const headBelow = inSubtree(to[e] as number, child);
        // Crossing from the head's side to the tail's side of f.
        if (tailBelow === headBelow || tailBelow === childIsTail) continue;
        const s = slack(e);
        if (s < best || (s === best && e < enter)) {
          best = s;
          enter = e;
        }
      }
      work += (incStart[v + 1] as number) - (incStart[v] as number);
    };
    // An edge without slack is as good as any: stop at the first (dot does too).
    if (scanBelow) {
      for (let k = low[child] as number; k <= (lim[child] as number) && best > 0; k++) consider(byLim[k] as number);
    } else {
      for (let k = low[root] as number; k < (low[child] as number) && best > 0; k++) consider(byLim[k] as number);
      for (let k = (lim[child] as number) + 1; k <= (lim[root] as number) && best > 0; k++) consider(byLim[k] as number);
    }
    // Only rounding (weights that are not integers) can leave a negative cut value without one.
    if (enter === NONE) return { pivots, work, optimal: false };
    // Make the entering edge tight by moving the smaller side: the tail's side down (its head is
    // there) or the head's side up. No edge from the head's side to the tail's has less slack.
    if (best > 0) {
      const moveBelow = scanBelow;
      // The subtree is the tail's side when its child is f's tail.
      const delta = moveBelow === childIsTail ? -best : best;
      if (moveBelow) {
        for (let k = low[child] as number; k <= (lim[child] as number); k++) rank[byLim[k] as number]! += delta;
      } else {
        for (let k = low[root] as number; k < (low[child] as number); k++) rank[byLim[k] as number]! += delta;
        for (let k = (lim[child] as number) + 1; k <= (lim[root] as number); k++) rank[byLim[k] as number]! += delta;
      }
      work += moveBelow ? below : all - below;
    }
    // Cut values change by f's along the cycle that the entering edge closes (dot's treeupdate).
    const value = cut[f] as number;
    const walk = (start: number, target: number, dir: boolean): number => {
      let v = start;
      while (!inSubtree(target, v)) {
        const e = parentEdge[v] as number;
        const d = v === (from[e] as number) ? dir : !dir;
        cut[e]! += d ? value : -value;
        track(e);
        v = other(e, v);
        work++;
      }
      return v;
    };
    const lca = walk(from[enter] as number, to[enter] as number, true);
    walk(to[enter] as number, from[enter] as number, false);
    cut[enter] = -value;
    cut[f] = 0;
    inTree[f] = 0;
    inTree[enter] = 1;
    track(f);
    track(enter);
    number(lca, parentEdge[lca] as number, low[lca] as number);
    pivots++;
  }
}

/**
 * A spanning tree of tight edges (slack 0) in each component, made by growing it from a node over
 * tight edges and, when none is left, moving the whole tree by the least slack of the edges that
 * leave it so that one more becomes tight (Prim's order, with two heaps whose keys do not change as
 * the tree moves). Moving a tree never makes an edge infeasible: no edge leaving it has less slack.
 * Returns the work done.
 */
function feasibleTree(
  nodes: number,
  incStart: Int32Array,
  incidence: Int32Array,
  from: Int32Array,
  to: Int32Array,
  rank: Int32Array,
  slack: (e: number) => number,
  other: (e: number, v: number) => number,
  inTree: Uint8Array,
): number {
  const inside = new Uint8Array(nodes);
  // Edges out of the tree keyed by slack + shift, edges into it by slack - shift: both fixed while the tree moves.
  const outHeap = new EdgeHeap();
  const inHeap = new EdgeHeap();
  const stack: number[] = [];
  const members: number[] = [];
  let work = 0;
  for (let start = 0; start < nodes; start++) {
    if (inside[start]) continue;
    // Ranks of the tree's members are stored minus `shift`, so moving the tree is one addition.
    let shift = 0;
    members.length = 0;
    const join = (v: number): void => {
      inside[v] = 1;
      rank[v]! -= shift;
      members.push(v);
      stack.push(v);
    };
    join(start);
    for (;;) {
      while (stack.length > 0) {
        const v = stack.pop() as number;
        for (let k = incStart[v] as number; k < (incStart[v + 1] as number); k++) {
          const e = incidence[k] as number;
          const w = other(e, v);
          if (inside[w]) continue;
          // The member's true rank is its stored one plus the shift.
          rank[v]! += shift;
          const s = slack(e);
          rank[v]! -= shift;
          if (s === 0) {
            inTree[e] = 1;
            join(w);
          } else if ((from[e] as number) === v) {
            outHeap.push(e, s + shift);
          } else {
            inHeap.push(e, s - shift);
          }
        }
        work += (incStart[v + 1] as number) - (incStart[v] as number) + 1;
      }
      // The least slack of an edge leaving the tree, either way.
      while (outHeap.size > 0 && inside[to[outHeap.top] as number]) outHeap.pop();
      while (inHeap.size > 0 && inside[from[inHeap.top] as number]) inHeap.pop();
      if (outHeap.size === 0 && inHeap.size === 0) break;
      const outSlack = outHeap.size > 0 ? outHeap.topKey - shift : Infinity;
      const inSlack = inHeap.size > 0 ? inHeap.topKey + shift : Infinity;
      let e: number;
      if (outSlack <= inSlack) {
        e = outHeap.pop();
        // Moving the tree up closes an edge out of it.
        shift += outSlack;
        inTree[e] = 1;
        join(to[e] as number);
      } else {
        e = inHeap.pop();
        shift -= inSlack;
        inTree[e] = 1;
        join(from[e] as number);
      }
      work += 2 * Math.ceil(Math.log2(outHeap.size + inHeap.size + 2));
    }
    for (const v of members) rank[v]! += shift;
    outHeap.clear();
    inHeap.clear();
  }
  return work;
}

/** A binary min-heap of edges by an integer key; ties by edge index, so the tree is deterministic. */
class EdgeHeap {
  private edges: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.edges.length;
  }

  get top(): number {
    return this.edges[0] as number;
  }

  get topKey(): number {
    return this.keys[0] as number;
  }

  clear(): void {
    this.edges.length = 0;
    this.keys.length = 0;
  }

  push(edge: number, key: number): void {
    const { edges, keys } = this;
    let i = edges.length;
    edges.push(edge);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): number {
    const { edges, keys } = this;
    const top = edges[0] as number;
    const lastEdge = edges.pop() as number;
    const lastKey = keys.pop() as number;
    if (edges.length > 0) {
      edges[0] = lastEdge;
      keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < edges.length && this.less(left, least)) least = left;
        if (right < edges.length && this.less(right, least)) least = right;
        if (least === i) break;
        this.swap(i, least);
        i = least;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a] as number;
    const kb = this.keys[b] as number;
    return ka < kb || (ka === kb && (this.edges[a] as number) < (this.edges[b] as number));
  }

  private swap(a: number, b: number): void {
    const { edges, keys } = this;
    const e = edges[a] as number;
    edges[a] = edges[b] as number;
    edges[b] = e;
    const k = keys[a] as number;
    keys[a] = keys[b] as number;
    keys[b] = k;
  }
}
