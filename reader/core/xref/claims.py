"""Claims: the sentences, or clauses of long sentences, that state something checkable.

A claim is a span of the document's normalised text. Headings, questions, boilerplate
(bylines, credits, calls to action) and empty rhetoric are skipped. What is left must carry
something a second source could confirm or contradict: a number, a date, a name, or enough
content words to state a fact.
"""

from __future__ import annotations

import re

from whoosh.analysis import STOP_WORDS

MIN_WORDS = 6
MIN_CONTENT = 3
RICH_CONTENT = 6          # content words that make a claim even without names or numbers
SPLIT_WORDS = 36          # sentences longer than this (in words) are split into clauses
MIN_CLAUSE_WORDS = 8

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_STOPS = frozenset(STOP_WORDS) | {
    "said", "says", "also", "would", "could", "may", "might", "one", "just", "even", "much",
    "many", "more", "most", "very", "there", "here", "what", "which", "who", "whom", "this",
    "these", "those", "their", "them", "they", "its", "his", "her", "our", "your", "been",
    "being", "has", "had", "does", "did", "than", "then", "into", "about", "over", "such",
}
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
    return [w for w in words if w.lower() not in _STOPS and len(w) > 1]


def is_claim(text: str, words: list[str] | None = None) -> bool:
    """Does this sentence (or clause) state something checkable? (``words``: its ``_words``,
    when the caller has them.)"""
    t = text.strip()
    if not t or t.endswith("?") or _BOILERPLATE.search(t):
        return False
    if words is None:
        words = _words(t)
    if len(words) < MIN_WORDS:
        return False
    content = _content(words)
    if len(content) < MIN_CONTENT:
        return False
    if t[-1] not in ".!\"'”’)»…:;" and len(words) < 15:
        return False                       # a heading or a caption without a full stop
    if t.endswith("!") and not any(c.isdigit() for c in t):
        return False                       # exclamations are rhetoric unless they count
    has_anchor = bool(_DIGIT.search(t)) or _has_name(t, words)
    return has_anchor or len(content) >= RICH_CONTENT


def _has_name(text: str, words: list[str] | None = None) -> bool:
    """A capitalised word that is not the sentence's first word (a name, a place, a group)."""
    if words is None:
        words = _words(text)
    for w in words[1:]:
        if w[:1].isupper() and w.lower() not in _STOPS and not w.isupper() or (
                w.isupper() and len(w) >= 2 and w.isalpha()):
            return True
    return False


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int, list[str] | None]]:
    """Split a long sentence at semicolons, dashes and contrastive conjunctions, when both
    sides are long enough to stand alone: (start, end, the words of an unsplit sentence)."""
    span = text[start:end]
    words = _words(span)
    if len(words) <= SPLIT_WORDS:
        return [(start, end, words)]
    cuts = [start]
    for m in _CLAUSE_BREAK.finditer(span):
        left = text[cuts[-1]:start + m.start()]
        right = text[start + m.end():end]
        if len(_words(left)) >= MIN_CLAUSE_WORDS and len(_words(right)) >= MIN_CLAUSE_WORDS:
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
                   paragraphs: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Claim spans of a document, in order. A paragraph that is a single short sentence with no
    final punctuation is a heading and is skipped."""
    heading_paras = set()
    for s, e in paragraphs or []:
        p = text[s:e]
        if p and p[-1] not in ".!?\"'”’)»…" and len(_words(p)) < 20:
            heading_paras.add((s, e))
    claims = []
    for s, e in sentences:
        if any(ps <= s and e <= pe for ps, pe in heading_paras):
            continue
        for cs, ce, words in _clauses(text, s, e):
            if is_claim(text[cs:ce], words):
                claims.append((cs, ce))
    return claims
