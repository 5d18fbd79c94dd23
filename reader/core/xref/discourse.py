"""A claim as the pair scorer should read it, given the document around it.

A sentence often leans on its document. "The collaboration highlights the growing ties between
the two sanctioned nations" names no nation: a reader knows from the article which two are meant.
``reading(text, start, end)`` returns the claim with that knowledge made explicit, or ``None``
when it adds nothing:

- **"the two nations"**: "the two [adjectives] nations / countries / states / governments /
  regimes / neighbours / allies / powers", and "both nations / countries", become the two
  countries the document has named most often before the claim (the later-named first among
  equals), when it has named at least two: "the growing ties between Russia and North Korea".
- **a leading concession**: "While A, B" / "Although A, B" / "Though A, B" / "Whereas A, B"
  asserts B; A is granted, not claimed. When B can stand alone, the reading is B.
- **a framing verb**: "The collaboration highlights the growing ties ...", "Their presence sends
  a powerful message about the deepening ties ...", "The report shows that ...": a short subject
  and a verb that presents evidence (highlights, underscores, shows, reflects, signals, points
  to, is a sign of, ...) frame what is stated; the reading is the stated part ("the growing
  ties ...").

The reading is used to find and score claim pairs (``engine.py``), never to show or to place
anything: spans and quantities stay those of the claim as written.
"""

from __future__ import annotations

import re
from collections import Counter

from .lexicon import NAMES, STOPS
from .thresholds import DEFAULT, Thresholds


_NOT_NATIONS = frozenset({"europe", "west", "nato"})
_ABBREVIATIONS = frozenset({"us", "uk", "usa"})
_GROUP = r"(?:nations|countries|states|governments|regimes|neighbou?rs|allies|powers)"
_TWO = re.compile(rf"\b(?:[Tt]he|[Tt]hese|[Tt]hose)\s+two\s+(?:[a-z][\w-]*\s+){{0,2}}{_GROUP}\b"
                  rf"|\b[Bb]oth\s+(?:[a-z][\w-]*\s+)?{_GROUP}\b")
_CONCESSION = re.compile(r"^(?:While|Although|Though|Whereas|Even though|Even as)\b[^,;]{10,200},\s+")
_V = r"(?:s|es|ed|d|ing)?"      # inflection of a framing verb
_FRAME = re.compile(        # the frame's verb, searched for within max_frame_chars
    r"\s(?:(?:also|alone|clearly|further|only)\s+)?(?:"
    # verbs that present what follows as evidenced
    rf"(?:highlight|underscore|underline|reflect|signal|illustrate|emphasi[sz]e){_V}"
    rf"|(?:point|speak|attest){_V} to|testif(?:y|ies|ied) to|speak{_V} volumes about"
    rf"|send{_V} an? (?:\w+ )?(?:message|signal) (?:about|of)"
    r"|(?:is|was|are|were) (?:an? )?(?:\w+ )?(?:sign|evidence|proof|reminder|testament) of"
    # verbs that do so only with a that-clause
    rf"|(?:show|reveal|indicate|confirm|demonstrate|suggest|prove){_V}(?= that\b)"
    r")\s+(?:that\s+)?", re.I)
_WORD = re.compile(r"\w+")
_LOCATIVE = re.compile(r"\b(?:in|into|inside|across|throughout|within|at)\s+(?:the\s+)?$", re.I)


def _surface(name: str) -> list[str]:
    """How a gazetteer key is written in running text: "north korea" → "North Korea";
    abbreviations in capitals only ("us" → "US", never the pronoun "Us"; "u.s." → "U.S.")."""
    if name.replace(".", "") in _ABBREVIATIONS:
        return [name.upper()]
    return [" ".join(w[:1].upper() + w[1:] for w in name.split(" "))]


_COUNTRY_OF: dict[str, str] = {}
for _name, _key in NAMES:
    if _key in _NOT_NATIONS:
        continue
    for _form in _surface(_name):
        _COUNTRY_OF.setdefault(_form, _key)
_COUNTRY = re.compile(r"(?<![\w.])(" + "|".join(
    re.escape(f) for f in sorted(_COUNTRY_OF, key=len, reverse=True)) + r")(?![\w])")


def _display(key: str) -> str:
    if key in ("united states", "united kingdom"):
        return "the " + " ".join(w.capitalize() for w in key.split())
    return " ".join(w.capitalize() for w in key.split())


def countries_before(text: str, end: int) -> list[str]:
    """Countries named in ``text[:end]`` (by name, nationality or capital), most often named
    first, the later-named first among equals. A country named as a place ("the war in
    Ukraine") counts half: "the two nations" are the actors of a story more than its setting."""
    counts: Counter[str] = Counter()
    last: dict[str, int] = {}
    for m in _COUNTRY.finditer(text, 0, end):
        key = _COUNTRY_OF[m.group(1)]
        counts[key] += 0.5 if _LOCATIVE.search(text, max(0, m.start() - 12), m.start()) else 1.0
        last[key] = m.start()
    return sorted(counts, key=lambda k: (-counts[k], -last[k]))


def _has_content(words: str) -> bool:
    """Does a would-be subject hold a content word ("The show" does, "The" does not)?"""
    return any(w.lower() not in STOPS for w in _WORD.findall(words))


_CONCESSION_OPENERS = ("While ", "Although ", "Though ", "Whereas ", "Even ")


def _stems(words: str) -> frozenset[str]:
    """Porter stems of the words and of their inflections (-s, -es, -d, -ed, -ing)."""
    from whoosh.lang.porter import stem
    forms = set()
    for w in words.split():
        forms.update((w, w + "s", w + "es", w + "d", w + "ed", w + "ing", w.rstrip("e") + "ing"))
    return frozenset(stem(f) for f in forms)


# The index terms (Porter stems) a claim must hold, unless it opens with a concession, for
# ``reading`` to have anything to do: the engine tests every claim's terms against them.
CUE_TERMS = _stems(
    "highlight underscore underline reflect signal illustrate emphasise emphasize point speak "
    "attest testify send sign evidence proof reminder testament show reveal indicate confirm "
    "demonstrate suggest prove two both")


def worth_reading(claim: str, terms) -> bool:
    """Can ``reading`` change this claim (its text, and its index terms)? A cheap test."""
    return claim.startswith(_CONCESSION_OPENERS) or not CUE_TERMS.isdisjoint(terms)


def reading(text: str, start: int, end: int, t: Thresholds = DEFAULT) -> str | None:
    """The claim ``text[start:end]`` with its document's knowledge made explicit (see the
    module's docstring), or ``None`` when that changes nothing."""
    claim = text[start:end]
    out = claim
    m = _CONCESSION.match(out) if out.startswith(_CONCESSION_OPENERS) else None
    if m and len(_WORD.findall(out[m.end():])) >= t.min_main_words:
        main = out[m.end():]
        out = main[:1].upper() + main[1:]
    m = _FRAME.search(out, 0, t.max_frame_chars)
    if m is not None:
        subject, stated = out[:m.start()], out[m.end():]
        if not any(c in subject for c in ",;:") and _has_content(subject) \
                and len(_WORD.findall(subject)) <= t.max_frame_subject \
                and len(_WORD.findall(stated)) >= t.min_framed_words:
            out = stated[:1].upper() + stated[1:]
    named = referents(text, start, end)
    if named is not None:
        out = out.replace(named[0], named[1], 1)
    return out if out != claim else None


def referents(text: str, start: int, end: int) -> tuple[str, str] | None:
    """("the two sanctioned nations", "Russia and North Korea") when the claim
    ``text[start:end]`` speaks of two nations its document has named before, else ``None``."""
    low = text[start:end].lower()
    if "two " not in low and "both " not in low:
        return None
    m = _TWO.search(text, start, end)
    if m is None:
        return None
    found = countries_before(text, start)
    if len(found) < 2:
        return None
    return m.group(), f"{_display(found[0])} and {_display(found[1])}"
