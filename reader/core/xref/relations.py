"""How two claims relate: agrees, conflicts or related, with a "why" a person can check.

- conflicts: the two are about the same specific fact but are incompatible: a different
  quantity for the same counted thing of the same subject ("troops: 1,500 vs 14,000"), a
  different date for the same event, or one affirms what the other denies.
- agrees: they state the same fact (a high similarity score, and nothing incompatible).
- updates: a later figure for the same fact that replaces an earlier one (reported.py): a
  running tally days apart, or a figure the later text says changed.
- related: the same event or subject, but a different fact.

The similarity score comes from the pair scorer (pairs/); this module adds the evidence that a
score cannot see: quantities, dates and negation. Its numbers are ``Thresholds`` fields
(thresholds.py); a conflict of values carries the fact and both values as data, and its why is
written by links.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..links import join_why, shared_why, updates_why, values_why
from .facts import Dates, quantity_conflict, same_happening, slots_differ, when_conflict
from .lexicon import COUNT_CLASSES, STOPS, stem
from .quantities import Quantity, quantities_of
from .reported import update
from .thresholds import DEFAULT, Thresholds
from .when import WEEKDAYS


# Negation of a statement: verbal forms only ("no" and "without" are too often nouns' business:
# "the lone 'no' vote").
_NEGATION = re.compile(r"\b(?:not|never|denied|denies|deny|cannot|untrue)\b|n[’']t\b", re.I)


@dataclass(frozen=True)
class Relation:
    relation: str        # agrees | conflicts | updates | related
    why: str
    evidence: str = "score"   # what decided it: score | quantity | date | edit | negation |
    #                           slots | update
    fact: str = ""            # a conflict of values: what it is about ("troops")...
    a_value: str = ""         # ...the first claim's value as written...
    b_value: str = ""         # ...and the second's


def _quantity_agreement(a: str, b: str, t: Thresholds) -> tuple[Quantity, Quantity] | None:
    for qa in quantities_of(a):
        for qb in quantities_of(b):
            if (qa.kind == "count" and qa.unit in COUNT_CLASSES or qa.kind == "measure") \
                    and qa.comparable(qb) \
                    and qa.compatible(qb) and not qa.hedged and not qb.hedged \
                    and same_happening(a, qa, b, qb, t):     # died vs stationed: two facts
                return qa, qb
    return None


def _content_overlap(a: str, b: str) -> float:
    sa = {stem(w) for w in _WORD.findall(a) if w.lower() not in STOPS and not _NEGATION.match(w)}
    sb = {stem(w) for w in _WORD.findall(b) if w.lower() not in STOPS and not _NEGATION.match(w)}
    return len(sa & sb) / max(1, len(sa | sb))


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


# Any negation at all, nouns' too: a claim with one of these states nothing positive that a
# verbal negation on the other side could deny ("issued no instructions" vs "not issued any").
_ANY_NEGATION = re.compile(r"\b(?:no|none|nobody|nothing|neither|nor|without|never|not|"
                           r"failed|fails|refused|refuses)\b|n[’']t\b", re.I)
_SKIP_AFTER = frozenset("be been being is are was were have has had do does did so far yet "
                        "already even ever also any".split())


def _denial(a: str, b: str) -> str | None:
    """The negation by which one claim denies what the other states, or None: one side negates
    a verb ("did not suggest"), the other has no negation of any kind, and states that verb
    (the negation's scope is in the fact both share; "but not Britons" denies nothing)."""
    if _negated(a) == _negated(b):
        return None
    neg, other = (a, b) if _negated(a) else (b, a)
    if _ANY_NEGATION.search(other):
        return None
    stems = {stem(w) for w in _WORD.findall(other)}
    for m in _NEGATION.finditer(neg):
        after = [w for w in _WORD.findall(neg[m.end():m.end() + 60])
                 if w.lower() not in _SKIP_AFTER][:1]
        if m.group(0).lower().startswith("den"):            # "denied that X", "denies X"
            after = [m.group(0)]
            if stems & {stem(w) for w in _WORD.findall(neg[m.end():m.end() + 80])} - STOPS:
                return m.group(0).strip()
            continue
        if after and stem(after[0]) in stems:
            return m.group(0).strip()
    return None


def _label(q: Quantity) -> str:
    if q.kind == "count":
        return q.unit or q.noun or "count"
    if q.kind == "measure":
        return q.unit                       # length, area, mass
    return {"percent": "share", "money": "amount", "year": "year", "date": "date",
            "monthday": "date"}.get(q.kind, q.kind)


def relate(a: str, b: str, score: float, shared: list[str] | None = None,
           t: Thresholds = DEFAULT, dates: Dates = (None, None),
           known: tuple[frozenset, frozenset] | None = None,
           figures: tuple[tuple, tuple] = ((), ())) -> Relation:
    """The relation between two claims whose similarity score is ``score`` (0..1), published on
    ``dates`` (either may be None), in documents that date the happenings ``known``
    (``facts.dated_happenings`` of all their claims; None for two sentences on their own); the
    words they share, when given, are added to the why. ``figures``: all the quantities of
    each claim's document (``facts.quantity_conflict``)."""
    base = shared_why((shared or [])[:t.why_shared_words])

    def made(relation: str, why: str, evidence: str = "score", **values) -> Relation:
        return Relation(relation, join_why(why, base), evidence, **values)

    qas, qbs = quantities_of(a), quantities_of(b)
    if score >= t.conflict_min_score:
        pair = quantity_conflict(a, b, qas, qbs, score, dates, t, figures)
        later = update(a, b, qas, qbs, dates, t, pair) if pair or \
            score >= t.update_min_score else None
        if later:
            fact, qa, qb, a_older = later
            fact = fact or _label(qa)
            old, new = (qa.text, qb.text) if a_older else (qb.text, qa.text)
            return made("updates", updates_why(fact, old, new), "update", fact=fact,
                        a_value=qa.text, b_value=qb.text)
        if pair:
            qa, qb = pair
            fact = _label(qa)
            return made("conflicts", values_why(fact, qa.text, qb.text), "quantity",
                        fact=fact, a_value=qa.text, b_value=qb.text)
        days = when_conflict(a, b, score, dates, t, known or (frozenset(), frozenset()),
                             standalone=known is None)
        if days:
            wa, wb, happening = days
            fact = f"{'time' if wa.first == wb.first and wa.first else 'day'} of the {happening}"
            return made("conflicts", values_why(fact, wa.text, wb.text), "date",
                        fact=fact, a_value=wa.text, b_value=wb.text)
        edit = edited_slot(a, b, dates, t)
        if edit:
            fact, va, vb = edit
            if fact == "name":      # a misspelling, a variant ("BBC2"), a part ("London" of
                #                     "England") as often as another: not one fact, no conflict
                return made("related", f"{va} vs {vb}", "slots")
            return made("conflicts", values_why(fact, va, vb), "edit", fact=fact, a_value=va,
                        b_value=vb)
    if score >= t.negation_min_score and _content_overlap(a, b) >= t.negation_min_overlap:
        denial = _denial(a, b)
        if denial:
            return made("conflicts", f"one denies what the other states ({denial!r})",
                        "negation")
    if score >= t.quantity_agree_score and slots_differ(a, b, qas, qbs, dates, t):
        return made("related", "", "slots")     # different periods or figures: not one fact
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


# -- one slot edited ---------------------------------------------------------------------------
_TOKEN = re.compile(r"[^\W_]+(?:[.,'’-][^\W_]+)*|\S")
_SLOT_KINDS = (("decade", re.compile(r"(?:19|20)?\d0['’]?s")),
               ("year", re.compile(r"(?:19|20)\d\d")),
               ("number", re.compile(r"\d[\d,.]*(?:st|nd|rd|th)?")))
_MONTH_NAMES = frozenset("january february march april may june july august september october "
                         "november december".split())


def _number(word: str) -> float | None:
    digits = re.sub(r"(?:st|nd|rd|th)$", "", word).replace(",", "").rstrip(".")
    try:
        return float(digits)
    except ValueError:
        return None


def _slot_kind(words: list[str]) -> str:
    text = " ".join(words)
    for kind, pattern in _SLOT_KINDS:
        if pattern.fullmatch(text):
            return kind
    low = text.lower()
    if low in WEEKDAYS:
        return "day"
    if low in _MONTH_NAMES:
        return "month"
    if all(w[:1].isupper() and w.lower() not in STOPS for w in words):
        return "name"
    return ""


def edited_slot(a: str, b: str, dates: Dates, t: Thresholds) -> tuple[str, str, str] | None:
    """Two claims worded alike but for one slot: (what the slot is, a's value, b's value), or
    None. Word for word the same (``Thresholds.edit_share`` of the words, at least
    ``edit_min_words``), but for one replaced run of at most three words that is, on both sides,
    the same kind of value (a year, a decade, a number, a weekday, a month or a name) and
    for small words and punctuation: "1980s toy Tamagotchi" vs "1990s toy Tamagotchi". Such a
    pair is one fact told with two values (relations.py: a conflict, but for names, which differ
    as often by a spelling or a variant, "BBC2", as by fact: never an agreement either). A number in two documents
    published on different days may have moved (a count, "the 35th day"): that is left to the
    readings of quantities.py."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    if min(len(ta), len(tb)) < t.edit_min_words:
        return None
    la, lb = [w.lower() for w in ta], [w.lower() for w in tb]
    sa, sb = set(la), set(lb)
    if len(sa - sb) > 3 and len((sa - sb) - STOPS) > 3 or len(sb - sa) > 3 and len(
            (sb - sa) - STOPS) > 3 or min(len(ta), len(tb)) < t.edit_share * max(len(ta), len(tb)):
        return None                 # cheap: more than one run of three words differs
    from difflib import SequenceMatcher
    ops = SequenceMatcher(None, la, lb, autojunk=False).get_opcodes()
    same = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    if same < max(t.edit_min_words, t.edit_share * max(len(ta), len(tb))):
        return None
    edits = [op for op in ops if op[0] == "replace"]
    if len(edits) != 1:
        return None
    for tag, i1, i2, j1, j2 in ops:
        if tag in ("insert", "delete") and any(w.isalnum() and w not in STOPS
                                               for w in la[i1:i2] + lb[j1:j2]):
            return None
    _, i1, i2, j1, j2 = edits[0]
    if i2 - i1 > 3 or j2 - j1 > 3:
        return None
    kind = _slot_kind(ta[i1:i2])
    if not kind or kind != _slot_kind(tb[j1:j2]):
        return None
    if kind == "number" and (_number(ta[i1]) == _number(tb[j1]) or (
            dates[0] is not None and dates[1] is not None and dates[0] != dates[1])):
        return None             # one value written two ways ("5" and "5.0", "14,000"), or
    #                             a count two days apart that may have moved
    if kind == "name" and i1 == 0 and j1 == 0 and not (ta[0].isupper() or tb[0].isupper()):
        return None             # a capital only because it opens the sentence
    return kind, " ".join(ta[i1:i2]), " ".join(tb[j1:j2])
