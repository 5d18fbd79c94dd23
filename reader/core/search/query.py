"""What a query string becomes before Whoosh runs it, and the bounds on what it may cost.

- Dates: Whoosh's date parser misreads ISO dates in ranges and has no comparison form, and its
  plus/minus plugin reads ``date:2024-11`` as "2024 NOT 11": they are rewritten to forms it
  reads well, and every date restriction becomes a range over the coarse ``day`` field.
- Bounds: a query is cut at ``MAX_QUERY_CHARS``; a wildcard needs ``MIN_WILDCARD_LETTERS``
  (``*`` alone expands to every word of the library: seconds on 20 k documents); collecting
  stops after ``QUERY_SECONDS``. Each bound reached is said in the search's message.
- ``--sort date``: dated documents newest first, then the undated ones.
"""

from __future__ import annotations

import re

from whoosh.query import DateRange, NullQuery, NumericRange
from whoosh.util.times import long_to_datetime

from ..index import day_number

MAX_QUERY_CHARS = 1000      # a longer query is cut (at a space) and the user told
MIN_WILDCARD_LETTERS = 2    # "*", "?*", "a*": every word of the library, seconds on 20 k docs
MAX_SUGGEST_CHARS = 40      # words longer than this get no spelling suggestion
QUERY_SECONDS = 2.0         # a search stops collecting after this, with what it found


MAX_EXPANSION = 1000        # words a wildcard or a range of words may stand for


def _dropping(query, drop):
    """The query with every part for which ``drop`` returns a label replaced by nothing, and
    those labels."""
    dropped = []

    def walk(q):
        label = drop(q)
        if label:
            dropped.append(label)
            return NullQuery
        return q.apply(walk) if not q.is_leaf() else q
    return walk(query).normalize(), dropped


def _within_expansions(query, reader):
    """The query without the wildcards and word ranges that stand for more than
    ``MAX_EXPANSION`` words of the index (``[a TO z]``: every word), and those left out."""
    from itertools import islice

    from whoosh.query import MultiTerm

    def too_wide(q):
        if not isinstance(q, MultiTerm):
            return None
        try:
            n = sum(1 for _ in islice(q._btexts(reader), MAX_EXPANSION + 1))
        except Exception:   # noqa: BLE001 - a term the index cannot list: leave it to run
            return None
        return _shown(q) if n > MAX_EXPANSION else None
    query, dropped = _dropping(query, too_wide)
    return query, sorted(set(dropped))


def _shown(q) -> str:
    from whoosh.query import TermRange
    if isinstance(q, TermRange):
        return f"[{q.start} TO {q.end}]"[:40]
    return repr(getattr(q, "text", str(q)))[:40]


def _timed_search(searcher, query, kwargs):
    """(results, whether the time ran out): at most ``QUERY_SECONDS`` of collecting (a timer
    thread, not an alarm signal: searches also run on worker threads)."""
    from whoosh.collectors import TimeLimitCollector
    from whoosh.searching import TimeLimit
    collector = TimeLimitCollector(searcher.collector(**kwargs), timelimit=QUERY_SECONDS,
                                   use_alarm=False)
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        return collector.results(), True
    return collector.results(), False


def _without_bare_wildcards(query):
    """The query without the wildcards that would expand to (nearly) every word, and those."""
    from whoosh.query import Every, Prefix, Wildcard

    def bare(q):
        if isinstance(q, Every):
            return "*"
        if isinstance(q, (Wildcard, Prefix)):
            literal = q.text if isinstance(q, Prefix) else re.sub(r"[*?]", "", q.text)
            if len(literal) < MIN_WILDCARD_LETTERS:
                return repr(q.text + ("*" if isinstance(q, Prefix) else ""))
        return None
    return _dropping(query, bare)


def _newest_first():
    """Dated documents newest first, then the undated ones; each group by relevance."""
    from whoosh import sorting
    dated = sorting.QueryFacet({0: NumericRange("day", -(2 ** 31), 2 ** 31 - 1)}, other=1)
    return sorting.MultiFacet([dated, sorting.FieldFacet("date", reverse=True),
                               sorting.ScoreFacet()])


def _day_ranges(query):
    """Date restrictions become ranges over the coarse ``day`` field (see index.py)."""
    def convert(q):
        if isinstance(q, DateRange) and q.fieldname == "date":
            start, end = q.startdate, q.enddate
        elif isinstance(q, NumericRange) and q.fieldname == "date":
            start = long_to_datetime(q.start) if q.start is not None else None
            end = long_to_datetime(q.end) if q.end is not None else None
        else:
            return q.apply(convert) if not q.is_leaf() else q
        return NumericRange("day", day_number(start) if start else None,
                            day_number(end) if end else None,
                            q.startexcl, q.endexcl, boost=q.boost, constantscore=True)
    return convert(query)


_ISO = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_DATE_DAY = re.compile(r"\bdate:(\d{4})-(\d{2})(?:-(\d{2}))?(?![\w-])")
_DATE_CMP = re.compile(rf"\bdate:(<=|>=|<|>)({_ISO})\b")
_DATE_ISO = re.compile(rf"(?<=[\s\[{{:])({_ISO})(?=[\s\]}}]|$)")
_DATE_RANGE = re.compile(r"\bdate:[\[{][^\]}]*[\]}]")


def _compact(iso: str) -> str:
    return iso.replace("-", "")


def _day_before(iso: str) -> str:
    """The last day before the period ``iso`` (a year, a month or a day) begins."""
    import datetime as dt
    parts = [int(p) for p in iso.split("-")]
    first = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return (first - dt.timedelta(days=1)).strftime("%Y%m%d")


def _rewrite_dates(text: str) -> str:
    """Whoosh's date parser misreads ISO dates inside ranges (2024-11-01 becomes 2024) and has
    no comparison form; give it what it reads well: date:>X → date:[X to], date:<X → up to the
    day before X, and ISO dates in ranges as YYYYMMDD."""
    if "date:" not in text:
        return text

    def cmp(m):
        op, iso = m.groups()
        if op in (">", ">="):
            return f"date:[{_compact(iso)} to]"
        if op == "<=":
            return f"date:[to {_compact(iso)}]"
        try:
            return f"date:[to {_day_before(iso)}]"
        except ValueError:
            return m.group(0)

    def period(m):              # date:2024-11, date:2024-11-05 (the plus/minus plugin would
        y, mo, d = m.groups()   # read "-11" as NOT 11): the days of that month or that day
        import calendar
        import datetime as dt
        try:
            last = d or f"{calendar.monthrange(int(y), int(mo))[1]:02d}"
            first = d or "01"
            dt.date(int(y), int(mo), int(first))      # a real day, or ValueError
        except ValueError:
            return m.group(0)
        return f"date:[{y}{mo}{first} to {y}{mo}{last}]"

    text = _DATE_CMP.sub(cmp, text)
    text = _DATE_DAY.sub(period, text)
    return _DATE_RANGE.sub(lambda m: _DATE_ISO.sub(lambda d: _compact(d.group(1)), m.group(0)),
                           text)


