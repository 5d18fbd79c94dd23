"""Who a claim says its statement comes from: ``attribution(text)`` → a short phrase ("South
Korea's National Intelligence Service", "Ukraine's military", "a spokesman", "officials in
the capital", "Reuters"), or "" when the text attributes it to nobody.

English news attributes a statement in a handful of shapes, read here with regular
expressions (no parser: the speaker is a short noun phrase next to a cue):

- a cue before the speaker: "according to X", "citing X", "said X" (inverted, after a quote
  or a comma: "…, said the ministry");
- a speaker before a verb of saying: "X said / says / told / reported / estimated / claimed /
  denied / confirmed …", at the start of a clause (the sentence's, or after a comma, a quote,
  "that", "but"), with an aside dropped ("X, who …, said"; "X, a spokesman, said");
- a report as the source: "X reports indicate", "X intelligence reports suggest".

Precision matters more than recall (a wrong speaker in a why misleads; a missing one only
says less): a phrase counts only when it ends in a word for a speaker ("officials",
"ministry", "spokesman", "intelligence" …) or is a name (capitalised words), and pronouns,
passives ("it is said that", "the troops said to be") and long phrases give "".
"""

from __future__ import annotations

import re
from functools import lru_cache

# Words that name who speaks (the head of the phrase, before any "of/in/for …"), by their
# singular or plural form.
SPEAKERS = frozenset("""
official officials spokesman spokesmen spokeswoman spokeswomen spokesperson spokespeople
minister ministers ministry ministries president prime secretary chief chiefs commander
commanders general generals military army navy forces intelligence service services agency
agencies police government governments authorities authority office department council
committee source sources analyst analysts expert experts witness witnesses resident
residents media outlet outlets newspaper newspapers lawmaker
lawmakers senator senators mayor governor diplomat diplomats envoy ambassador observer
observers monitor monitors group groups organisation organization officer officers
representative representatives investigators investigator prosecutor prosecutors court
judge board institute observatory doctors doctor medics rescuers administration
headquarters command staff coalition party company firm bureau centre center spokesperson
researchers researcher scientists leader leaders regime kremlin pentagon embassy
broadcaster network operator watchdog regulator
""".split())

# A verb of saying (present or past), after its speaker.
_SAYING = (r"said|says|say|told|tells|reported|reports|estimated|estimates|claimed|claims|"
           r"denied|denies|confirmed|confirms|announced|announces|stated|states|added|adds|"
           r"warned|warns|insisted|insists|noted|notes|believes|believed|alleged|alleges|"
           r"acknowledged|acknowledges|admitted|admits|disclosed|revealed|reveals|asserted|"
           r"argued|argues|wrote|writes|explained|explains|indicated|indicates|suggested|"
           r"suggests|assessed|assesses|concluded|maintained|maintains")
_ADVERB = r"(?:(?:has|have|had)\s+)?(?:(?:also|previously|earlier|later|repeatedly|" \
          r"separately|publicly|officially|now|then|since)\s+)?"
_WORD = r"[^\W\d_][\w.'’-]*"
_PHRASE = rf"(?:{_WORD}|\d+)(?:\s+(?:{_WORD}|\d+)){{0,8}}"

# Where a clause, and so a speaker, may start.
_CLAUSE_START = r"(?:^|[,;:(“”\"—–]\s*|\b(?:that|but|and|while|as|so)\s+)"

_BEFORE_VERB = re.compile(
    rf"{_CLAUSE_START}(?P<x>{_PHRASE}?)\s+{_ADVERB}(?:{_SAYING})\b(?!\s+to\b)", re.I)
_ACCORDING = re.compile(rf"\b(?:according\s+to|citing|cited\s+by)\s+(?P<x>{_PHRASE})", re.I)
_INVERTED = re.compile(rf"(?:[,“”\"]\s*)(?:said|says|added|told\s+\w+)\s+(?P<x>{_PHRASE})",
                       re.I)
_REPORTS = re.compile(
    rf"{_CLAUSE_START}(?P<x>{_PHRASE}?)\s+(?P<kind>intelligence\s+)?reports?\s+"
    rf"(?:indicate|indicates|suggest|suggests|show|shows|say|says|said|claim|claims|"
    rf"indicated|suggested|showed)\b", re.I)

# An aside between a speaker and its verb: "X, who spoke to reporters, said"; "X, a
# spokesman for the ministry, said"; "X, in a statement, said" (not a clause of saying itself:
# "…, a spokesman said, adding").
_ASIDE = re.compile(r",\s+(?:who|which|whose|a|an|the|in|speaking|citing|quoted)\b[^,;“”\"]{1,120},",
                    re.I)
_SAYS = re.compile(rf"\b(?:{_SAYING})\b", re.I)

# Where a speaker's phrase ends (a relative clause, a time, a place of speaking, a second clause).
_PHRASE_END = re.compile(
    r"\s+(?:who|which|that|whose|when|where|while|on|at|last|this|yesterday|today|earlier|"
    r"late|after|before|during|as|with|familiar|close|but|to|about|by|because|if|"
    r"has|have|had|is|are|was|were|will|would|could|can|may|might|in\s+a\s+statement|"
    r"in\s+an?\s+\w+|on\s+\w+)\b.*$", re.I | re.S)
_LEADING_SOURCE = re.compile(r"^(?:(?:recent|new|latest|official|the|preliminary)\s+)*"
                             r"(?:figures|data|estimates|reports?|statistics|numbers)\s+"
                             r"(?:from|by|of|released\s+by)\s+", re.I)

_NOT_SPEAKERS = frozenset("""
he she they it we i you according this that these those there who which what one someone some many
others everyone anyone nobody people something nothing reports report estimates figures
data studies study documents records statistics numbers images footage photos survey statement
""".split())
# Words a speaker's phrase may begin with that a sentence's start capitalises: "Analysts said"
# reads "analysts" ("Ukraine's military" keeps its name).
_COMMON_FIRST = SPEAKERS | frozenset("""
a an the one two three four five several some many most other another senior top local unnamed
anonymous western military state government security health regional foreign federal
provincial independent international
""".split())
_NOT_WORDS = frozenset("""
is are was were be been being not no never to did do does have has had will would could can
may might should must than then very also being its their his her our my your
""".split())
_SMALL = frozenset("of the for in at from and on de al von van du la le del".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MAX_WORDS = 7


@lru_cache(maxsize=20_000)
def attribution(text: str) -> str:
    """Who ``text`` says its statement comes from (see the module docstring), or "".
    Memoised: a story's matrix asks it of every cell each time it opens (70 µs a claim)."""
    found = []
    flat = _ASIDE.sub(_aside, text) if "," in text else text
    for pattern, reader in ((_ACCORDING, _after_cue), (_INVERTED, _after_cue),
                            (_REPORTS, _before_reports), (_BEFORE_VERB, _before_verb)):
        for m in pattern.finditer(flat):
            speaker = reader(m)
            if speaker:
                found.append((m.start("x"), speaker))
                break
    return min(found)[1] if found else ""


def _aside(m: re.Match) -> str:
    return m.group(0) if _SAYS.search(m.group(0)) else ""


def _after_cue(m: re.Match) -> str:
    phrase = _LEADING_SOURCE.sub("", m.group("x"))
    return _speaker(_PHRASE_END.sub("", phrase.strip()))


def _before_verb(m: re.Match) -> str:
    return _speaker(_PHRASE_END.sub("", m.group("x").strip()))


def _before_reports(m: re.Match) -> str:
    phrase = m.group("x").strip()
    if m.group("kind"):
        phrase = f"{phrase} intelligence"
    return _speaker(phrase)


def _speaker(phrase: str) -> str:
    """The phrase as a speaker, "the" trimmed before a name, or "" when it is none."""
    phrase = re.sub(r"[\s,.;:]+$", "", phrase.strip())
    words = phrase.split()
    if not words or len(words) > _MAX_WORDS:
        return ""
    lower = [w.lower().strip(".'’") for w in words]
    if lower[0] in _NOT_SPEAKERS or any(w in _NOT_WORDS for w in lower):
        return ""
    if any(w in _WEEKDAYS for w in lower) or any(c.isdigit() for c in phrase) and \
            not re.match(r"^\d+\s", phrase):
        return ""
    head = _head(words)
    if head is None:
        return ""
    if lower[0] == "the" and len(words) > 1 and words[1][:1].isupper():
        return " ".join(words[1:])              # "the Pentagon" → "Pentagon"
    if lower[0] in _COMMON_FIRST and (len(words) == 1 or not words[1][:1].isupper()):
        words[0] = words[0].lower()             # "A spokesman" → "a spokesman"
    return " ".join(words)


def _head(words: list[str]) -> str | None:
    """The word that says who: the last before any "of/in/for …" (or the last). A speaker's
    word, or a name (every word of the phrase capitalised but the small ones)."""
    core = words
    for n, w in enumerate(words[1:], 1):
        if w.lower() in ("of", "in", "for", "at", "from"):
            core = words[:n]
            break
    head = re.sub(r"['’]s$", "", core[-1]).lower().strip(".")
    if head in SPEAKERS:
        return head
    if head in _NOT_SPEAKERS:
        return None
    named = [w for w in words if w.lower() not in _SMALL]
    if named and all(w[:1].isupper() for w in named) or len(core) > 1 and core[-1].isupper():
        return head                             # a name, or a named one ("news agency KCNA")
    return None
