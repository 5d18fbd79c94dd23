"""Whether two claims state the same fact with different values: the slots a fact hangs on,
read from each claim, compared only where the two claims are aligned on that fact.

A difference of values is a conflict only with positive evidence that both values belong to one
fact, never from the mere absence of a difference elsewhere:

- **counts, shares, amounts** (quantities.py): the same kind of thing (the same class of
  counted noun, or the same noun; the same currency), both levels or both changes ("rose
  $1.64" is no price), neither hedged, for the same happening (deployed vs killed); and the
  same fact by one of: the same named subject ("North Korean troops" on both sides) and the
  same happening; the same stated period, resolved against the publication dates, with a name
  in common; documents published within a day of each other whose clauses around the figures
  share their words; or a near-restatement in which neither names a time the other lacks.
  Periods that differ ("in January" vs "last month", "in 2004" vs "in the year to March 2004")
  make two figures two facts, whatever else they share. Rounding and stated precision ("28.9%"
  vs "29%", "about 1,500" vs 1,480), bounds ("at least 10,000" vs 12,000), orders of magnitude
  (but in a restatement) and currency conversions in brackets are no difference.
- **days and times** (when.py): a day named beside the same kind of happening in both claims
  (voted, announced, leaked; not "said": a story holds many statements), in claims that share
  what the happening is about, single days a week or less apart that cannot be the same day
  (or, the same day, the same hours), both reports or both plans, not done by two different
  named doers ("Mayor Ed Murray announced" vs "Gov. Jay Inslee announced"), and not a day that
  either document also gives that kind of happening: "passed Tuesday" vs "voted on Wednesday";
  "today at 11am" vs "Tuesday afternoon". In undated documents no weekday is compared.

relations.py turns what differs and both values into a why a person can check ("day of the
vote: Tuesday vs Wednesday").
"""

from __future__ import annotations

import datetime as _dt
import re

from .lexicon import COUNT_CLASSES, EVENT_OF, HAPPENING_OF, STOPS, stem
from .quantities import Quantity, clause_at, quantities_of
from .thresholds import Thresholds
from .when import WEEKDAYS, When, read_when

Dates = tuple[_dt.date | None, _dt.date | None]
_LETTERS = re.compile(r"[a-z]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_HAPPENING_STEMS = frozenset(stem(w) for w in HAPPENING_OF)


def periods(text: str, published: _dt.date | None) -> list[When]:
    """The days, months or years a claim names (``when.read_when``), without times alone."""
    return [w for w in read_when(text, published) if w.has_day]


def _period_relation(pa: list[When], pb: list[When]) -> str:
    """"same", "different", "one-sided" (only one names a time) or "unknown": do the two
    claims speak of one period?"""
    if not pa and not pb:
        return "unknown"
    if not pa or not pb:
        return "one-sided"  # one names a time, the other none: maybe another period
    if any(x.clash(y) for x in pa for y in pb):
        return "different"
    if any(x.first and x.first == y.first and x.last == y.last for x in pa for y in pb):
        return "same"       # resolved alike ("last week" in two undated reports is not)
    if all(x.first for x in pa + pb) and not any(
            x.first <= y.first <= y.last <= x.last or y.first <= x.first <= x.last <= y.last
            for x in pa for y in pb):
        return "different"  # stated, resolved, none the same, none within another: "in 2004"
    return "unknown"        # vs "the year to March 2004"; "December 2003" vs "2003" may be one


def _anchor(text: str, at: int, skip: set[str]) -> frozenset[str]:
    """Content stems of the clause holding offset ``at`` (what a figure or a day is about)."""
    words = _WORD.findall(clause_at(text, at))
    return frozenset(s for s in (stem(w) for w in words if w.lower() not in STOPS
                                 and len(w) > 2) if s not in skip)


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z][\w'’-]*|\b[A-Z]{2,}\b")
_NOT_A_NAME = frozenset(WEEKDAYS) | {"january", "february", "march", "april", "may", "june",
                                     "july", "august", "september", "october", "november",
                                     "december", "mr", "mrs", "ms", "dr", "the"}


def _names(text: str) -> frozenset[str]:
    """Capitalised words not opening a sentence: who and where a claim is about."""
    return frozenset(w.lower() for w in _NAME.findall(text) if w.lower() not in _NOT_A_NAME)


def vague(q: Quantity) -> bool:
    """An order of magnitude ("dozens", "thousands of") or a bound ("less than $10bn"), not a
    stated figure."""
    return q.high >= 4 * max(q.low, 1)


def _converted(text: str, q: Quantity) -> bool:
    """A currency conversion in brackets ("77m euros (£53m; $100m)"), not a figure of its own."""
    head = text[:q.start]
    return q.kind == "money" and head.rfind("(") > head.rfind(")") and \
        bool(re.search(r"[\d£$€¥]", head[head.rfind("("):] or "")) or \
        q.kind == "money" and bool(re.search(r"\d[^()]*\(\s*$", head[-40:]))


def _events(text: str, q: Quantity, t: Thresholds) -> frozenset[str]:
    """The kinds of happening named around a quantity ("deployed", "killed", ...)."""
    window = _LETTERS.findall(text[max(0, q.start - t.event_before_chars):
                                   q.end + t.event_after_chars].lower())
    return frozenset(EVENT_OF[w] for w in window if w in EVENT_OF)


def same_happening(a: str, qa: Quantity, b: str, qb: Quantity, t: Thresholds) -> bool:
    """Are two figures counts of the same kind of happening (none named on either side, or
    one in common: "sent" and "deployed"; not "killed" and "sent")?"""
    ea, eb = _events(a, qa, t), _events(b, qb, t)
    return not (ea or eb) or bool(ea & eb)


# The words a figure is written with ("$141 million", "31.55 percent"): two figures both in
# millions share no context by that
_FIGURE_WORDS = frozenset(stem(w) for w in "thousand thousands million millions billion billions "
                          "trillion trillions percent per cent dollars pounds euros".split())
# Words that qualify a figure rather than say what it measures ("nearly $15 million")
_QUALIFIERS = frozenset("nearly roughly about approximately almost around some more less over "
                        "under just only least most estimated additional another total "
                        "further extra".split())
# Where the words of one figure end and those of the next begin: "earned $141 million | and
# paid nearly $44 million", "$3.6 billion from defence projects, | $600 million from ..."
_BETWEEN_FIGURES = re.compile(r"[,;:()]|\s[–—-]\s|\b(?:and|or|but|while|whereas|plus)\b")


def _measured(text: str, q: Quantity, t: Thresholds) -> frozenset[str]:
    """What a share or an amount measures: the content words just around it, within its part
    of the sentence (not those of a neighbouring figure) and not its qualifiers."""
    left = text[max(0, q.start - t.measure_chars):q.start]
    cut = None
    for cut in _BETWEEN_FIGURES.finditer(left):
        pass
    left = left[cut.end():] if cut else left
    right = text[q.end:q.end + t.measure_chars]
    cut = _BETWEEN_FIGURES.search(right)
    right = right[:cut.start()] if cut else right
    words = _WORD.findall(left)[-3:] + _WORD.findall(right)[:3]
    return frozenset(stem(w) for w in words if w.lower() not in STOPS and len(w) > 2
                     and w.lower() not in _QUALIFIERS)


def _same_thing(qa: Quantity, qb: Quantity) -> bool:
    if not qa.comparable(qb):
        return False
    if qa.kind == "count" and qa.unit not in COUNT_CLASSES:
        return qa.noun == qb.noun or stem(qa.noun) == stem(qb.noun)
    return True


def quantity_conflict(a: str, b: str, qas: tuple[Quantity, ...], qbs: tuple[Quantity, ...],
                      score: float, dates: Dates, t: Thresholds,
                      figures: tuple[tuple[Quantity, ...], tuple[Quantity, ...]] = ((), ())
                      ) -> tuple[Quantity, Quantity] | None:
    """Two figures of one fact whose ranges do not overlap (see the module docstring), neither
    of which has an agreeing counterpart on the other side: in the other claim, or anywhere in
    the other document (``figures``: every quantity of a's document, of b's). A figure the other
    report also gives is reported by both; a different figure beside it is another fact (a tax
    return's many amounts: "$43,885,310 in federal taxes" and "$13.6 million in state taxes"
    in a report that also says "$43 million in federal taxes")."""
    if not qas or not qbs:
        return None
    period = _period_relation(periods(a, dates[0]), periods(b, dates[1]))
    if period == "different":
        return None
    close = dates[0] is not None and dates[1] is not None and \
        abs((dates[0] - dates[1]).days) <= 1
    names = _names(a) & _names(b)
    in_a, in_b = qas + _stated(figures[0]), qbs + _stated(figures[1])
    for qa in qas:
        if qa.hedged or qa.kind in ("year", "monthday", "date") or _converted(a, qa) or any(
                qa.comparable(o) and qa.compatible(o) for o in in_b):
            continue
        for qb in qbs:
            if qb.hedged or _converted(b, qb) or not _same_thing(qa, qb) \
                    or qa.compatible(qb) \
                    or any(qb.comparable(o) and qb.compatible(o) for o in in_a):
                continue
            if vague(qa) or vague(qb):        # "thousands", "less than $10bn": only in a
                if score >= t.restatement_score and period != "one-sided":   # restatement
                    return qa, qb
                continue
            if not same_happening(a, qa, b, qb, t):
                continue                        # deployed vs killed
            ea = _events(a, qa, t) & _events(b, qb, t)
            if qa.kind in ("percent", "money", "measure") and not (_measured(a, qa, t)
                                                         & _measured(b, qb, t)):
                continue                        # shares or amounts of different things
            if _one_fact(a, qa, b, qb, score, period, close, ea, bool(names), t):
                return qa, qb
    return None


def _stated(figures: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """The figures a document states as such: not a projection, nor a span of estimates ("from
    500,000 to 1.6 million" states neither 1.5 million nor 1.6 million)."""
    return tuple(q for q in figures if not q.hedged and q.high - q.low <= 0.2 * abs(q.value))


def _one_fact(a: str, qa: Quantity, b: str, qb: Quantity, score: float, period: str,
              close: bool, events: frozenset[str], named: bool, t: Thresholds) -> bool:
    """Positive evidence that two figures are values of one fact."""
    if score >= t.restatement_score and period != "one-sided":
        return True                             # a near-restatement, of the same period
    if qa.subject and qa.subject == qb.subject and events:
        return True                             # North Korean troops deployed, both sides
    if period == "same" and named:              # the same period, someone named in common
        return score >= t.conflict_min_score
    if close and period != "one-sided":         # one news day: the same words around them
        #                                         (a figure one claim dates, "$10 million in
        #                                         2013", is not one the other leaves undated)
        skip = {stem(qa.noun), stem(qb.noun)} | _FIGURE_WORDS    # not the figures' own words,
        shared = _anchor(a, qa.start, skip) & _anchor(b, qb.start, skip)
        near = 0 < min(qa.value, qb.value) and max(qa.value, qb.value) <= 2 * min(qa.value,
                                                                                qb.value)
        return len(shared) + near >= t.anchor_words     # but figures within twice each other
    #                                                     ("1.5 million" and "1.6 million") count
    return False


def when_conflict(a: str, b: str, score: float, dates: Dates, t: Thresholds,
                  known: tuple[frozenset, frozenset] = (frozenset(), frozenset()),
                  standalone: bool = True) -> tuple[When, When, str] | None:
    """Two days (or hours) that cannot be one, named beside the same kind of happening in
    claims about the same thing: (a's, b's, the happening), or None. Only days (not months or
    years, which date other happenings: "since 1980"). A happening both date alike somewhere in
    the two claims is no conflict; nor are two days one of whose documents also dates that kind
    of happening to the other day (``known``: each document's ``dated_happenings``): that
    document reports two such happenings, not one misdated. ``standalone``:
    two sentences compared on their own (``reader compare``), where weekdays are compared by
    name; in documents, a day must be resolved against a publication date."""
    if score < t.conflict_min_score or not standalone and None in dates:
        return None         # in an undated document "Friday" could be any week's
    wa, wb = read_when(a, dates[0]), read_when(b, dates[1])
    wa, wb = [w for w in wa if _a_day(w)], [w for w in wb if _a_day(w)]
    if not standalone:
        wa, wb = [w for w in wa if w.first], [w for w in wb if w.first]
    if not wa or not wb:
        return None
    found = None
    for x in wa:
        ha = _happenings(a, x)
        for y in wb:
            common = ha & _happenings(b, y)
            if not common:
                continue
            if x.agrees(y):
                return None                     # the same day for the same happening
            if found is None and x.clash(y) and not _apart_in_time(x, y, dates) and not (
                    x.first != y.first and any((h, y.first, y.last) in known[0]
                                               or (h, x.first, x.last) in known[1]
                                               for h in common)) \
                    and not _other_doers(a, x, b, y, common):
                skip = _HAPPENING_STEMS | {stem(w) for w in _WORD.findall(x.text + " " + y.text)}
                shared = _anchor(a, x.start, skip) & _anchor(b, y.start, skip)
                if len(shared) >= t.anchor_words:
                    found = (x, y, sorted(common)[0])
    return found


_DOER_CHARS = 60        # characters before a happening's word read for who did it
_TITLES = frozenset("mr mrs ms dr sen rep gov mayor president senator governor representative "
                    "prime minister secretary chairman chief judge justice king queen".split())


def _other_doers(a: str, x: When, b: str, y: When, happenings: set[str]) -> bool:
    """Does each claim name who did the happening (the names just before its word, in its
    part of the sentence), with no name in common? Then they are two happenings: "Mayor Ed
    Murray of Seattle announced" on Saturday, "Gov. Jay Inslee announced" on Monday."""
    doers = []
    for text, w in ((a, x), (b, y)):
        names: set[str] = set()
        for m in _LETTERS.finditer(text.lower()):
            if HAPPENING_OF.get(m.group()) in happenings and abs(m.start() - w.start) < 80:
                part = re.split(r"[;:]|\s[–—]\s|,\s+(?:while|but|and)\b", text[:m.start()])[-1]
                names = {n for n in _names(part[-_DOER_CHARS:]) if n not in _TITLES}
                break
        doers.append(names)
    return bool(doers[0]) and bool(doers[1]) and not doers[0] & doers[1]


def _apart_in_time(x: When, y: When, dates: Dates) -> bool:
    """Are the two days no contradiction, however they differ? Both name the same weekday
    ("Friday" and "Friday", which two reports of one week mean alike); one is a span of days
    ("this week"); they are more than a week apart (two happenings: "Sept. 11, 2012" and
    "Friday"); or one is a plan and the other a report (a day after its document's
    publication, the other before)."""
    if x.text.split()[0].lower() == y.text.split()[0].lower() and \
            x.text.split()[0].lower() in WEEKDAYS:
        return True
    if x.first is None or y.first is None:
        return False
    if x.first != x.last or y.first != y.last:
        return not x.hours or not y.hours   # a span ("this week") holds many days
    if abs((x.first - y.first).days) > 7:
        return True                         # weeks apart: two happenings, not one misdated
    if None in dates:
        return False
    return (x.first > dates[0]) != (y.first > dates[1])


def _a_day(w: When) -> bool:
    """A day, or a few days ("earlier this week"), not a month or a year."""
    if w.first is not None:
        return (w.last - w.first).days <= 7
    return bool(w.day_name) and not w.day_name.startswith(("month", "last month", "this month",
                                                           "next month", "last year",
                                                           "this year", "next year"))


def dated_happenings(text: str, published: _dt.date | None) -> frozenset[tuple]:
    """(happening, first day, last day) for every day a claim names and every kind of
    happening in the clause that names it (wider than the words beside the day that
    ``when_conflict`` reads, so that a document's other happenings are all seen)."""
    out = set()
    for w in read_when(text, published):
        if w.first is not None and _a_day(w):
            words = _LETTERS.findall(clause_at(text, w.start).lower())
            out.update((HAPPENING_OF[x], w.first, w.last) for x in words if x in HAPPENING_OF)
    return frozenset(out)


_HAPPENING_BEFORE, _HAPPENING_AFTER = 50, 40    # characters around a day read for its happening


def _happenings(text: str, w: When) -> frozenset[str]:
    """The kinds of happening named right around a day ("the House voted on Wednesday")."""
    words = _LETTERS.findall(text[max(0, w.start - _HAPPENING_BEFORE):
                                  w.end + _HAPPENING_AFTER].lower())
    return frozenset(HAPPENING_OF[x] for x in words if x in HAPPENING_OF)


def slots_differ(a: str, b: str, qas: tuple[Quantity, ...], qbs: tuple[Quantity, ...],
                 dates: Dates, t: Thresholds) -> bool:
    """Do the two claims name different periods, or incompatible figures of the same thing?
    Then, however alike their words, they do not state the same fact."""
    if _period_relation(periods(a, dates[0]), periods(b, dates[1])) == "different":
        return True
    return any(not qa.hedged and not qb.hedged and _same_thing(qa, qb)
               and not qa.compatible(qb) for qa in qas for qb in qbs
               if qa.kind not in ("year", "monthday", "date"))


def shared_slots(a: str, b: str, dates: Dates) -> list[str]:
    """The slots two agreeing claims state alike, as written in the first: figures that can be
    one ("1,500 troops"), days that are one ("Tuesday"), then names both use ("Mattis")."""
    out = []
    for qa in quantities_of(a):
        if qa.kind in ("year", "monthday", "date") or qa.hedged:
            continue
        if any(qa.comparable(qb) and qa.compatible(qb) and not vague(qa) and not vague(qb)
               for qb in quantities_of(b)):
            out.append(f"{qa.text} {qa.noun}".strip() if qa.kind == "count" else qa.text)
    wb = [w for w in read_when(b, dates[1]) if w.has_day]
    out += [w.text for w in read_when(a, dates[0]) if w.has_day and any(w.agrees(y) for y in wb)]
    names = _names(a) & _names(b)
    out += [w for w in dict.fromkeys(re.findall(r"[A-Z][\w'’-]+", a))
            if w.lower() in names][:3]
    return list(dict.fromkeys(out))
