"""How two claims relate: agrees, conflicts or related, with a "why" a person can check.

- conflicts: the two are about the same specific fact but are incompatible: a different
  quantity for the same counted thing of the same subject ("troops: 1,500 vs 14,000"), a
  different date for the same event, or one affirms what the other denies.
- agrees: they state the same fact (a high similarity score, and nothing incompatible).
- related: the same event or subject, but a different fact.

The similarity score comes from the pair scorer (pairs/); this module adds the evidence that a
score cannot see: quantities, dates and negation. Its numbers are ``Thresholds`` fields
(thresholds.py); a conflict of values carries the fact and both values as data, and its why is
written by links.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..links import join_why, shared_why, values_why
from .lexicon import COUNT_CLASSES, EVENT_OF, STOPS, stem
from .quantities import Quantity, extract
from .thresholds import DEFAULT, Thresholds

_KNOWN_UNITS = frozenset(COUNT_CLASSES)

# Negation of a statement: verbal forms only ("no" and "without" are too often nouns' business:
# "the lone 'no' vote").
_NEGATION = re.compile(r"\b(?:not|never|denied|denies|deny|cannot|untrue)\b|n[’']t\b", re.I)


@dataclass(frozen=True)
class Relation:
    relation: str        # agrees | conflicts | related
    why: str
    evidence: str = "score"   # what decided it: score | quantity | date | negation
    fact: str = ""            # a conflict of values: what it is about ("troops")...
    a_value: str = ""         # ...the first claim's value as written...
    b_value: str = ""         # ...and the second's


@lru_cache(maxsize=50_000)
def quantities_of(text: str) -> tuple[Quantity, ...]:
    """The quantities of a claim, memoised: the engine and ``relate`` ask about the same claims."""
    return tuple(extract(text))


def _events(text: str, q: Quantity, t: Thresholds) -> frozenset[str]:
    """The kinds of happening named around a quantity ("deployed", "killed", ...)."""
    window = re.findall(r"[a-z]+", text[max(0, q.start - t.event_before_chars):
                                         q.end + t.event_after_chars].lower())
    return frozenset(EVENT_OF[w] for w in window if w in EVENT_OF)


def _same_event(a: str, qa: Quantity, b: str, qb: Quantity, t: Thresholds) -> bool:
    ea, eb = _events(a, qa, t), _events(b, qb, t)
    return (not ea and not eb) or bool(ea & eb)


def _measured(text: str, q: Quantity, t: Thresholds) -> frozenset[str]:
    """What a share or an amount measures: the content words just around it
    ("inflation fell below 10%" → {inflation, fell}; "a £200 council tax rebate" → …)."""
    left = re.findall(r"[A-Za-z]+", text[max(0, q.start - t.measure_chars):q.start])[-3:]
    right = re.findall(r"[A-Za-z]+", text[q.end:q.end + t.measure_chars])[:3]
    return frozenset(stem(w) for w in left + right if w.lower() not in STOPS and len(w) > 2)


def _counterpart(q: Quantity, text: str, others: tuple[Quantity, ...]) -> bool:
    """Does ``others`` hold a quantity of the same kind that agrees with ``q``?"""
    return any(q.comparable(o) and q.compatible(o) for o in others)


def _quantity_conflict(a: str, b: str, score: float, t: Thresholds
                       ) -> tuple[Quantity, Quantity] | None:
    """Two counts of the same thing, for the same subject and happening, whose ranges do not
    overlap, neither of which has an agreeing counterpart on the other side (identical
    sentences that both name 0.8% and 0.4% do not conflict)."""
    qas, qbs = quantities_of(a), quantities_of(b)
    for qa in qas:
        if qa.hedged or qa.kind in ("year", "monthday", "date") or _counterpart(qa, a, qbs):
            continue                            # dates are judged with the score, below
        for qb in qbs:
            if qb.hedged or not qa.comparable(qb) or qa.compatible(qb) \
                    or _counterpart(qb, b, qas) or not _same_event(a, qa, b, qb, t):
                continue
            if qa.kind in ("percent", "money") and not (_measured(a, qa, t)
                                                         & _measured(b, qb, t)):
                continue                        # shares or amounts of different things
            if qa.kind == "count" and qa.unit not in _KNOWN_UNITS and score < t.unknown_unit_score:
                continue                        # "10 seconds" vs "18 seconds": measurements
            return qa, qb
    return None


def _quantity_agreement(a: str, b: str, t: Thresholds) -> tuple[Quantity, Quantity] | None:
    for qa in quantities_of(a):
        for qb in quantities_of(b):
            if qa.kind == "count" and qa.comparable(qb) and qa.compatible(qb) and \
                    _same_event(a, qa, b, qb, t):
                return qa, qb
    return None


def _date_conflict(a: str, b: str, score: float, t: Thresholds
                   ) -> tuple[Quantity, Quantity] | None:
    """Two different dates for what is otherwise the same statement; each side must name one
    date only, else the two may simply be talking about different moments."""
    da = [q for q in quantities_of(a) if q.kind in ("date", "monthday", "year")]
    db = [q for q in quantities_of(b) if q.kind in ("date", "monthday", "year")]
    if len(da) != 1 or len(db) != 1:
        return None
    qa, qb = da[0], db[0]
    if qa.kind != qb.kind or qa.value == qb.value:
        return None
    if qa.kind == "year" and score < t.year_min_score:
        return None
    return qa, qb


def _content_overlap(a: str, b: str) -> float:
    sa = {stem(w) for w in _WORD.findall(a) if w.lower() not in STOPS and not _NEGATION.match(w)}
    sb = {stem(w) for w in _WORD.findall(b) if w.lower() not in STOPS and not _NEGATION.match(w)}
    return len(sa & sb) / max(1, len(sa | sb))


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def _label(q: Quantity) -> str:
    if q.kind == "count":
        return q.unit or q.noun or "count"
    return {"percent": "share", "money": "amount", "year": "year", "date": "date",
            "monthday": "date"}.get(q.kind, q.kind)


def relate(a: str, b: str, score: float, shared: list[str] | None = None,
           t: Thresholds = DEFAULT) -> Relation:
    """The relation between two claims whose similarity score is ``score`` (0..1); the words
    they share, when given, are added to the why."""
    base = shared_why((shared or [])[:t.why_shared_words])

    def made(relation: str, why: str, evidence: str = "score", **values) -> Relation:
        return Relation(relation, join_why(why, base), evidence, **values)

    checks = ((t.conflict_min_score, _quantity_conflict, "quantity"),
              (t.date_min_score, _date_conflict, "date"))
    for min_score, find, evidence in checks:
        pair = find(a, b, score, t) if score >= min_score else None
        if pair:
            qa, qb = pair
            fact = _label(qa)
            return made("conflicts", values_why(fact, qa.text, qb.text), evidence,
                        fact=fact, a_value=qa.text, b_value=qb.text)
    if score >= t.negation_min_score and _negated(a) != _negated(b) \
            and _content_overlap(a, b) >= t.negation_min_overlap:
        m = _NEGATION.search(a if _negated(a) else b)
        return made("conflicts", f"one denies what the other states ({m.group(0).strip()!r})",
                    "negation")
    agreement = _quantity_agreement(a, b, t)
    if agreement and t.quantity_agree_score <= score < t.agree_score:
        qa, qb = agreement
        return made("agrees", f"{_label(qa)}: {qa.text} and {qb.text} are compatible",
                    "quantity")
    return made("agrees" if score >= t.agree_score else "related", "")


def classify(a: str, b: str, score: float, t: Thresholds = DEFAULT) -> tuple[str, str]:
    """(relation, why) for two texts: the form `reader compare` and `reader match` use."""
    r = relate(a, b, score, shared_words(a, b), t)
    return r.relation, r.why


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def shared_words(a: str, b: str) -> list[str]:
    """Content words both texts use (by stem), longest first: a short, checkable "why"."""
    bw = {}
    for w in _WORD.findall(b):
        if w.lower() not in STOPS and len(w) > 2 and not w.isdigit():
            bw.setdefault(stem(w), w)
    out, seen = [], set()
    for w in _WORD.findall(a):
        st = stem(w)
        if w.lower() in STOPS or len(w) <= 2 or w.isdigit() or st in seen or st not in bw:
            continue
        seen.add(st)
        out.append(w if w[:1].isupper() else w.lower())
    return sorted(out, key=lambda w: (-w[:1].isupper(), -len(w)))
