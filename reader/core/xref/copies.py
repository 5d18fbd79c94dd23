"""Near-copies: documents that are one article published twice (syndicated, republished, a
wire story on two sites, a page saved twice with a changed footer).

Two documents are copies when most of the shorter one's word 5-grams ("shingles", Broder 1997)
are in the other: ``share`` = |A ∩ B| / min(|A|, |B|) >= ``Thresholds.copy_share``. Only pairs
the engine already found alike (document cosine >= ``Thresholds.copy_min_cosine``) are
compared, so no all-pairs pass (MinHash) is needed: copies are each other's nearest neighbours.

The engine keeps copies apart from links:
- between two copies, claims with the same words are not linked (they are one text, not two
  sources agreeing), and the rest only when a value changed (a conflict): that they agree or
  relate is what being copies means;
- a claim of a later copy that the first imported copy also makes, word for word, is not
  linked to third documents: the first copy carries those links, so they are not multiplied
  (and the window shows them on the later copy too: ``Library.links_shown``, by the same
  test).
"""

from __future__ import annotations

import re
from typing import Iterable

import numpy as np

from .thresholds import Thresholds

SHINGLE = 5
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> np.ndarray:
    """The distinct word k-grams of ``text`` as sorted 64-bit hashes."""
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i:i + k]) for i in range(len(words) - k + 1)]
    return np.unique(np.fromiter((hash(g) for g in grams), dtype=np.int64, count=len(grams)))


def share(a: np.ndarray, b: np.ndarray) -> float:
    """The part of the smaller shingle set found in the other (0-1)."""
    if not len(a) or not len(b):
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / min(len(a), len(b))


def find_copies(texts: dict[str, str], doc_pairs: Iterable[tuple[str, str, float]],
                t: Thresholds) -> list[tuple[str, str, float]]:
    """(doc a, doc b, share) for the pairs (doc a, doc b, cosine) that are copies."""
    cache: dict[str, np.ndarray] = {}

    def of(d: str) -> np.ndarray:
        if d not in cache:
            cache[d] = shingles(texts[d])
        return cache[d]

    found = []
    for a, b, cosine in doc_pairs:
        if cosine < t.copy_min_cosine:
            continue
        s = share(of(a), of(b))
        if s >= t.copy_share:
            found.append((a, b, round(s, 3)))
    return found


def norm_claim(text: str) -> str:
    """A claim's words, for telling whether two copies carry the same claim."""
    return " ".join(_WORD.findall(text.casefold()))


def first_copies(groups: dict[str, list[str]], order: list[str]) -> dict[str, str]:
    """doc → the first imported document of its copy group (itself for the first one).
    ``groups``: doc → its copies; ``order``: every document in the groups, first imported
    first."""
    first: dict[str, str] = {}
    for d in order:
        if d in first:
            continue
        # the whole group (copies of copies), reached from its first member
        group, todo = {d}, [d]
        while todo:
            for o in groups.get(todo.pop(), ()):
                if o not in group:
                    group.add(o)
                    todo.append(o)
        for m in group:         # d comes first in ``order`` of all its group
            first[m] = d
    return first


class CopyRule:
    """Which claim pairs copies may link (the rules above). ``first``: doc → the first imported
    copy of its group (documents without copies are absent); ``head_claims``: the claims (texts)
    of each first copy."""

    def __init__(self, first: dict[str, str], head_claims: dict[str, Iterable[str]]):
        self.first = first
        self._heads = {d: {norm_claim(c) for c in claims} for d, claims in head_claims.items()}
        self._norms: dict[str, str] = {}        # a claim meets many partners: normalise once

    def _norm(self, text: str) -> str:
        norm = self._norms.get(text)
        if norm is None:
            norm = self._norms[text] = norm_claim(text)
        return norm

    def __bool__(self) -> bool:
        return bool(self.first)

    def one_article(self, doc_a: str, doc_b: str) -> bool:
        """Whether the two documents are copies of one article."""
        group = self.first.get(doc_a)
        return group is not None and group == self.first.get(doc_b)

    def keep(self, doc_a: str, text_a: str, doc_b: str, text_b: str) -> bool:
        ga, gb = self.first.get(doc_a), self.first.get(doc_b)
        if ga is not None and ga == gb:
            return self._norm(text_a) != self._norm(text_b)
        for doc, group, text in ((doc_a, ga, text_a), (doc_b, gb, text_b)):
            if group is not None and group != doc and self._norm(text) in self._heads.get(
                    group, ()):
                return False
        return True
