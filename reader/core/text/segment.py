"""Split normalised text into paragraph and sentence spans.

The input is the output of :func:`reader.core.text.normalize.normalize`: paragraphs separated
by ``"\\n\\n"``, single spaces. All spans are ``(start, end)`` Python ``str`` offsets, end
exclusive. Sentence spans never cross a paragraph, have no leading/trailing whitespace, are in
order, do not overlap, and together cover every non-space character of every paragraph.

Method: one regex finds *candidate* boundaries (a cluster of terminal punctuation, optional
closing quotes/brackets, then a space -- or a CJK terminal, which needs no space); a few
cheap checks on the word before and the word after decide each candidate:

* ``?`` / ``!`` (and ``؟``, ``।`` ...) end a sentence unless a lowercase word follows
  (``"Are you sure?" she asked.``);
* an ellipsis ends one only before an uppercase start (``Wait... what?`` stays whole);
* a period ends one unless a lowercase word follows, or the word before is an abbreviation:
  titles (``Mr.``, ``Gen.``) never end a sentence; other abbreviations (``U.S.``, ``Inc.``,
  ``Jan.``, ``a.m.``), single-letter initials and dotted acronyms end one only before a
  common sentence starter (``...moved to the U.S. The president said``); ``No. 5``-style
  abbreviations never end one before a number; a list number opening a paragraph
  (``1. First item``) never ends one.

Periods inside numbers, URLs, e-mail addresses and domain names are never followed by a
space, so they are never candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Segmentation", "segment"]


@dataclass(frozen=True)
class Segmentation:
    """Paragraph and sentence spans of one normalised text (``(start, end)``, end exclusive)."""

    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int]]


# --------------------------------------------------------------------------------------------
# Word lists (compared in lowercase, without the final period)
# --------------------------------------------------------------------------------------------
# Titles and similar: always followed by a name, so they never end a sentence.
# "e.g.", "i.e.", "vs." and friends are always followed by more of the sentence as well.
_TITLES = frozenset("""
    mr mrs ms messrs mme mlle dr prof gen sen rep st gov lt col capt sgt rev hon
    maj cmdr adm brig cpl pte pvt supt insp det fr ste mt
    e.g i.e cf viz vs v
""".split())

# Abbreviations that can also end a sentence: no split unless a common sentence starter
# follows ("... Smith Inc. The company said"). Dotted acronyms (U.S., a.m.) and single-letter
# initials are treated the same way without being listed.
_ABBREVIATIONS = frozenset("""
    inc ltd co corp plc llc bros dept univ assn est govt intl natl
    etc al approx appx ca esp incl
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues thu thur thurs fri
    jr sr ft pres ave blvd rd hwy sq mts
""".split())

# Abbreviations that only count as such before a number ("No. 5", "pp. 12", "Jan. 5").
_NUMBER_ABBREVIATIONS = frozenset("""
    no nos vol vols pp p fig figs art sec ch chap para op
""".split()) | _ABBREVIATIONS

# Capitalised words that typically open a sentence (after an abbreviation that may end one).
_SENTENCE_STARTERS = frozenset("""
    the a an this that these those it its he she they we i you his her their our my your
    but and or so yet however meanwhile also in on at for if when while after before as
    there here some many most other others then now still although though because since
    despite during under what who why how where which such no not last next earlier later
    both each every all one two three several mr mrs ms dr
""".split())

# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------
_CLOSERS = "\"'”’»›)\\]}」』）〕】"
_OPENERS = "\"'“‘«‹(\\[{¿¡「『（〔【"
_PARAGRAPH_RE = re.compile(r"[^\n]+")
# Either a CJK terminal (no space needed) or Western/other terminals followed by spaces.
# The leading lookahead lets the regex engine skip quickly to terminal characters.
_CANDIDATE_RE = re.compile(
    "(?=[.!?‽…؟।॥۔።。！？｡])"
    f"(?:(?P<cjk>[。！？｡]+[{_CLOSERS}]*)[^\\S\\n]*"
    f"|(?P<term>[.!?‽…؟।॥۔።]+)[{_CLOSERS}]*(?P<space>[^\\S\\n]+))"
)
_NEXT_WORD_RE = re.compile(f"[{_OPENERS}]*(\\w*)")
_STRONG_TERMINALS = frozenset("!?‽؟।॥۔።")
_DOTTED_ACRONYM_RE = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_LIST_MARKER_RE = re.compile(r"\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6}")


def segment(text: str) -> Segmentation:
    """Return the paragraph and sentence spans of normalised ``text``.

    A paragraph is a maximal run of non-newline characters (with normalised input: the
    ``"\\n\\n"``-separated blocks); a paragraph without final punctuation is one sentence.
    """
    paragraphs: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    for para in _PARAGRAPH_RE.finditer(text):
        start, end = para.span()
        # Tolerate stray spaces around a paragraph (normalised text has none).
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        paragraphs.append((start, end))
        sentence_start = start
        for match in _CANDIDATE_RE.finditer(text, start, end):
            next_start = match.end()
            if next_start >= end or not _is_boundary(text, match, start, end):
                continue
            boundary = match.end("cjk") if match.group("cjk") else match.start("space")
            if boundary > sentence_start:
                sentences.append((sentence_start, boundary))
                sentence_start = next_start
        sentences.append((sentence_start, end))
    return Segmentation(paragraphs, sentences)


def _is_boundary(text: str, match: re.Match[str], para_start: int, para_end: int) -> bool:
    """Decide whether a candidate boundary really ends a sentence."""
    if match.group("cjk"):
        return True
    term = match.group("term")
    next_match = _NEXT_WORD_RE.match(text, match.end(), para_end)
    next_word = next_match.group(1)
    first_at = next_match.start(1)
    first = text[first_at] if first_at < para_end else ""
    # "iPhone", "eBay" count as capitalised.
    lowercase_next = first.islower() and not (len(next_word) > 1 and next_word[1].isupper())

    if term != ".":
        if any(char in _STRONG_TERMINALS for char in term):
            return not lowercase_next  # '"Are you sure?" she asked.' stays whole
        return first.isupper()  # an ellipsis: "Wait... what?" stays whole
    if lowercase_next:
        return False

    # A single period: look at the word before it.
    space = text.rfind(" ", para_start, match.start())
    word_start = para_start if space < 0 else space + 1
    word = text[word_start:match.start()].lstrip(_OPENERS)
    if not word or word[-1] in _CLOSERS:
        return True  # "... Commission (SEC). Monsanto ..."
    key = word.lower()
    if key in _TITLES and not (len(word) > 1 and word.isupper()):  # "MS" is an acronym
        return False
    if first.isdigit() and (key in _NUMBER_ABBREVIATIONS or len(word) == 1):
        return False  # "No. 5", "Jan. 5", "p. 12"
    if word_start == para_start and _LIST_MARKER_RE.fullmatch(word):
        return False  # "1. First item"
    if (key in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
            or _DOTTED_ACRONYM_RE.fullmatch(word)):
        return next_word.lower() in _SENTENCE_STARTERS and next_word[:1].isupper()
    return True
