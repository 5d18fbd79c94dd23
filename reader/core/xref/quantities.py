"""Quantities in a sentence, with what they count and whose they are.

"approximately 14,000 North Korean troops" → Quantity(low=12_600, high=15_400, kind="count",
unit="troops", noun="troops", subject="north korea"). Qualifiers become ranges ("up to",
"over", "at least", "thousands of"), and a plain round number carries the precision it was
written with (14,000 is 13,500–14,500; 1,480 is 1,480). Two quantities can conflict only when
they count the same kind of thing (equivalence classes: troops / soldiers / forces / personnel)
for the same subject, at the same rate, and their ranges do not overlap.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import CLASS_OF, NAME_KEY, NAMES, stem
from .units import (CONVERSION_SLACK, CURRENCY, measure_after, more_precise, precision_range,
                    qualified)

# -- vocabularies -----------------------------------------------------------------------------
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a thousand": 1000,
    "a dozen": 12, "dozen": 12, "a million": 1e6, "a billion": 1e9, "half a million": 5e5,
}
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "mn": 1e6,
           "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
# "thousands of troops": an order of magnitude, not a number
_VAGUE = {
    "dozens": (24, 100), "scores": (40, 100), "hundreds": (200, 1000),
    "thousands": (1000, 100_000), "tens of thousands": (10_000, 1_000_000),
    "hundreds of thousands": (100_000, 1_000_000), "millions": (1e6, 1e9),
    "tens of millions": (1e7, 1e9), "hundreds of millions": (1e8, 1e9), "billions": (1e9, 1e12),
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:thousand|million|billion|trillion|mln|bln|bn|tn|mn|[mkb])\b"
_NUMBER_RE = re.compile(     # (the look-ahead only lets a scan skip fast to a possible start)
    rf"(?=[\d$£€¥u])(?:(?P<cur>US\$|\$|£|€|¥)\s?)?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}))?"
    rf"(?P<pct>\s?(?:%|per ?cent\b|percent\b))?", re.I)
_ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_RANK_RE = re.compile(r"(?:\b[Nn]o\.|\bNos?\.|#)\s?$")      # "No. 2", "#1": a rank or a label
_VAGUE_RE = re.compile(r"\b(?P<vague>" + "|".join(sorted(map(re.escape, _VAGUE), key=len,
                                                           reverse=True)) + r")\s+of\b", re.I)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORDNUM_RE = re.compile(rf"\b(?P<word>(?:{_TENS})[-\s](?:{_UNITS})|(?:{_UNITS})[-\s]dozen|"
                         + "|".join(
    sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True)) + r")\b", re.I)
_RANGE_RE = re.compile(rf"\bbetween\s+({_NUM})\s+and\s+({_NUM})\b|\b({_NUM})\s?(?:-|–|to)\s?({_NUM})\b",
                       re.I)
_MONTH_NAMES = ("january february march april may june july august september october november "
                "december").split()
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
       r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_RE = re.compile(rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MON})"
                      rf"(?!\.?\s+\d{{1,2}}\b)|(?P<m2>{_MON})\s+"
                      rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)(?:,?\s+(?P<y>1[6-9]\d\d|20\d\d))?\b",
                      re.I)
_YEAR_RE = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_MONTHS = ("january february march april may june july august september october november "
           "december jan feb mar apr jun jul aug sep sept oct nov dec").split()
_RATE_RE = re.compile(r"^\s*(?:per|a|an|each|every)\s+(day|week|month|year|hour|annum)\b", re.I)
_PER_RE = re.compile(r"\b(?:per|a|each|every)\s+(day|week|month|year|hour)\b", re.I)
_CHUNK_STOP = set(("to of in on at for from by with and or but that which who whom whose "
                   "is are was were be been being has have had will would could may might "
                   "can should must do does did said says say according including as than "
                   "while since if because after before during into over under per each "
                   "this these those its their his her our your it they he she we").split())
_HEDGES = re.compile(r"\b(could|may|might|would|expected to|plans? to|planned|planning|"
                     r"likely|possibly|if|unless|projected|forecast|"
                     r"threaten(?:s|ed)? to|aims? to|hopes? to)\b", re.I)

# Cheap pre-tests: each pattern above can only match a sentence holding one of these words
# (its lowercased runs of a-z), so most sentences skip most patterns.
_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_WORDNUM_HINT = frozenset(w for k in _WORD_NUMBERS for w in k.split()) - {"a"}
_VAGUE_HINT = frozenset(w for k in _VAGUE for w in k.split()) - {"of"}
_MONTH_HINT = frozenset(_MONTHS) | {"sept"}
_HEDGE_HINT = frozenset(
    "could may might would expected plan plans planned planning likely possibly if unless "
    "projected forecast threaten threatens threatened aim aims hope hopes".split())

@dataclass(frozen=True)
class Quantity:
    value: float
    low: float
    high: float
    kind: str            # count | percent | money | measure | year | date | monthday
    unit: str = ""       # the class of the counted thing ("troops"), currency, "%"
    noun: str = ""       # the counted noun as written ("soldiers")
    subject: str = ""    # whose: "north korea"
    rate: str = ""       # "day" for "per day"
    hedged: bool = False  # "could", "up to … could be sent": a projection, not a report
    text: str = ""
    start: int = 0
    end: int = 0
    change: bool = False  # a change ("rose $1.64", "added 7,000"), not a level ("to $47.10")

    def compatible(self, other: "Quantity") -> bool:
        """Can the two be the same figure? Ranges that overlap; two ranges that only touch
        (1.5 million, 1.45-1.55, and 1.6 million, 1.55-1.65) are two stated figures. A figure
        given to the last unit (the $43,885,310 of a tax return) and a round one agree where
        the round one is it rounded or cut short: "$44 million", "$43 million"."""
        fine, coarse = sorted((self, other), key=lambda q: q.high - q.low)
        unit = coarse.precision()
        if unit and more_precise(fine.value, unit):
            return coarse.low <= fine.value <= coarse.high + unit / 2
        if fine.low == fine.high:
            return fine.low <= coarse.high and coarse.low <= fine.high
        return self.low < other.high and other.low < self.high

    def precision(self) -> float:
        """The unit of the last digit a plain round figure was written with (14,000: 1,000),
        0 for a range that a qualifier gave ("about", "up to") and for an exact figure."""
        width = self.high - self.low
        if width <= 0 or not math.isclose(self.value, (self.low + self.high) / 2,
                                          rel_tol=1e-9):
            return 0.0
        power = math.log10(width)
        return width if math.isclose(power, round(power), abs_tol=1e-6) else 0.0

    def comparable(self, other: "Quantity") -> bool:
        """Same kind of thing, for the same subject, at the same rate."""
        if self.kind != other.kind or self.rate != other.rate or self.change != other.change:
            return False
        if self.kind == "count" and (not self.unit or self.unit != other.unit):
            return False
        if self.kind in ("money", "percent", "measure") and self.unit != other.unit:
            return False
        if self.subject and other.subject and self.subject != other.subject:
            return False
        return True


# A change rather than a level: "rose $1.64 to $47.10", "added 7,000 jobs", "up 3%".
_CHANGE = re.compile(r"\b(?:rose|rise|rising|rises|fell|fall|falling|falls|gained|gaining|gains|"
                     r"lost|losing|added|adding|adds|cut|cutting|up|down|increased|increasing|"
                     r"decreased|decreasing|jumped|dropped|climbed|slipped|slid|grew|shed|"
                     r"shedding|boosted|lowered|raised|rising|soared|plunged|tumbled)"
                     r"(?:\s+by)?\s+(?:only\s+|just\s+|a\s+further\s+|another\s+)?$", re.I)
_CLAUSE_BREAK = re.compile(r";|\s[–—]\s|,\s+(?:while|but|whereas|although|and)\b|\.\s")


def clause_at(sentence: str, at: int) -> str:
    """The clause of ``sentence`` that holds offset ``at`` (cut at semicolons, dashes and a
    comma before a conjunction)."""
    start, end = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return sentence[start:end]


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i + 1 for i, full in enumerate(_MONTH_NAMES) if full.startswith(name[:3]))


def _counted_noun(after: str) -> tuple[str, list[str]]:
    """The head noun after a number ("North Korean special forces soldiers are …" → soldiers),
    and the chunk's words."""
    words = re.findall(r"[A-Za-z][\w'’-]*(?:\.[A-Za-z]+)*|[,;:()]", after[:120])
    chunk = []
    for w in words[:7]:
        lw = w.lower().strip(".")
        if lw in _CHUNK_STOP or w in ",;:()" or chunk and lw.endswith("ing"):
            break                              # "1.5 million women seeking back pay"
        chunk.append(w)
    if not chunk:
        return "", []
    # the head is the last word of the chunk that has a class, else its first plural noun
    # ("18 miners alive"), else its last word
    for w in reversed(chunk):
        if stem(w) in CLASS_OF:
            return w, chunk
    for w in chunk:
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss") and w[:1].islower():
            return w, chunk
    return chunk[-1], chunk


def _subject(sentence: str, q_start: int, chunk: list[str], places: bool = True) -> str:
    """Whose the quantity is: a nationality or place in its noun chunk ("North Korean troops"),
    else the name nearest before it in its clause ("Republicans picked up 63 seats").
    ``places``: False when the sentence names no place (``_PLACE_HINT``)."""
    in_chunk = _last_place(" ".join(chunk)) if places else ""
    if in_chunk:
        return in_chunk
    before = re.split(r";|\s[–—]\s", sentence[:q_start])[-1]
    best, best_pos = "", -1
    for m in (_NAME_RE.finditer(before.lower()) if places else ()):
        best, best_pos = NAME_KEY[m.group(1)], m.start()
    near = len(before) - _NAME_REACH         # a person or body names the figure's owner
    for m in _ENTITY_RUN.finditer(before):  # only close before it ("Republicans picked up")
        words = [w for w in re.findall(r"[\w.'’-]+", m.group(0))
                 if w.lower().strip(".") not in _NOT_NAMES]
        if words and m.start() > best_pos and m.start() >= near:
            name = " ".join(words).lower()
            name = re.sub(r"(?:'s|’s)$", "", name)
            best, best_pos = NAME_KEY.get(name, name), m.start()
    return best


_NAME_REACH = 60      # characters before a figure within which a name is its owner
# Nouns after a number word that are no counted things ("two years ago", "three times").
_NOT_COUNTED = frozenset("years year months month weeks week days day hours hour minutes times "
                         "decades decade centuries century percent ways sides".split())
_ENTITY_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_NOT_NAMES = frozenset(
    "a an the in on at of for to from by with and or but if as this that these those it its "
    "he she they we i his her their our furthermore however meanwhile moreover according "
    "also still yet after before while although since when where today yesterday tomorrow "
    "last next some many most several average about around nearly up over more than "
    "monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr".split()
    + _MONTH_NAMES + ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                      "nov", "dec", "day", "week", "month", "year"])


_NAME_RE = re.compile(r"\b(" + "|".join(re.escape(n) for n, _ in NAMES) + r")(?:'s|’s)?\b")
# a word of every name (its longest): a sentence with none of them names no place
_PLACE_HINT = frozenset(max(_LETTERS.findall(n), key=len) for n, _ in NAMES)


def _last_place(text: str) -> str:
    """The last country, capital or nationality named in ``text`` (longest names win:
    "North Korea" is not "Korea")."""
    found = _NAME_RE.findall(text.lower())
    return NAME_KEY[found[-1]] if found else ""


def extract(sentence: str) -> list[Quantity]:
    """All quantities of one sentence (or claim)."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    words = set(_LETTERS.findall(sentence.lower()))
    digits = _DIGIT.search(sentence) is not None
    may_hedge = not words.isdisjoint(_HEDGE_HINT)
    places = not words.isdisjoint(_PLACE_HINT)

    def free(a, b):
        return all(b <= s or a >= e for s, e in taken)

    def add(value, low, high, kind, start, end, unit="", after=""):
        noun, chunk, rate = "", [], ""
        if kind == "count":
            m = _RATE_RE.match(after)          # "1,200 a day"
            if m:
                rate = m.group(1).lower()
                after = after[m.end():]
            noun, chunk = _counted_noun(after)
            unit = CLASS_OF.get(stem(noun), stem(noun)) if noun else ""
            if not rate:                       # "1,200 soldiers per day"
                m = _PER_RE.search(after[:60])
                rate = m.group(1).lower() if m else ""
        subject = _subject(sentence, start, chunk, places) if kind in ("count", "money") else ""
        taken.append((start, end))
        # hedged: a hedge before it in its clause, or right after its noun ("up to 10,000
        # troops could be sent"; not "1.5 million women and could cost ...")
        before = re.split(r"[,;:]\s|\s[–—]\s", sentence[max(0, start - 80):start])[-1]
        rest = after[len(" ".join(chunk)) + 1:] if chunk else sentence[end:]
        hedged = may_hedge and bool(_HEDGES.search(before) or _HEDGES.match(rest.lstrip()))
        change = bool(_CHANGE.search(sentence[max(0, start - 24):start]))
        out.append(Quantity(value, low, high, kind, unit, noun.lower(), subject, rate,
                            hedged, sentence[start:end].strip(), start, end, change))

    # calendar dates: "5 May 2024", "January 14, 2020" (kind "date", value YYYYMMDD or MMDD)
    for m in (_DATE_RE.finditer(sentence) if digits and not words.isdisjoint(_MONTH_HINT)
              else ()):
        day = int(m.group("d1") or m.group("d2"))
        month_name = m.group("m1") or m.group("m2")
        if not month_name[0].isupper():       # "5 may be sent" is no date
            continue
        month = _month_number(month_name)
        if not 1 <= day <= 31:
            continue
        value = month * 100 + day + (int(m.group("y")) * 10_000 if m.group("y") else 0)
        taken.append((m.start(), m.end()))
        out.append(Quantity(value, value, value, "date" if m.group("y") else "monthday",
                            "date", "", "", "", False, m.group(0), m.start(), m.end()))
    # explicit ranges: "between 10,000 and 12,000", "10,000-12,000"
    for m in (_RANGE_RE.finditer(sentence) if digits and (
            "-" in sentence or "–" in sentence or "to" in words or "between" in words) else ()):
        if not free(m.start(), m.end()):
            continue
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        lo, hi = float(a.replace(",", "")), float(b.replace(",", ""))
        if lo >= hi or _YEAR_RE.fullmatch(a) and _YEAR_RE.fullmatch(b):
            continue
        add((lo + hi) / 2, lo, hi, "count", m.start(), m.end(), after=sentence[m.end():])
    # vague magnitudes: "thousands of troops"
    for m in (_VAGUE_RE.finditer(sentence) if not words.isdisjoint(_VAGUE_HINT) else ()):
        if not free(m.start(), m.end()):
            continue
        lo, hi = _VAGUE[m.group("vague").lower()]
        add(math.sqrt(lo * hi), lo, hi, "count", m.start(), m.end("vague"),
            after=sentence[m.end():])
    # digits
    for m in (_NUMBER_RE.finditer(sentence) if digits else ()):
        if not free(m.start(), m.end()):
            continue
        num = m.group("num")
        if not m.group("cur") and (_ORDINAL_RE.match(sentence, m.end("num")) or
                                   _RANK_RE.search(sentence, max(0, m.start() - 8), m.start())):
            continue            # "the 35th day", "3rd place", "the No. 2 job": a position
        raw = float(num.replace(",", ""))
        scale_word = (m.group("scale") or "").lower()
        scale = _SCALES.get(scale_word, 1.0)
        if scale_word in ("m", "b", "k") and not m.group("cur") and not re.match(
                r"\s?[mkb]\b", sentence[m.end("num"):m.end("num") + 2], re.I):
            scale = 1.0
        value = raw * scale
        before = sentence[max(0, m.start() - 40):m.start()]
        after = sentence[m.end():]
        cur = m.group("cur")
        if m.group("pct"):
            low, high = precision_range(num, value, 1.0, exact_units=False)   # 29% is 28.5-29.5
            low, high, _ = qualified(before, low, high, value)
            add(value, low, high, "percent", m.start(), m.end(), unit="%")
            continue
        word_cur = re.match(r"\s*(dollars?|pounds|euros|yen|yuan|roubles|rubles|rupees)\b",
                            after, re.I)
        if cur or word_cur:
            unit = CURRENCY.get((cur or word_cur.group(1)).lower(), "")
            low, high = precision_range(num, value, scale)
            low, high, _ = qualified(before, low, high, value)
            end = m.end() + (word_cur.end() if word_cur else 0)
            add(value, low, high, "money", m.start(), end, unit=unit)
            continue
        measure = measure_after(after) if scale == 1.0 else None
        if measure is not None:              # "40 square miles", "six feet of snow"
            dim, factor, taken_chars = measure
            low, high = precision_range(num, value, 1.0, exact_units=False)
            low, high, _ = qualified(before, low, high, value)
            slack = CONVERSION_SLACK * value
            add(value * factor, (low - slack) * factor, (high + slack) * factor, "measure",
                m.start(), m.end() + taken_chars, unit=dim)
            continue
        if _YEAR_RE.fullmatch(num) and scale == 1.0:
            prev = sentence[max(0, m.start() - 12):m.start()].lower()
            noun = _counted_noun(after)[0]
            if (re.search(r"\b(in|since|of|by|until|from|during|before|after)\s+$", prev)
                    or prev.rstrip(" ,.").endswith(tuple(_MONTHS))
                    or stem(noun) not in CLASS_OF):
                taken.append((m.start(), m.end()))
                out.append(Quantity(value, value, value, "year", "year", "", "", "", False,
                                    num, m.start(), m.end()))
                continue
        if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d)", after, re.I):
            continue      # a time of day
        low, high = precision_range(num, value, scale)
        low, high, qualifier = qualified(before, low, high, value)
        start = m.start() - (len(qualifier) + 1 if qualifier else 0)
        add(value, low, high, "count", start, m.end(), after=after)
    # number words: "two soldiers", "a dozen tanks"
    for m in (_WORDNUM_RE.finditer(sentence) if not words.isdisjoint(_WORDNUM_HINT) else ()):
        if not free(m.start(), m.end()):
            continue
        after = sentence[m.end():]
        noun, _ = _counted_noun(after)
        word = m.group("word").lower()                # "forty-five": 40 + 5
        parts = re.split(r"[-\s]+", word)
        if word not in _WORD_NUMBERS and parts[-1] == "dozen":
            value = float(_WORD_NUMBERS[parts[0]] * 12)     # "two-dozen": 24
        else:
            value = float(_WORD_NUMBERS.get(word) or sum(_WORD_NUMBERS[w] for w in parts))
        measure = measure_after(after)
        if measure is not None:              # "six feet of snow"
            dim, factor, taken_chars = measure
            add(value * factor, value * factor * (1 - CONVERSION_SLACK),
                value * factor * (1 + CONVERSION_SLACK), "measure", m.start(),
                m.end() + taken_chars, unit=dim)
            continue
        nxt = re.match(r"\s+([a-z]+)", after)
        if not noun or after[:1] == "-" or stem(noun) not in CLASS_OF and (
                value < 2 or not nxt or nxt.group(1) in _NOT_COUNTED):
            continue          # "one of the", "two-thirds", "two of them": counts of things
        before = sentence[max(0, m.start() - 40):m.start()]
        low, high, _ = qualified(before, value, value, value)
        add(value, low, high, "count", m.start(), m.end(), after=after)
    out.sort(key=lambda q: q.start)
    return out


@lru_cache(maxsize=50_000)
def quantities_of(text: str) -> tuple[Quantity, ...]:
    """The quantities of a claim, memoised: the engine, its candidates and ``relate`` ask about
    the same claims (the engine clears the memo after each run)."""
    return tuple(extract(text))
