"""When a claim says something happened: days and times of day, resolved against the
publication date of its document.

``read_when(text, published)`` finds, in one claim, the expressions of time a news report uses
and turns each into a ``When``: the days it can mean (``first`` to ``last``), the hours of the
day it names (``hours``), and how it was written. Forms:

- calendar dates ("Nov. 1", "1 November 2011", "January 14, 2020"; a date without a year takes
  the publication year, or the year before when that puts it in the future by months);
- weekdays ("Tuesday", "on Wednesday", "Tuesday afternoon"): the most recent such day on or
  before the publication date, or the next one when the claim speaks of the future ("will",
  "is expected to", "next Tuesday");
- days relative to the publication: "today", "tonight", "this morning", "yesterday",
  "last night", "tomorrow", "earlier this week", "this week", "last week", "next week";
- times of day: "11am", "11 a.m.", "3:30 p.m.", "noon", "midnight", and parts of a day
  ("morning", "afternoon", "evening", "night") that attach to a day named beside them;
- periods: a month ("in January", "October 2004": the most recent such month up to the
  publication), a year ("in 2004", "the year to March 2004"), "last month", "this year", ...

Without a publication date a weekday or a relative day keeps its name (``day_name``) and no
days; two such expressions are compared by name only.

Two ``When`` of the same happening conflict when the days they can mean do not overlap, or
when they name the same day and hours that do not overlap (``clash``). Nothing here decides
whether two claims speak of the same happening: relations.py does, from the rest of the claims.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
        r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_PARTS = {"morning": (5, 12), "afternoon": (12, 18), "evening": (17, 22), "night": (19, 29),
          "noon": (12, 13), "midday": (11, 14), "midnight": (23, 25), "overnight": (20, 31)}
_DATE = re.compile(rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MON})"
                   r"(?!\.?\s+\d{1,2}\b)|"    # "the 19 Sept. 11 hijackers": Sept. 11
                   rf"(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)"
                   rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"
                   # "the Sept. 11 attacks" names an event, not a day
                   r"(?!\s+(?:terror\w*\s+)?(?:attacks?|anniversary|memorial|victims|families|"
                   r"bombings?|hijackers|commission|plot|massacre)\b)")
_WEEKDAY = re.compile(r"\b(?P<next>next\s+|last\s+|this\s+(?:past\s+|coming\s+)?)?"
                      r"(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
                      r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b")
_RELATIVE = re.compile(
    r"\b(?P<rel>today|tonight|tomorrow|yesterday|this\s+(?:morning|afternoon|evening)|"
    r"last\s+night|earlier\s+(?:this|in\s+the)\s+week|later\s+this\s+week|this\s+week|"
    r"last\s+week|next\s+week|this\s+weekend|last\s+weekend)\b", re.I)
_CLOCK = re.compile(r"\b(?P<h>\d{1,2})(?::(?P<m>\d\d))?\s*(?P<ap>a\.?\s?m\b\.?|p\.?\s?m\b\.?)|"
                    r"\b(?P<word>noon|midday|midnight)\b", re.I)
_HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
             "new year's day": (1, 1), "new year’s day": (1, 1), "new year's eve": (12, 31),
             "new year’s eve": (12, 31), "independence day": (7, 4), "bastille day": (7, 14),
             "valentine's day": (2, 14), "valentine’s day": (2, 14), "halloween": (10, 31)}
_HOLIDAY = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in _HOLIDAYS) + r")\b", re.I)
_MONTH = re.compile(r"\b(?P<month>January|February|March|April|May|June|July|August|September|"
                    r"October|November|December)(?:\s+(?P<y>(?:19|20)\d\d))?\b")
_YEAR_TO = re.compile(r"\b(?:year|12\s+months|twelve\s+months)\s+(?:to|ending|ended|through)\s+"
                      r"(?P<month>January|February|March|April|May|June|July|August|September|"
                      r"October|November|December)\s+(?P<y>(?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b(?:in|during|for|since|until|by|of|to|throughout|the\s+year)\s+"
                   r"(?:the\s+(?:fiscal\s+|financial\s+)?year\s+)?(?:to\s+\w+\s+)?"
                   r"(?P<y>(?:19|20)\d\d)\b", re.I)
_PERIOD = re.compile(r"\b(?P<rel>last|this|next)\s+(?P<unit>month|year)\b", re.I)
_PART = re.compile(r"\b(?P<part>morning|afternoon|evening|night|overnight)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|'ll|’ll|shall|is\s+(?:expected|set|scheduled|due)\s+to|"
                     r"are\s+(?:expected|set|scheduled|due)\s+to|plans?\s+to|next)\b", re.I)
# Cheap pre-tests: each pattern can only match a claim holding one of these words (its
# lowercased runs of a-z), or digits; most claims skip most patterns.
_MONTH_WORDS = frozenset(_MONTHS) | frozenset(m[:3] for m in _MONTHS) | {"sept"}
_RELATIVE_WORDS = frozenset({"today", "tonight", "tomorrow", "yesterday", "week", "weekend",
                             "morning", "afternoon", "evening", "night"})
_PART_WORDS = frozenset({"morning", "afternoon", "evening", "night", "overnight", "noon",
                         "midday", "midnight"})
_HOLIDAY_WORDS = frozenset({"christmas", "boxing", "year", "independence", "bastille",
                            "valentine", "halloween"})
_HINT = frozenset(WEEKDAYS) | _MONTH_WORDS | _RELATIVE_WORDS | _PART_WORDS | _HOLIDAY_WORDS \
    | {"month", "year"}
_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class When:
    text: str                       # as written: "Tuesday afternoon", "11am", "Nov. 1"
    start: int
    end: int
    first: _dt.date | None = None   # the days it can mean (None: not resolved)
    last: _dt.date | None = None
    hours: tuple[int, int] | None = None   # hours of the day it names: (11, 12), (12, 18)
    day_name: str = ""              # a weekday or relative day kept by name when unresolved

    @property
    def has_day(self) -> bool:
        return self.first is not None or bool(self.day_name)

    def clash(self, other: "When") -> bool:
        """Can the two not name the same moment? Days (or months, years) that cannot overlap,
        or the same single day with hours that cannot overlap."""
        if self.first is not None and other.first is not None:
            if self.last < other.first or other.last < self.first:
                return True
            same_day = self.first == self.last == other.first == other.last
        elif self.day_name and other.day_name:
            if self.day_name != other.day_name:
                return True
            same_day = True
        else:
            return False
        if same_day and self.hours and other.hours:
            return self.hours[1] <= other.hours[0] or other.hours[1] <= self.hours[0]
        return False

    def agrees(self, other: "When") -> bool:
        """Do the two name the same day (and, where both say, overlapping hours)?"""
        if not (self.has_day and other.has_day) or self.clash(other):
            return False
        if self.first is not None and other.first is not None:
            return self.first == self.last == other.first == other.last
        return bool(self.day_name) and self.day_name == other.day_name


def has_when(text: str) -> bool:
    """A cheap test: can ``read_when`` find anything in ``text``?"""
    return not _HINT.isdisjoint(_LETTERS.findall(text.lower())) or _DIGIT.search(text) is not None


@lru_cache(maxsize=50_000)
def read_when(text: str, published: _dt.date | None = None) -> tuple[When, ...]:
    """The times a claim names, in text order (see the module docstring); memoised (the
    engine asks about the same claims many times; it clears the memo after each run)."""
    words = set(_LETTERS.findall(text.lower()))
    digits = _DIGIT.search(text) is not None
    if _HINT.isdisjoint(words) and not digits:
        return ()
    return tuple(_read(text, published, words, digits))


def _read(text: str, published: _dt.date | None, words: set[str], digits: bool) -> list[When]:

    def future(at: int) -> bool:
        """Does the claim speak of the future where it names this time (a marker in the 60
        characters before it, in its clause)?"""
        before = re.split(r"[;,.:]\s", text[max(0, at - 60):at])[-1]
        return bool(_FUTURE.search(before))
    out: list[When] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    months = not words.isdisjoint(_MONTH_WORDS)
    for m in (_DATE.finditer(text) if digits and months else ()):
        month_name = m.group("m1") or m.group("m2")
        day = int(m.group("d1") or m.group("d2"))
        month = next(i + 1 for i, name in enumerate(_MONTHS)
                     if name.startswith(month_name.lower().rstrip(".")[:3]))
        if month_name.lower() == "may" and not month_name[0].isupper():
            continue
        year = int(m.group("y")) if m.group("y") else (published.year if published else None)
        when = None
        if year is not None:
            try:
                when = _dt.date(year, month, day)
            except ValueError:
                continue
            if not m.group("y") and published:
                if (when - published).days > 200:      # "Dec. 28" in a January report
                    when = when.replace(year=year - 1)
                elif future(m.start()) and (published - when).days > 30:   # "will leave Feb. 28"
                    when = when.replace(year=year + 1)
        out.append(When(m.group(0), m.start(), m.end(), when, when,
                        day_name="" if when else f"{month:02d}-{day:02d}"))
        taken.append((m.start(), m.end()))
    for m in (_WEEKDAY.finditer(text) if not words.isdisjoint(WEEKDAYS) else ()):
        if not free(m.start(), m.end()):
            continue
        name = m.group("day").lower()
        ahead = (m.group("next") or "").strip().lower()
        ahead_word = ahead.startswith(("next", "this coming"))
        day = _weekday(name, published, future(m.start()) or ahead_word,
                       ahead == "last") if published else None
        hours = _PARTS.get((m.group("part") or "").lower())
        out.append(When(m.group(0), m.start(), m.end(), day, day, hours,
                        "" if day else name))
        taken.append((m.start(), m.end()))
    relative = not words.isdisjoint(_RELATIVE_WORDS)
    for m in (_RELATIVE.finditer(text) if relative else ()):
        if not free(m.start(), m.end()):
            continue
        rel = " ".join(m.group("rel").lower().split())
        first, last, hours = _relative(rel, published)
        out.append(When(m.group(0), m.start(), m.end(), first, last, hours,
                        "" if first else rel))
        taken.append((m.start(), m.end()))
    holidays = not words.isdisjoint(_HOLIDAY_WORDS)
    for m in (_HOLIDAY.finditer(text) if holidays else ()):       # "opening on Christmas Day"
        month, day = _HOLIDAYS[m.group(0).lower()]
        when = None
        if published is not None:
            when = _dt.date(published.year - ((month, day) > (published.month, published.day)
                                              and not future(m.start())), month, day)
        out.append(When(m.group(0), m.start(), m.end(), when, when,
                        day_name="" if when else m.group(0).lower()))
        taken.append((m.start(), m.end()))
    for m in (_YEAR_TO.finditer(text) if digits and months else ()):   # twelve months
        month = _MONTHS.index(m.group("month").lower()) + 1
        y = int(m.group("y"))
        last = _month_span(y, month)[1]
        first = _month_span(y - (month < 12), month % 12 + 1)[0]
        out.append(When(m.group(0), m.start(), m.end(), first, last))
        taken.append((m.start(), m.end()))
    for m in (_MONTH.finditer(text) if months else ()):
        if not free(m.start(), m.end()) or m.group("month") == "May" and not m.group("y") \
                and not re.search(r"\b(?:in|of|since|during|until|by|last|early|late|mid)\s+$",
                                  text[max(0, m.start() - 8):m.start()], re.I):
            continue                                    # "May" alone is mostly the verb
        month = _MONTHS.index(m.group("month").lower()) + 1
        year = int(m.group("y")) if m.group("y") else None
        if year is None and published is not None:
            year = published.year - (month > published.month and not future(m.start()))
        first, last = _month_span(year, month) if year else (None, None)
        out.append(When(m.group(0), m.start(), m.end(), first, last,
                        day_name="" if first else f"month {month}"))
        taken.append((m.start(), m.end()))
    for m in (_YEAR.finditer(text) if digits else ()):
        at = m.start("y")
        if free(at, m.end()):
            y = int(m.group("y"))
            out.append(When(m.group("y"), at, m.end(), _dt.date(y, 1, 1), _dt.date(y, 12, 31)))
            taken.append((at, m.end()))
    for m in (_PERIOD.finditer(text) if "month" in words or "year" in words else ()):
        if not free(m.start(), m.end()):
            continue
        rel, unit = m.group("rel").lower(), m.group("unit").lower()
        first = last = None
        if published is not None:
            shift = {"last": -1, "this": 0, "next": 1}[rel]
            if unit == "year":
                y = published.year + shift
                first, last = _dt.date(y, 1, 1), _dt.date(y, 12, 31)
            else:
                k = published.year * 12 + published.month - 1 + shift
                first, last = _month_span(k // 12, k % 12 + 1)
        out.append(When(m.group(0), m.start(), m.end(), first, last,
                        day_name="" if first else f"{rel} {unit}"))
        taken.append((m.start(), m.end()))
    clocks = []
    for m in (_CLOCK.finditer(text) if digits or not words.isdisjoint(_PART_WORDS) else ()):
        if not free(m.start(), m.end()):
            continue
        if m.group("word"):
            hours = _PARTS[m.group("word").lower()]
        else:
            h = int(m.group("h"))
            if not 1 <= h <= 12:
                continue
            pm = m.group("ap").lower().startswith("p")
            h = (h % 12) + (12 if pm else 0)
            hours = (h, h + 1)
        clocks.append((m.start(), m.end(), hours))
    for m in (_PART.finditer(text) if not words.isdisjoint(_PART_WORDS) else ()):
        if free(m.start(), m.end()) and not any(a <= m.start() < b for a, b, _ in clocks):
            clocks.append((m.start(), m.end(), _PARTS[m.group("part").lower()]))
    for a, b, hours in sorted(clocks):
        # a time of day belongs to the day named nearest to it ("today at 11am"), if any
        near = [w for w in out if w.hours is None and abs(w.start - a) < 40]
        if near:
            day = min(near, key=lambda w: abs(w.start - a))
            lo, hi = min(a, day.start), max(b, day.end)
            out[out.index(day)] = When(" ".join(text[lo:hi].split()), lo, hi, day.first,
                                       day.last, hours, day.day_name)
        else:                   # a time alone names no day ("at 7:16 p.m.", "overnight")
            out.append(When(text[a:b], a, b, None, None, hours))
        taken.append((a, b))
    out.sort(key=lambda w: w.start)
    return out


def _month_span(year: int, month: int) -> tuple[_dt.date, _dt.date]:
    first = _dt.date(year, month, 1)
    following = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - _dt.timedelta(days=1)


def _weekday(name: str, published: _dt.date, future: bool, last: bool) -> _dt.date:
    target = WEEKDAYS.index(name)
    if future:
        ahead = (target - published.weekday()) % 7
        return published + _dt.timedelta(days=ahead)
    back = (published.weekday() - target) % 7
    if last and back == 0:
        back = 7
    return published - _dt.timedelta(days=back)


def _relative(rel: str, published: _dt.date | None):
    """(first day, last day, hours) of a relative expression."""
    hours = None
    for part, span in _PARTS.items():
        if rel.endswith(part):
            hours = span
    if rel == "tonight":
        hours = _PARTS["night"]
    if published is None:
        return None, None, hours
    day = _dt.timedelta(days=1)
    monday = published - _dt.timedelta(days=published.weekday())
    if rel in ("today", "tonight") or rel.startswith("this ") and rel.split()[1] in _PARTS:
        return published, published, hours
    if rel in ("yesterday", "last night"):
        return published - day, published - day, hours
    if rel == "tomorrow":
        return published + day, published + day, hours
    if rel.startswith("earlier"):
        return monday, published, None
    if rel == "later this week":
        return published, monday + 6 * day, None
    if rel == "this week":
        return monday, monday + 6 * day, None
    if rel == "last week":
        return monday - 7 * day, monday - day, None
    if rel == "next week":
        return monday + 7 * day, monday + 13 * day, None
    if rel == "this weekend":
        return monday + 5 * day, monday + 6 * day, None
    if rel == "last weekend":
        return monday - 2 * day, monday - day, None
    return None, None, hours
