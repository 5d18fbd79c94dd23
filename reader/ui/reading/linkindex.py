"""The links of one document, seen from that document: its linked claims in text order, each
with the passages of other documents it agrees with, conflicts with or relates to.

Plain Python (no Qt): built from ``Library.links([doc_id])`` rows (``core.links.LinkRow``), each
seen from this document (``LinkRow.seen_from``: the other end, its why and values read from this
side).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable

from ...core.links import RELATIONS, LinkEnd, LinkRow


@dataclass
class Claim:
    """A span of this document with links to other documents."""

    start: int
    end: int
    links: list[LinkEnd] = field(default_factory=list)

    @property
    def relation(self) -> str:
        """The most visible relation among its links (conflicts > updates > agrees >
        related)."""
        present = {link.relation for link in self.links}
        return next((r for r in RELATIONS if r in present), "related")

    def by_relation(self, relation: str) -> list[LinkEnd]:
        return [link for link in self.links if link.relation == relation]

    def documents(self) -> list[str]:
        return list(dict.fromkeys(link.doc_id for link in self.links))


class LinkIndex:
    """Linked claims of ``doc_id`` in text order, looked up by offset."""

    def __init__(self, doc_id: str, rows: Iterable[LinkRow] = ()):
        self.doc_id = doc_id
        spans: dict[tuple[int, int], Claim] = {}
        for row in rows:
            if not row.touches(doc_id):
                continue
            (_, start, end), other = row.seen_from(doc_id)
            spans.setdefault((start, end), Claim(start, end)).links.append(other)
        order = {r: n for n, r in enumerate(RELATIONS)}
        for claim in spans.values():
            claim.links.sort(key=lambda l: (order.get(l.relation, 9), -l.score, l.doc_id, l.start))
        self.claims: list[Claim] = sorted(spans.values(), key=lambda c: (c.start, c.end))
        self._starts = [c.start for c in self.claims]

    def __len__(self) -> int:
        return len(self.claims)

    def with_document(self, other: str) -> "LinkIndex":
        """Only the links to ``other`` (for the compare view)."""
        out = LinkIndex(self.doc_id)
        for c in self.claims:
            links = [link for link in c.links if link.doc_id == other]
            if links:
                out.claims.append(Claim(c.start, c.end, links))
        out._starts = [c.start for c in out.claims]
        return out

    def at(self, offset: int) -> Claim | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        for j in range(i, max(i - 8, -1), -1):      # claims rarely overlap; look a little back
            c = self.claims[j]
            if c.start <= offset < c.end:
                return c
        return None

    def find(self, start: int, end: int) -> Claim | None:
        i = bisect.bisect_left(self._starts, start)
        while i < len(self.claims) and self.claims[i].start == start:
            if self.claims[i].end == end:
                return self.claims[i]
            i += 1
        return self.at(start)

    def next(self, offset: int, relation: str | None = None) -> Claim | None:
        """The first claim starting after ``offset`` (with a link of ``relation`` if given)."""
        for c in self.claims[bisect.bisect_right(self._starts, offset):]:
            if relation is None or c.by_relation(relation):
                return c
        return None

    def previous(self, offset: int, relation: str | None = None) -> Claim | None:
        for c in reversed(self.claims[:bisect.bisect_left(self._starts, offset)]):
            if relation is None or c.by_relation(relation):
                return c
        return None

    def counts(self) -> dict[str, int]:
        """Links of each relation, counted once per linked passage."""
        out = {r: 0 for r in RELATIONS}
        for c in self.claims:
            for link in c.links:
                out[link.relation] = out.get(link.relation, 0) + 1
        return out


def summarize(index: LinkIndex, claims: list[tuple[int, int]]) -> dict[str, int]:
    """Claims of the document by what the other sources say about them.

    ``claims`` are the document's claim spans (the ``claims`` table); a claim is conflicting
    if any link of it conflicts, updated if a figure of it is updated (or updates another; and
    none conflicts), corroborated if one agrees (and none conflicts or updates), related if it
    has only related links, and "only here" when nothing links to it."""
    out = {"claims": 0, "corroborated": 0, "conflicting": 0, "updated": 0, "related": 0,
           "only": 0}
    spans = list(claims) or [(c.start, c.end) for c in index.claims]
    for start, end in spans:
        out["claims"] += 1
        claim = index.find(start, end)
        if claim is None or not (claim.start < end and start < claim.end):
            out["only"] += 1
        elif claim.relation == "conflicts":
            out["conflicting"] += 1
        elif claim.relation == "updates":
            out["updated"] += 1
        elif claim.relation == "agrees":
            out["corroborated"] += 1
        else:
            out["related"] += 1
    return out


def summary_line(s: dict[str, int]) -> str:
    if not s["claims"]:
        return "No checkable claims found in this document"
    parts = [f"{s['corroborated']} claim{'s' if s['corroborated'] != 1 else ''} corroborated",
             f"{s['conflicting']} conflicting"]
    if s.get("updated"):
        parts.append(f"{s['updated']} updated over time")
    if s["related"]:
        parts.append(f"{s['related']} related")
    parts.append(f"{s['only']} in this source only")
    return ", ".join(parts)


def describe(claim: Claim, label_of) -> str:
    """A tooltip: one line per relation, e.g. "Conflicts with 1 source: 14,000 and 17,000
    (Reuters)". ``label_of(doc_id)`` names a document briefly."""
    lines = []
    verbs = {"conflicts": "Conflicts with", "updates": "A figure updated in",
             "agrees": "Agrees with", "related": "Related to"}
    for relation in RELATIONS:
        links = claim.by_relation(relation)
        if not links:
            continue
        docs: dict[str, list[LinkEnd]] = {}
        for link in links:
            docs.setdefault(link.doc_id, []).append(link)
        n = len(docs)
        parts = []
        for doc_id, ends in docs.items():
            values = list(dict.fromkeys(e.other_value for e in ends if e.other_value))
            name = label_of(doc_id)
            parts.append(f"{' and '.join(values)} ({name})" if values else name)
        lines.append(f"{verbs[relation]} {n} source{'s' if n != 1 else ''}: " + "; ".join(parts))
    return "\n".join(lines)
