"""A cross-reference between two passages, in the one shape every layer uses.

- ``RELATIONS``: what a link says, most visible first (conflicts, agrees, related). This is the
  one definition: the CLI's choices, the store, the export and the window all read it here.
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
  conflict of values, then further parts joined by ``"; "`` (``"both: 1,500 troops, Tuesday"``,
  the slots of the fact two agreeing claims state; ``"shared: a, b"``, other words both use; a
  named referent ``"the two nations: Russia and North Korea"``).

Spans are ``(start, end)``: Python str indices into a document's normalised text, end
exclusive.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import NamedTuple

RELATIONS = ("conflicts", "agrees", "related")      # most visible first
BY = ("engine", "user")                             # who made a link
SEP = "; "                                          # between the parts of a why


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
def values_why(fact: str, first: str, second: str) -> str:
    """The part of a why that names a conflict of values: "troops: 1,500 vs 14,000"."""
    return f"{fact}: {first} vs {second}"


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
    1,500"), the rest as it is."""
    if not row.fact:
        return row.why
    head = values_why(row.fact, row.a_value, row.b_value)
    if not row.why.startswith(head):
        return row.why
    return values_why(row.fact, row.b_value, row.a_value) + row.why[len(head):]


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
