"""Who reported a value and when: the two readings that turn a difference of values into
something other than an error of either outlet.

- ``update``: a later document gives a new value for the same fact, and says it changed ("has
  risen to", "now", "updated", "latest figures"), or the two were published days apart and the
  figure is a running tally (a death toll, arrests, injured, missing, evacuated, cases), which
  moves as days pass. The link is ``updates``, its why oldest value first ("death toll: 12 → 31
  (updated)"). A tally that falls is an update only when the later text says it was revised.
- ``with_speakers``: a conflict of values between two claims that each name who said it reads
  "troops: 1,500 (South Korean intelligence, EuropeNews) vs 14,000 (Ukraine's military,
  Reuters)", and two different speakers make it a dispute between speakers.
"""

from __future__ import annotations

import re

from ..links import DISPUTE, SEP, LinkRow, join_why, read_values, said_by, values_why
from ..text.attribution import attribution
from .facts import Dates, vague
from .quantities import Quantity
from .thresholds import Thresholds

# Running tallies, by the words that name them near a figure (one pattern each).
TALLIES = {
    "death toll": r"death\s+toll|toll|deaths?|dead|killed|died|fatalities|lives",
    "injured": r"injured|wounded|injuries|hurt",
    "missing": r"missing|unaccounted",
    "arrests": r"arrests?|arrested|detained|detentions|detainees",
    "evacuated": r"evacuated|evacuees|evacuations",
    "displaced": r"displaced|homeless",
    "cases": r"cases|infections|infected",
    "casualties": r"casualties",
}
_TALLY = re.compile("|".join(f"(?P<t{n}>\\b(?:{p})\\b)" for n, p in enumerate(TALLIES.values())),
                    re.I)
_TALLY_NAMES = list(TALLIES)
_BEFORE, _AFTER = 60, 40        # characters around a figure read for what it tallies

# Words by which a text says its figure changed.
_CHANGED = re.compile(
    r"\b(?:rose|risen|rises|rising|climbed|climbs|jumped|increased|grew|grown|mounted|surged|"
    r"soared|reached|has\s+since|had\s+since|now|updated|revised|latest\s+(?:figures?|toll|"
    r"count|tally|data)|new\s+(?:toll|figure|tally)|(?:gone|went)\s+up|so\s+far|"
    r"fell|fallen|dropped|lowered|corrected)\b", re.I)
_REVISED = re.compile(r"\b(?:revised|lowered|corrected|updated|down\s+to)\b", re.I)


def update(a: str, b: str, qas: tuple[Quantity, ...], qbs: tuple[Quantity, ...],
           dates: Dates, t: Thresholds, pair: tuple[Quantity, Quantity] | None = None
           ) -> tuple[str, Quantity, Quantity, bool] | None:
    """(the tally, a's figure, b's figure, is a the older?) when one claim's figure replaces the
    other's (see the module docstring), or None. ``pair``: the figures a conflict of values
    found (``facts.quantity_conflict``), of one fact by that reading; otherwise only running
    tallies are compared."""
    days = (dates[1] - dates[0]).days if dates[0] is not None and dates[1] is not None else 0
    candidates = [pair] if pair else [(qa, qb) for qa in qas for qb in qbs]
    for qa, qb in candidates:
        if qa.kind != "count" or qb.kind != "count" or qa.hedged or qb.hedged \
                or vague(qa) or vague(qb) or qa.compatible(qb) or qa.rate != qb.rate \
                or qa.subject and qb.subject and qa.subject != qb.subject \
                or qa.unit and qb.unit and qa.unit != qb.unit:     # children vs people
            continue
        tally = _tally(a, qa)
        if tally is None and pair is None or tally != _tally(b, qb):
            continue
        said_a, said_b = _changed(a, qa), _changed(b, qb)
        if days:
            a_older = days > 0
        elif said_a != said_b:
            a_older = said_b            # one day (or undated): the one that says it changed
        else:
            continue
        old, new, text = (qa, qb, b) if a_older else (qb, qa, a)
        moved = (said_b if a_older else said_a) or (tally is not None and days != 0)
        if moved and (new.low >= old.high or _REVISED.search(text)):
            return tally or "", qa, qb, a_older
    return None


def _tally(text: str, q: Quantity) -> str | None:
    """The running tally a figure counts ("death toll"), by the nearest word that names one
    within its clause, or None."""
    lo = max(0, q.start - _BEFORE)
    window = text[lo:q.end + _AFTER]
    best = None
    for m in _TALLY.finditer(window):
        start, end = lo + m.start(), lo + m.end()
        between = text[min(end, q.start):max(start, q.end)]
        if re.search(r"[;.!?]\s|\d", between.replace(q.text, "")):
            continue                    # another sentence, or another figure between them
        gap = abs(start - q.end) if start >= q.end else q.start - end
        name = _TALLY_NAMES[int(m.lastgroup[1:])]
        if best is None or gap < best[0]:
            best = (gap, name)
    return best[1] if best else None


def _changed(text: str, q: Quantity) -> bool:
    """Does the text say, near its figure, that the figure changed?"""
    return bool(_CHANGED.search(text[max(0, q.start - _BEFORE):q.end + _AFTER]))


def with_speakers(link: LinkRow, a_text: str, b_text: str, a_outlet: str,
                  b_outlet: str) -> LinkRow:
    """A conflict of figures whose two claims both name who said them, with the speakers and
    outlets in its why, and a dispute between speakers when the two differ ("President Trump"
    and "Trump" are one). Others as they are."""
    if link.relation != "conflicts" or not link.fact:
        return link
    head, sep, rest = link.why.partition(SEP)
    read = read_values(head)
    if read is None or (read[1], read[3]) != (link.a_value, link.b_value):
        return link
    speaker_a, speaker_b = attribution(a_text), attribution(b_text)
    if not speaker_a or not speaker_b:
        return link
    head = values_why(link.fact, link.a_value, link.b_value, said_by(speaker_a, a_outlet),
                      said_by(speaker_b, b_outlet))
    dispute = "" if _one_speaker(speaker_a, speaker_b) else DISPUTE
    return link._replace(why=join_why(head, dispute, rest))


def _one_speaker(a: str, b: str) -> bool:
    """Do two phrases name one speaker: the same words, or one's words all in the other's
    ("Trump", "President Donald Trump")?"""
    wa, wb = (set(re.findall(r"[^\W_]+", x.lower())) - {"the", "a", "an"} for x in (a, b))
    return wa <= wb or wb <= wa
