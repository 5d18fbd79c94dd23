"""Texts as the matcher analyses them: the index's terms (``Terms``), numbers, names, and the
documents of the library with their sentences analysed once (``MatchDoc``), kept between calls
by the matcher."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from ...index import TOKEN_PATTERN

_SPACES = re.compile(r"\s+")


def canon(text: str) -> str:
    """For comparing a claim with a passage verbatim: NFC, case-folded, spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


MEDIA = re.compile(r"pic\.twitter\.com/|\b(?:photo|photos|photograph|photographs|picture|pictures|"
                    r"pic|pics|image|images|video|videos|footage|clip|meme|memes|watch|"
                    r"filmed|caught on camera|screenshot)\b", re.I)
NAME = re.compile(r"\b[A-Z][\w'’.-]*")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> set[str]:
    return {m.group().replace(",", "") for m in NUMBER.finditer(text)}


# -- analysis ---------------------------------------------------------------------------------
class Terms:
    """The index's analysis (``index.TextAnalyzer``: tokenise, lowercase, unify numbers, drop
    stop words, Porter-stem) as a plain function returning the terms, without Token objects:
    matching analyses every sentence of every candidate document, so this is its hot loop.
    A test checks it against TextAnalyzer."""

    _CACHE_MAX = 300_000

    def __init__(self):
        from whoosh.analysis import STOP_WORDS
        from whoosh.lang.porter import stem
        self._find = re.compile(TOKEN_PATTERN, re.UNICODE).findall
        self._stops = frozenset(STOP_WORDS)
        self._stem = stem
        self._cache: dict[str, str | None] = {}

    def __call__(self, text: str) -> list[str]:
        cache, out = self._cache, []
        for word in self._find(text):
            term = cache.get(word, 0)
            if term == 0:
                low = word.lower()
                if "," in low and _THOUSANDS.match(low):
                    low = low.replace(",", "")
                term = None if (not low or low in self._stops) else self._stem(low)
                if len(cache) > self._CACHE_MAX:
                    cache.clear()
                cache[word] = term
            if term is not None:
                out.append(term)
        return out


_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


# -- documents as analysed for matching ----------------------------------------------------------
class MatchDoc:
    """A library document with its sentences analysed (IDF-dependent parts filled by the
    matcher)."""

    __slots__ = ("id", "hash", "text", "title", "spans", "sent_terms", "sent_lists",
                 "title_terms", "terms", "numbers", "names", "sent_norm2", "sent_sum",
                 "tfidf", "name_w", "prepared", "sent_c4", "title_c4", "doc_numbers")

    def __init__(self, row, spans, analyze, names):
        self.id = row.id
        self.hash = row.content_hash
        self.text = row.text
        self.title = row.title or ""
        self.spans = spans or ([(0, len(row.text))] if row.text else [])
        self.sent_lists = [analyze(row.text[a:b]) for a, b in self.spans]
        self.sent_terms = [frozenset(x) for x in self.sent_lists]
        self.title_terms = frozenset(analyze(self.title))
        self.terms = Counter()
        for x in self.sent_lists:
            self.terms.update(x)
        self.numbers = [numbers(row.text[a:b]) for a, b in self.spans]
        self.doc_numbers = frozenset(n for ns in self.numbers for n in ns if len(n) >= 2)
        self.names = names(row.text) | names(self.title)
        self.sent_norm2 = None      # IDF-dependent, filled by Matcher._weigh
        self.sent_sum = None
        self.tfidf = None
        self.name_w = None
        self.prepared: dict = {}    # sentence start -> PairScorer.prepare of the sentence
        self.sent_c4 = None         # character 4-gram vectors, filled on first use
        self.title_c4 = None


def names(text: str, analyze) -> frozenset[str]:
    """Terms of the capitalised words of ``text`` that do not open a sentence."""
    out = set()
    for m in NAME.finditer(text):
        i = m.start()
        before = text[max(0, i - 3):i].rstrip()
        if not before or before[-1] in ".!?:;\"“‘'(\n":
            continue
        out.update(analyze(m.group()))
    return frozenset(out)


def cosine(a: dict, b: dict) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb)


def overlap(a: frozenset, b: frozenset) -> float:
    """|a & b| / the smaller of the two (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
