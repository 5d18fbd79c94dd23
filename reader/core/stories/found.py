"""The stories of a library, found from the document pairs the engine judges on one story
(``story_pairs``: TF-IDF cosine at least ``Thresholds.same_story``, pairs.py).

Documents are grouped by average linkage: two groups merge while the mean cosine over every
pair of their documents, a pair the engine did not judge on one story counting 0, is at least
``min_cosine``. Unlike connected components (single linkage), a chain of pairwise likenesses
(a budget story like a tax story like a pensions story…) cannot fold a large library into one
giant story: a group grows only by documents alike to most of it. Near-copies of an article are
one document here (their likeness is the best of theirs) and one story holds them all, each
shown once with its outlets (matrix.py)."""

from __future__ import annotations

import hashlib
from typing import Iterable

from .align import average_linkage
from .model import Story

MIN_COSINE = 0.25       # mean document likeness of one story: the engine's ``same_story``


def story_id(doc_ids: Iterable[str]) -> str:
    """Stable for the same documents, whatever their order."""
    return hashlib.blake2b("\n".join(sorted(doc_ids)).encode(), digest_size=6).hexdigest()


def find_stories(docs: dict, pairs: dict[tuple[str, str], float], copies: dict[str, list[str]],
                 min_cosine: float = MIN_COSINE) -> list[Story]:
    """``docs``: doc id → DocumentRow (metadata is enough); ``pairs``: (doc, doc) → cosine;
    ``copies``: doc id → its near-copies. The stories of two documents or more, the largest
    first."""
    head = _copy_heads(docs, copies)
    sims: dict[str, dict[str, float]] = {}
    for (a, b), c in pairs.items():
        a, b = head.get(a), head.get(b)
        if a is None or b is None or a == b:
            continue
        if c > sims.setdefault(a, {}).get(b, 0.0):
            sims[a][b] = sims.setdefault(b, {})[a] = c
    groups = average_linkage(sims, {(a, b): c for a, others in sims.items()
                                    for b, c in others.items() if a < b}, min_cosine)
    members: dict[str, list[str]] = {}
    for d in docs:
        members.setdefault(groups.get(head[d], head[d]), []).append(d)
    stories = []
    for ids in members.values():
        if len(ids) < 2:
            continue
        ids.sort(key=lambda d: (not docs[d].date, docs[d].date, d))
        stories.append(Story(story_id(ids), docs[ids[0]].title or ids[0], ids))
    stories.sort(key=lambda s: (-len(s.doc_ids), s.title))
    return stories


def connected(pairs: Iterable[tuple]) -> dict:
    """Each node of ``pairs`` → a representative of its connected group (union-find)."""
    parent: dict = {}

    def root(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in pairs:
        parent[root(a)] = root(b)
    return {x: root(x) for x in list(parent)}


def facts_in_conflict(doc_ids: Iterable[str], conflicts: Iterable) -> int:
    """How many facts the story of ``doc_ids`` has in conflict, from the conflicting links
    (LinkRows): the connected groups of those among its claims (1,500 vs 14,000 and vs 17,000
    troops: one fact, three links), as its matrix counts its conflicts' rows, without building
    the matrix."""
    inside = set(doc_ids)
    groups = connected((r.a, r.b) for r in conflicts if r.a_doc in inside and r.b_doc in inside)
    return len(set(groups.values()))


def _copy_heads(docs: dict, copies: dict[str, list[str]]) -> dict[str, str]:
    """Each document → the representative of its group of near-copies (itself when none)."""
    head = {d: d for d in docs}

    def find(d: str) -> str:
        while head[d] != d:
            head[d] = head[head[d]]
            d = head[d]
        return d

    for a, others in copies.items():
        for b in others:
            if a in head and b in head:
                ra, rb = find(a), find(b)
                if ra != rb:
                    head[max(ra, rb)] = min(ra, rb)
    return {d: find(d) for d in docs}
