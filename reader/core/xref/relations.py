"""How two claims relate: agrees, conflicts or related, with a "why" a person can check.

- conflicts: the two are about the same specific fact but are incompatible: a different
  quantity for the same counted thing of the same subject ("troops: 1,500 vs 14,000"), a
  different date for the same event, or one affirms what the other denies.
- agrees: they state the same fact (a high similarity score, and nothing incompatible).
- related: the same event or subject, but a different fact.

The similarity score comes from the pair scorer (similarity.py); this module adds the evidence
that a score cannot see: quantities, dates and negation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .quantities import _CLASSES, Quantity, extract

_KNOWN_UNITS = frozenset(_CLASSES)

AGREE_SCORE = 0.62          # at or above: the two state the same thing
CONFLICT_MIN_SCORE = 0.12   # quantity conflicts need at least this much in common
NEGATION_MIN_SCORE = 0.70   # "X did not happen" vs "X happened": nearly the same sentence...
NEGATION_MIN_OVERLAP = 0.5  # ...in words too (content-word Jaccard, negation aside)
DATE_MIN_SCORE = 0.70       # a different calendar date for what is otherwise the same statement
UNKNOWN_UNIT_SCORE = 0.60   # counts of things outside the known classes need closer claims
YEAR_MIN_SCORE = 0.75       # a bare year is weaker evidence ("in 2014" vs "from 2007 to 2014")

# Negation of a statement: verbal forms only ("no" and "without" are too often nouns' business:
# "the lone 'no' vote").
_NEGATION = re.compile(r"\b(?:not|never|denied|denies|deny|cannot|untrue)\b|n[’']t\b", re.I)
# Words that tie a count to an event; two counts of troops only conflict when they are counts
# of the same happening (sent vs sent), not of different ones (sent vs killed).
_EVENT_CLASSES = {
    "deploy": "deploy deployed deploying deployment send sent sending dispatch dispatched "
              "station stationed arrive arrived transfer transferred commit committed "
              "commitment supply supplied provide provided bolster",
    "casualty": "kill killed killing die died dead death deaths wound wounded injured "
                "casualties casualty lost lose losses loss toll",
    "shortage": "short shortage shortfall lack lacking need needed",
    "hire": "hire hired recruit recruited employ employed lure lured",
}
_EVENT_OF = {w: cls for cls, words in _EVENT_CLASSES.items() for w in words.split()}


@dataclass(frozen=True)
class Relation:
    relation: str        # agrees | conflicts | related
    why: str
    evidence: str = "score"   # what decided it: score | quantity | date | negation


@lru_cache(maxsize=50_000)
def quantities_of(text: str) -> tuple[Quantity, ...]:
    """The quantities of a claim, memoised: the engine and ``relate`` ask about the same claims."""
    return tuple(extract(text))


def _events(text: str, q: Quantity) -> frozenset[str]:
    """The kinds of happening named around a quantity ("deployed", "killed", ...)."""
    window = re.findall(r"[a-z]+", text[max(0, q.start - 60):q.end + 90].lower())
    return frozenset(_EVENT_OF[w] for w in window if w in _EVENT_OF)


def _same_event(a: str, qa: Quantity, b: str, qb: Quantity) -> bool:
    ea, eb = _events(a, qa), _events(b, qb)
    return (not ea and not eb) or bool(ea & eb)


def _measured(text: str, q: Quantity) -> frozenset[str]:
    """What a share or an amount measures: the content words just around it
    ("inflation fell below 10%" → {inflation, fell}; "a £200 council tax rebate" → …)."""
    from .claims import _STOPS
    from .quantities import _stem
    left = re.findall(r"[A-Za-z]+", text[max(0, q.start - 40):q.start])[-3:]
    right = re.findall(r"[A-Za-z]+", text[q.end:q.end + 40])[:3]
    return frozenset(_stem(w) for w in left + right if w.lower() not in _STOPS and len(w) > 2)


def _counterpart(q: Quantity, text: str, others: tuple[Quantity, ...]) -> bool:
    """Does ``others`` hold a quantity of the same kind that agrees with ``q``?"""
    return any(q.comparable(o) and q.compatible(o) for o in others)


def _quantity_conflict(a: str, b: str, score: float) -> tuple[Quantity, Quantity] | None:
    """Two counts of the same thing, for the same subject and happening, whose ranges do not
    overlap, neither of which has an agreeing counterpart on the other side (identical
    sentences that both name 0.8% and 0.4% do not conflict)."""
    qas, qbs = quantities_of(a), quantities_of(b)
    for qa in qas:
        if qa.hedged or qa.kind in ("year", "monthday", "date") or _counterpart(qa, a, qbs):
            continue                            # dates are judged with the score, below
        for qb in qbs:
            if qb.hedged or not qa.comparable(qb) or qa.compatible(qb) \
                    or _counterpart(qb, b, qas) or not _same_event(a, qa, b, qb):
                continue
            if qa.kind in ("percent", "money") and not (_measured(a, qa) & _measured(b, qb)):
                continue                        # shares or amounts of different things
            if qa.kind == "count" and qa.unit not in _KNOWN_UNITS and score < UNKNOWN_UNIT_SCORE:
                continue                        # "10 seconds" vs "18 seconds": measurements
            return qa, qb
    return None


def _quantity_agreement(a: str, b: str) -> tuple[Quantity, Quantity] | None:
    for qa in quantities_of(a):
        for qb in quantities_of(b):
            if qa.kind == "count" and qa.comparable(qb) and qa.compatible(qb) and \
                    _same_event(a, qa, b, qb):
                return qa, qb
    return None


def _date_conflict(a: str, b: str, score: float) -> tuple[Quantity, Quantity] | None:
    """Two different dates for what is otherwise the same statement; each side must name one
    date only, else the two may simply be talking about different moments."""
    da = [q for q in quantities_of(a) if q.kind in ("date", "monthday", "year")]
    db = [q for q in quantities_of(b) if q.kind in ("date", "monthday", "year")]
    if len(da) != 1 or len(db) != 1:
        return None
    qa, qb = da[0], db[0]
    if qa.kind != qb.kind or qa.value == qb.value:
        return None
    if qa.kind == "year" and score < YEAR_MIN_SCORE:
        return None
    return qa, qb


def _content_overlap(a: str, b: str) -> float:
    from .claims import _STOPS
    from .quantities import _stem
    sa = {_stem(w) for w in _WORD.findall(a) if w.lower() not in _STOPS and not _NEGATION.match(w)}
    sb = {_stem(w) for w in _WORD.findall(b) if w.lower() not in _STOPS and not _NEGATION.match(w)}
    return len(sa & sb) / max(1, len(sa | sb))


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def _label(q: Quantity) -> str:
    if q.kind == "count":
        return q.unit or q.noun or "count"
    return {"percent": "share", "money": "amount", "year": "year", "date": "date",
            "monthday": "date"}.get(q.kind, q.kind)


def relate(a: str, b: str, score: float, shared: list[str] | None = None) -> Relation:
    """The relation between two claims whose similarity score is ``score`` (0..1); the words
    they share, when given, are added to the why."""
    shared_txt = ", ".join((shared or [])[:6])
    base = f"shared: {shared_txt}" if shared_txt else ""

    def made(relation: str, why: str, evidence: str = "score") -> Relation:
        return Relation(relation, "; ".join(w for w in (why, base) if w), evidence)

    checks = ((CONFLICT_MIN_SCORE, _quantity_conflict, "quantity"),
              (DATE_MIN_SCORE, _date_conflict, "date"))
    for min_score, find, evidence in checks:
        pair = find(a, b, score) if score >= min_score else None
        if pair:
            qa, qb = pair
            return made("conflicts", f"{_label(qa)}: {qa.text} vs {qb.text}", evidence)
    if score >= NEGATION_MIN_SCORE and _negated(a) != _negated(b) \
            and _content_overlap(a, b) >= NEGATION_MIN_OVERLAP:
        m = _NEGATION.search(a if _negated(a) else b)
        return made("conflicts", f"one denies what the other states ({m.group(0).strip()!r})",
                    "negation")
    agreement = _quantity_agreement(a, b)
    if agreement and CONFLICT_MIN_SCORE * 2 <= score < AGREE_SCORE:
        qa, qb = agreement
        return made("agrees", f"{_label(qa)}: {qa.text} and {qb.text} are compatible",
                    "quantity")
    return made("agrees" if score >= AGREE_SCORE else "related", "")


def classify(a: str, b: str, score: float) -> tuple[str, str]:
    """(relation, why) for two texts: the form `reader compare` and `reader match` use."""
    r = relate(a, b, score, shared_words(a, b))
    return r.relation, r.why


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def shared_words(a: str, b: str) -> list[str]:
    """Content words both texts use (by stem), longest first: a short, checkable "why"."""
    from .claims import _STOPS
    from .quantities import _stem
    bw = {}
    for w in _WORD.findall(b):
        if w.lower() not in _STOPS and len(w) > 2 and not w.isdigit():
            bw.setdefault(_stem(w), w)
    out, seen = [], set()
    for w in _WORD.findall(a):
        st = _stem(w)
        if w.lower() in _STOPS or len(w) <= 2 or w.isdigit() or st in seen or st not in bw:
            continue
        seen.add(st)
        out.append(w if w[:1].isupper() else w.lower())
    return sorted(out, key=lambda w: (-w[:1].isupper(), -len(w)))
