"""Claims: the sentences, or clauses of long sentences, that state something checkable.

A claim is a span of the document's normalised text. Headings, questions, boilerplate
(bylines, credits, calls to action) and empty rhetoric are skipped. What is left must carry
something a second source could confirm or contradict: a number, a date, a name, or enough
content words to state a fact.
"""

from __future__ import annotations

import re

from .lexicon import STOPS
from .thresholds import DEFAULT, Thresholds

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_BOILERPLATE = re.compile(
    r"^(?:by\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}\s*$|"          # byline
    r"(?:photo|image|picture|video|graphic)s?\s*(?:credit)?\s*[:/]|"
    r"(?:follow|like|subscribe|sign up|click|tap|share|read more|watch|listen)\b|"
    r"(?:copyright|©|all rights reserved)|"
    r"(?:additional reporting|reporting by|editing by|written by|contact the)\b|"
    r"(?:updated|published|posted)\s*(?:on|at|:)\s)", re.I)
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:but|while|whereas|although|though|yet)\b)|\s+[–—]\s+")
_DIGIT = re.compile(r"\d")
_ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+|[A-Z]{2,}|\d")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w.lower() not in STOPS and len(w) > 1]


def is_claim(text: str, words: list[str] | None = None, t: Thresholds = DEFAULT) -> bool:
    """Does this sentence (or clause) state something checkable? (``words``: its ``_words``,
    when the caller has them.)"""
    s = text.strip()
    if not s or s.endswith("?") or _BOILERPLATE.search(s):
        return False
    if words is None:
        words = _words(s)
    if len(words) < t.min_words:
        return False
    content = _content(words)
    if len(content) < t.min_content:
        return False
    if s[-1] not in ".!\"'”’)»…:;" and len(words) < t.caption_words:
        return False                       # a heading or a caption without a full stop
    if s.endswith("!") and not any(c.isdigit() for c in s):
        return False                       # exclamations are rhetoric unless they count
    has_anchor = bool(_DIGIT.search(s)) or _has_name(s, words)
    return has_anchor or len(content) >= t.rich_content


def _has_name(text: str, words: list[str] | None = None) -> bool:
    """A capitalised word that is not the sentence's first word (a name, a place, a group)."""
    if words is None:
        words = _words(text)
    for w in words[1:]:
        if w[:1].isupper() and w.lower() not in STOPS and not w.isupper() or (
                w.isupper() and len(w) >= 2 and w.isalpha()):
            return True
    return False


def _clauses(text: str, start: int, end: int, t: Thresholds
             ) -> list[tuple[int, int, list[str] | None]]:
    """Split a long sentence at semicolons, dashes and contrastive conjunctions, when both
    sides are long enough to stand alone: (start, end, the words of an unsplit sentence)."""
    span = text[start:end]
    words = _words(span)
    if len(words) <= t.split_words:
        return [(start, end, words)]
    cuts = [start]
    for m in _CLAUSE_BREAK.finditer(span):
        left = text[cuts[-1]:start + m.start()]
        right = text[start + m.end():end]
        if len(_words(left)) >= t.min_clause_words and len(_words(right)) >= t.min_clause_words:
            cuts.append(start + m.end())
    spans = []
    for i, a in enumerate(cuts):
        b = cuts[i + 1] if i + 1 < len(cuts) else end
        piece = text[a:b]
        stripped = piece.rstrip(" ;,–—")
        lead = len(piece) - len(piece.lstrip())
        spans.append((a + lead, a + len(stripped), None))
    return spans


def extract_claims(text: str, sentences: list[tuple[int, int]],
                   paragraphs: list[tuple[int, int]] | None = None,
                   t: Thresholds = DEFAULT) -> list[tuple[int, int]]:
    """Claim spans of a document, in order. A paragraph that is a single short sentence with no
    final punctuation is a heading and is skipped."""
    heading_paras = set()
    for s, e in paragraphs or []:
        p = text[s:e]
        if p and p[-1] not in ".!?\"'”’)»…" and len(_words(p)) < t.heading_words:
            heading_paras.add((s, e))
    claims = []
    for s, e in sentences:
        if any(ps <= s and e <= pe for ps, pe in heading_paras):
            continue
        for cs, ce, words in _clauses(text, s, e, t):
            if is_claim(text[cs:ce], words, t):
                claims.append((cs, ce))
    return claims
