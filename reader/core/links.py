"""A cross-reference between two passages, in the one shape every layer uses.

- ``RELATIONS``: what a link says, most visible first (conflicts, updates, agrees, related).
  This is the one definition: the CLI's choices, the store, the export and the window all read
  it here. ``updates`` is a later figure replacing an earlier one (a death toll that rose), not
  a contradiction: its why names the values oldest first, whichever passage is ``a``.
- ``LinkRow``: a link as stored (one row of the ``links`` table): its two passages, ordered so
  that (a_doc, a_start) < (b_doc, b_start); the relation, a score in [0, 1], the "why" a person
  reads, and, for a conflict of values, the fact and both values as data (``fact``,
  ``a_value``, ``b_value``), so that nobody has to parse them back out of the why.
- ``LinkEnd``: a link seen from one of its passages: the other passage, with the why and the
  values turned to read from this side ("1,500 vs 14,000": ours first). A highlight pinned
  from a link keeps one (with the other passage's quote); an export lists them under each
  passage (with the user's verdict).
- ``BY``: who made a link: the engine, or the user (by hand, in the compare view or with
  ``reader link add``). A link the engine made and the user relabelled stays the engine's, with
  ``relabelled`` naming the relation the engine gave it (``core/corrections/``).
- ``link_key``: a pair of passages by their text (not their spans), the same for both orders:
  the user's verdicts and relabels are kept under it, so they hold when the links are
  recomputed.
- The why's grammar, written and read here only: ``"<fact>: <value> vs <value>"`` for a
  conflict of values, where both claims name who said it ``"<fact>: <value> (<speaker>,
  <outlet>) vs <value> (<speaker>, <outlet>)"``, and ``"dispute between speakers"`` as a part
  when the two speakers differ; ``"<fact>: <old> → <new> (updated)"`` for an update; then
  further parts joined by ``"; "`` (``"both: 1,500 troops, Tuesday"``, the slots of the fact
  two agreeing claims state; ``"shared: a, b"``, other words both use; a named referent ``"the
  two nations: Russia and North Korea"``). ``read_values`` and ``read_update`` read them back.

Spans are ``(start, end)``: Python str indices into a document's normalised text, end
exclusive.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import NamedTuple

RELATIONS = ("conflicts", "updates", "agrees", "related")   # most visible first
BY = ("engine", "user")                             # who made a link
SEP = "; "                                          # between the parts of a why
DISPUTE = "dispute between speakers"                # a why's part: two speakers oppose


class LinkRow(NamedTuple):
    """One stored link. ``a`` is the passage that sorts first by (document, start)."""

    a_doc: str
    a_start: int
    a_end: int
    b_doc: str
    b_start: int
    b_end: int
    relation: str
    score: float
    why: str = ""
    fact: str = ""          # what a conflict of values is about ("troops"); "" otherwise
    a_value: str = ""       # a's value as written ("1,500")
    b_value: str = ""       # b's value as written ("approximately 14,000")
    # the user's part (not columns of the ``links`` table: core/corrections/ adds them)
    by: str = "engine"      # "engine" | "user" (made by hand)
    note: str = ""          # the user's note on a link made by hand
    relabelled: str = ""    # the engine's relation, where the user gave the link another

    @property
    def a(self) -> tuple[str, int, int]:
        return self.a_doc, self.a_start, self.a_end

    @property
    def b(self) -> tuple[str, int, int]:
        return self.b_doc, self.b_start, self.b_end

    def touches(self, doc_id: str) -> bool:
        return doc_id in (self.a_doc, self.b_doc)

    def seen_from(self, doc_id: str) -> tuple[tuple[str, int, int], "LinkEnd"]:
        """(this side's passage, the other end) as seen from document ``doc_id`` (a link's
        two passages are in different documents)."""
        mine = {"by": self.by, "note": self.note, "relabelled": self.relabelled}
        if doc_id == self.b_doc:
            return self.b, LinkEnd(self.relation, self.a_doc, self.a_start, self.a_end,
                                   why=flip_why(self), score=self.score, fact=self.fact,
                                   own_value=self.b_value, other_value=self.a_value, **mine)
        return self.a, LinkEnd(self.relation, self.b_doc, self.b_start, self.b_end,
                               why=self.why, score=self.score, fact=self.fact,
                               own_value=self.a_value, other_value=self.b_value, **mine)


@dataclass(frozen=True)
class LinkEnd:
    """The other end of a link, seen from one passage."""

    relation: str
    doc_id: str
    start: int
    end: int
    why: str = ""                   # read from this side
    score: float | None = None      # None for a link pinned as a highlight
    quote: str = ""                 # the other passage's text, where it is kept
    fact: str = ""
    own_value: str = ""             # this side's value in a conflict of values
    other_value: str = ""           # the other side's
    decision: str | None = None     # the user's verdict: "accepted", "rejected" or None
    pinned: bool = False            # kept by a highlight (the user pinned it)
    by: str = "engine"              # "engine" | "user": who made the link
    note: str = ""                  # the user's note on a link made by hand
    relabelled: str = ""            # the engine's relation, where the user gave it another


def link_key(a_doc: str, a_quote: str, b_doc: str, b_quote: str) -> str:
    """Two passages by their documents and text: the same for both orders."""
    pair = sorted([(a_doc, a_quote), (b_doc, b_quote)])
    raw = json.dumps(pair, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


# -- the why ------------------------------------------------------------------------------------
def values_why(fact: str, first: str, second: str, first_by: str = "",
               second_by: str = "") -> str:
    """The part of a why that names a conflict of values: "troops: 1,500 vs 14,000"; with who
    said each, when both claims say it ("who" is "<speaker>, <outlet>"): "troops: 1,500 (South
    Korean intelligence, EuropeNews) vs 14,000 (Ukraine's military, Reuters)"."""
    if first_by and second_by:
        return f"{fact}: {first} ({_bare(first_by)}) vs {second} ({_bare(second_by)})"
    return f"{fact}: {first} vs {second}"


def said_by(speaker: str, outlet: str) -> str:
    """Who a value comes from, for ``values_why``: "Ukraine's military, Reuters"."""
    return ", ".join(p for p in (speaker, outlet) if p)


def updates_why(fact: str, old: str, new: str) -> str:
    """The part of a why that names an update, oldest value first: "death toll: 12 → 31
    (updated)"."""
    return f"{fact}: {old} → {new} (updated)"


_VALUES = re.compile(r"^(?P<fact>[^:]+): (?P<a>.+?)(?: \((?P<ab>[^()]*)\))? vs "
                     r"(?P<b>.+?)(?: \((?P<bb>[^()]*)\))?$")
_UPDATE = re.compile(r"^(?P<fact>[^:]+): (?P<old>.+?) → (?P<new>.+?) \(updated\)$")


def read_values(why: str) -> tuple[str, str, str, str, str] | None:
    """(fact, first value, who said it, second value, who said it) of a why that opens with a
    conflict of values (who: "" where the why names nobody), or None."""
    m = _VALUES.match(why.split(SEP, 1)[0])
    if m is None:
        return None
    return m["fact"], m["a"], m["ab"] or "", m["b"], m["bb"] or ""


def read_update(why: str) -> tuple[str, str, str] | None:
    """(fact, old value, new value) of a why that opens with an update, or None."""
    m = _UPDATE.match(why.split(SEP, 1)[0])
    return (m["fact"], m["old"], m["new"]) if m else None


def is_dispute(why: str) -> bool:
    """Does the why call the link a dispute between speakers (not an error of either outlet)?"""
    return DISPUTE in why.split(SEP)


def _bare(who: str) -> str:
    """Who said a value, without the characters the why's grammar uses."""
    return re.sub(r"[();]", "", who).strip()


def join_why(*parts: str) -> str:
    """A why made of parts (empty ones dropped), in the order given."""
    return SEP.join(p for p in parts if p)


def both_why(slots: list[str]) -> str:
    """The fact two agreeing claims both state, by its slots: "both: 1,500 troops, Tuesday"."""
    return f"both: {', '.join(slots)}" if slots else ""


def shared_why(words: list[str]) -> str:
    return f"shared: {', '.join(words)}" if words else ""


def named_why(phrase: str, names: str) -> str:
    """A referent the claim leaves to its document: "the two nations: Russia and North Korea"."""
    return f"{phrase}: {names}"


def flip_why(row: LinkRow) -> str:
    """The why of ``row`` read from its b side: a conflict's values swapped ("14,000 vs
    1,500"), with who said each; the rest as it is (an update reads oldest first from both
    sides)."""
    if not row.fact or row.relation == "updates":
        return row.why
    head, sep, rest = row.why.partition(SEP)
    read = read_values(head)
    if read is None or read[0] != row.fact or (read[1], read[3]) != (row.a_value, row.b_value):
        return row.why
    fact, first, first_by, second, second_by = read
    return values_why(fact, second, first, second_by, first_by) + sep + rest


def legacy_values(why: str) -> tuple[str, str, str]:
    """(fact, a value, b value) read from a why written before values were stored (schema
    2): "troops: 1,500 vs 14,000; shared: …" → ("troops", "1,500", "14,000"). Used once, by
    the schema migration."""
    head = why.split(SEP, 1)[0]
    fact, colon, rest = head.partition(": ")
    if not colon or " vs " not in rest:
        return "", "", ""
    first, _, second = rest.partition(" vs ")
    return fact, first.strip(), second.strip()
