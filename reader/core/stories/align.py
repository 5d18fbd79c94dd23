"""The facts of one story: its documents' claims aligned into groups, one group a fact.

A story is small (a few to a few dozen documents), so every claim is compared with every claim
of the other documents:

- by TF-IDF over the story's own claims (a word every source uses of the story, "Trump",
  "shutdown", weighs little; the words of one fact weigh much);
- by the engine's conflicts and updates between them (its facts' values judged the two one
  fact told two ways; its agreements are not used here: a lead sentence agrees with several
  facts, and on BASIL they chained facts into one row: 17% of rows against 8%);
- by the slots the two fill: counts of the same thing for the same subject ("troops|north
  korea") are one fact whatever the figure (``slots``, the engine's quantities).

Either makes a pair as alike as a pair can be (1.0). Claims are then grouped
by average linkage: two groups merge while the mean likeness of their claims of different
documents is at least ``min_mean`` (a pair counts 0 below ``floor``, and where neither claim
is the other's best match in its document: ``_counterparts``). A group grows only by
claims alike to most of it, so a chain of half-alike sentences does not fold two facts into
one. Claims of one document are never compared: a source's second claim on a fact joins the
group through the other sources' claims (its ``also`` cells, matrix.py).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from typing import Callable, Hashable, Iterable

from ..index import TextAnalyzer

Claim = tuple[str, int, int]             # (doc id, start, end)
MIN_MEAN = 0.25         # mean likeness of a fact's claims across sources: the engine's
#                         claim_min_cosine, below which it does not compare two claims at all
FLOOR = 0.1             # a pair less alike counts 0 (bounds the pairs kept)
_analyzer = TextAnalyzer()


def likeness(claims: list[Claim], texts: list[str], linked: Iterable[tuple[Claim, Claim]],
             filled: list[list[tuple[str, str]]] | None = None,
             floor: float = FLOOR) -> dict[tuple[int, int], float]:
    """(i, j), i < j, claims of different documents → how alike (0-1), for pairs at ``floor``
    or above. ``linked``: pairs of claims the engine links; ``filled``: per claim, the slots it
    fills ((slot, value) pairs)."""
    import numpy as np      # here: listing the stories (found.py) never pays for them
    vectors = _tfidf(texts)
    number = {d: n for n, d in enumerate(dict.fromkeys(c[0] for c in claims))}
    doc = np.array([number[c[0]] for c in claims], dtype=int)
    product = (vectors @ vectors.T).tocoo()
    keep = (product.row < product.col) & (product.data >= floor)
    keep &= doc[product.row] != doc[product.col]
    out = {(int(i), int(j)): float(s) for i, j, s in
           zip(product.row[keep], product.col[keep], product.data[keep])}
    out = _counterparts(claims, out)
    at = {c: n for n, c in enumerate(claims)}
    strong = [(at[a], at[b]) for a, b in linked if a in at and b in at and a[0] != b[0]]
    if filled is not None:
        by_key: dict[str, list[int]] = {}
        for n, slots in enumerate(filled):
            for key in {k for k, _ in slots}:
                by_key.setdefault(key, []).append(n)
        strong += [(i, j) for ns in by_key.values() for i in ns for j in ns
                   if i < j and claims[i][0] != claims[j][0]]
    for i, j in strong:
        out[(min(i, j), max(i, j))] = 1.0
    return out


def _counterparts(claims: list[Claim], alike: dict[tuple[int, int], float]) -> dict:
    """The pairs in which one claim is the other's best match in its document: TF-IDF ranks a
    claim's counterpart well where its cosine alone says little (one wording is long, the
    other short), and a lesser match is a claim's likeness to the story, not to the fact."""
    best: dict[tuple[int, str], float] = {}
    for (i, j), v in alike.items():
        for key in ((i, claims[j][0]), (j, claims[i][0])):
            if v > best.get(key, 0.0):
                best[key] = v
    return {(i, j): v for (i, j), v in alike.items()
            if v >= best[(i, claims[j][0])] or v >= best[(j, claims[i][0])]}


def _tfidf(texts: list[str]):
    """Unit rows of the texts (a scipy.sparse matrix): sublinear term frequency × inverse
    frequency among them."""
    from scipy import sparse
    terms = [Counter(_analyzer.terms(t)) for t in texts]
    df = Counter(t for ts in terms for t in ts)
    column = {t: n for n, t in enumerate(df)}
    n = len(texts)
    rows, cols, data = [], [], []
    for r, ts in enumerate(terms):
        v = [(1 + math.log(c)) * math.log((n + 1) / (df[t] + 0.5)) for t, c in ts.items()]
        norm = math.sqrt(sum(w * w for w in v)) or 1.0
        rows += [r] * len(v)
        cols += [column[t] for t in ts]
        data += [w / norm for w in v]
    return sparse.csr_matrix((data, (rows, cols)), shape=(n, max(len(column), 1)))


def group(claims: list[Claim], alike: dict[tuple[int, int], float],
          min_mean: float = MIN_MEAN) -> list[list[int]]:
    """Groups of claim indexes (two claims or more), by average linkage over claims of
    different documents."""
    roots = average_linkage(range(len(claims)), alike, min_mean, kind=lambda n: claims[n][0])
    groups: dict[int, list[int]] = {}
    for n in range(len(claims)):
        groups.setdefault(roots[n], []).append(n)
    return [g for g in groups.values() if len(g) > 1]


def average_linkage(nodes: Iterable[Hashable], alike: dict[tuple, float], min_mean: float,
                    kind: Callable[[Hashable], Hashable] | None = None) -> dict:
    """Each node → the representative of its group: groups merged best mean first while the
    mean likeness of their pairs (absent pairs 0) is at least ``min_mean``. Pairs of two nodes
    of one ``kind`` (the claims of one document) are not counted in a mean; without ``kind``
    every pair is. ``alike``: (node, node) → likeness, each pair once."""
    count = {n: Counter([kind(n) if kind else n]) for n in nodes}     # group → nodes per kind
    total: dict = {n: {} for n in count}
    for (i, j), s in alike.items():
        total[i][j] = total[j][i] = s
    parent = {n: n for n in count}

    def mean(a, b) -> float:
        ca, cb = count[a], count[b]
        pairs = sum(ca.values()) * sum(cb.values()) - sum(k * cb.get(d, 0) for d, k in ca.items())
        return total[a].get(b, 0.0) / pairs if pairs else 0.0

    heap = [(-s, min(i, j), max(i, j)) for (i, j), s in alike.items() if s >= min_mean]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if parent[a] != a or parent[b] != b:
            continue                    # merged since
        m = mean(a, b)
        if m < min_mean:
            continue
        if abs(m + neg) > 1e-12:
            heapq.heappush(heap, (-m, a, b))        # stale: pushed again at its mean now
            continue
        keep, gone = (a, b) if sum(count[a].values()) >= sum(count[b].values()) else (b, a)
        for other, s in total.pop(gone).items():
            if other != keep:
                total[keep][other] = total[keep].get(other, 0.0) + s
                total[other][keep] = total[other].get(keep, 0.0) + s
                del total[other][gone]
        total[keep].pop(gone, None)
        count[keep] += count.pop(gone)
        parent[gone] = keep
        for other in total[keep]:
            m = mean(keep, other)
            if m >= min_mean:
                heapq.heappush(heap, (-m, min(keep, other), max(keep, other)))

    def root(n):
        while parent[n] != n:
            n = parent[n]
        return n
    return {n: root(n) for n in parent}
