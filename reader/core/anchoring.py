"""Robust anchors for passages: a span plus the exact quote and some context around it.

An anchor is what the W3C Web Annotation model calls a TextPositionSelector (``start``, ``end``:
Python str indices into the document's normalised text, end exclusive) together with a
TextQuoteSelector (``quote`` with ``prefix`` and ``suffix``, about ``CONTEXT`` characters each).
``check_span`` says why a span given by a person or a script is no passage of a text. When the
text changes, ``reanchor`` finds the passage again: where it was, else where the quote
occurs (the occurrence whose context matches best, then the nearest), else fuzzily (rapidfuzz)
where it was lightly edited. It gives up (``None``) rather than guess: the caller keeps the
passage as orphaned.

Pure functions, no I/O.
"""

from __future__ import annotations

from typing import Protocol

from rapidfuzz import fuzz

from .errors import InvalidArgument

CONTEXT = 32            # characters of prefix and suffix kept with a quote
FUZZY_MIN = 80.0        # rapidfuzz score (0-100) from which a lightly edited quote is the same
SHORT_QUOTE = 20        # a fuzzy match of a quote shorter than this also needs its context...
CONTEXT_MIN = 60.0      # ...to match at least this well on one side
MAX_OCCURRENCES = 5000  # occurrences of a quote looked at (a one-letter quote can have many)
CONTEXT_WEIGHT = 0.3    # how much the context counts when placing the ends of a fuzzy match


class Anchored(Protocol):
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def check_span(text: str, start, end, doc_id: str) -> None:
    """Raises InvalidArgument, with the reason, unless [start, end) is a passage of ``text``."""
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        raise InvalidArgument("START and END must be whole numbers")
    if not 0 <= start < end <= len(text):
        raise InvalidArgument(f"bad span {start}:{end}: document {doc_id} has {len(text)} "
                              f"characters; need 0 <= START < END <= {len(text)}")
    if not text[start:end].strip():
        raise InvalidArgument(f"span {start}:{end} of document {doc_id} holds only whitespace")


def context(text: str, start: int, end: int, n: int = CONTEXT) -> tuple[str, str]:
    """(prefix, suffix): up to ``n`` characters before ``start`` and after ``end``."""
    return text[max(0, start - n):start], text[end:end + n]


def reanchor(old: Anchored, new_text: str) -> tuple[int, int] | None:
    """Where the passage ``old`` is in ``new_text``: (start, end), or None when it is gone."""
    quote = old.quote
    if not quote:
        return None
    start, end = old.start, old.end
    in_place = 0 <= start <= end <= len(new_text) and new_text[start:end] == quote
    if in_place and context(new_text, start, end, len(old.prefix))[0] == old.prefix and \
            new_text[end:end + len(old.suffix)] == old.suffix:
        return start, end
    found = _exact(old, new_text)
    if found is not None:
        return found
    return _fuzzy(old, new_text)


def context_score(old: Anchored, text: str, start: int, end: int) -> float:
    """How well the text around [start, end) matches the old prefix and suffix (0-200)."""
    score = 0.0
    if old.prefix:
        score += fuzz.ratio(old.prefix, text[max(0, start - len(old.prefix)):start])
    if old.suffix:
        score += fuzz.ratio(old.suffix, text[end:end + len(old.suffix)])
    return score


def _exact(old: Anchored, text: str) -> tuple[int, int] | None:
    """The occurrence of the quote whose context matches best; ties go to the nearest."""
    quote, n = old.quote, len(old.quote)
    best, best_key = None, None
    i = text.find(quote)
    seen = 0
    while i >= 0 and seen < MAX_OCCURRENCES:
        key = (round(context_score(old, text, i, i + n), 6), -abs(i - old.start))
        if best_key is None or key > best_key:
            best, best_key = i, key
        seen += 1
        i = text.find(quote, i + 1)
    return None if best is None else (best, best + n)


def _fuzzy(old: Anchored, text: str) -> tuple[int, int] | None:
    """A lightly edited quote: near its old place first, then anywhere in the text."""
    quote, n = old.quote, len(old.quote)
    if n < 4 or not text:
        return None
    slack = max(2 * n, 400)
    lo, hi = max(0, old.start - slack), min(len(text), old.end + slack)
    windows = [(lo, hi)] + ([(0, len(text))] if (lo, hi) != (0, len(text)) else [])
    for w_lo, w_hi in windows:
        al = fuzz.partial_ratio_alignment(quote, text[w_lo:w_hi], score_cutoff=FUZZY_MIN - 10)
        if al is None:
            continue
        start, end = _refine(old, text, w_lo + al.dest_start, w_lo + al.dest_end)
        if fuzz.ratio(quote, text[start:end]) < FUZZY_MIN:
            continue
        if n < SHORT_QUOTE and max(_side_scores(old, text, start, end)) < CONTEXT_MIN:
            continue
        return start, end
    return None


def _side_scores(old: Anchored, text: str, start: int, end: int) -> tuple[float, float]:
    pre = fuzz.ratio(old.prefix, text[max(0, start - len(old.prefix)):start]) if old.prefix else 0
    suf = fuzz.ratio(old.suffix, text[end:end + len(old.suffix)]) if old.suffix else 0
    return float(pre), float(suf)


def _refine(old: Anchored, text: str, start: int, end: int) -> tuple[int, int]:
    """Move both ends of an aligned window to where the whole quote, and then its context,
    match best (an edit changes the passage's length, which a fixed-length alignment does not
    follow)."""
    quote = old.quote
    k = min(60, max(4, len(quote) // 5))

    def score(s: int, e: int) -> float:
        if e <= s:
            return -1.0
        return fuzz.ratio(quote, text[s:e]) + CONTEXT_WEIGHT * sum(_side_scores(old, text, s, e))

    best = score(start, end)
    for _ in range(3):
        moved = False
        for s in range(max(0, start - k), min(end, start + k) + 1):
            v = score(s, end)
            if v > best:
                best, start, moved = v, s, True
        for e in range(max(start + 1, end - k), min(len(text), end + k) + 1):
            v = score(start, e)
            if v > best:
                best, end, moved = v, e, True
        if not moved:
            break
    return _snap(old, text, start, end)


def _snap(old: Anchored, text: str, start: int, end: int) -> tuple[int, int]:
    """Whole words at an end where the old passage ended on a word boundary."""
    def inside_word(i: int) -> bool:
        return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()

    if not old.quote[0].isspace():
        while start < end - 1 and text[start].isspace():
            start += 1
    if not old.quote[-1].isspace():
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
    if not (old.quote[0].isalnum() and old.prefix[-1:].isalnum()):
        s = start
        while inside_word(s) and start - s < 15:
            s -= 1
        start = s if not inside_word(s) else start
    if not (old.quote[-1].isalnum() and old.suffix[:1].isalnum()):
        e = end
        while inside_word(e) and e - end < 15:
            e += 1
        end = e if not inside_word(e) else end
    return start, end
