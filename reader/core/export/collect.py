"""What an export holds: ``collect`` gathers the user's highlights, the cross-references, or
only the conflicts, of some documents or of the whole library, into ``Collected``: one
``Section`` per document, each with its ``Passage``s in text order, each passage with the other
ends of its links (``links.LinkEnd``: a pinned link, or the links found, made or relabelled by
the user, with the user's verdicts)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from ..anchoring import context
from ..errors import InvalidArgument, NotFound
from ..highlights import Highlight, LinkDecision
from ..links import RELATIONS, LinkEnd, link_key
from ..store import DocumentRow

KINDS = ("user", "xref", "conflicts", "all")


@dataclass
class Passage:
    """One exported passage: a user highlight (``highlight`` set; a pinned link is its one
    entry in ``links``) or a passage with the cross-references found for it."""

    doc_id: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    highlight: Highlight | None = None
    links: list[LinkEnd] = field(default_factory=list)

    @property
    def orphaned(self) -> bool:
        return bool(self.highlight and self.highlight.orphaned)


@dataclass
class Section:
    doc: DocumentRow
    passages: list[Passage] = field(default_factory=list)


@dataclass
class Collected:
    kind: str
    sections: list[Section]
    docs: dict[str, DocumentRow]     # every document cited: in scope and counterparts
    labels: dict[str, str]
    decisions: list[LinkDecision] = field(default_factory=list)   # the verdicts in scope
    relabels: list = field(default_factory=list)    # the user's relations in scope (Relabel)

    def has_links(self) -> bool:
        return any(p.links for s in self.sections for p in s.passages)

    def counts(self) -> dict[str, int]:
        passages = [p for s in self.sections for p in s.passages]
        out = {"documents": len(self.sections),
               "highlights": sum(1 for p in passages if p.highlight)}
        for rel in RELATIONS:
            out[rel] = sum(1 for p in passages if not p.highlight
                           for x in p.links if x.relation == rel)
        return out


def collect(library, doc_ids: Iterable[str] | None = None, kind: str = "all") -> Collected:
    """What to export. ``doc_ids`` None: the whole library. Raises NotFound for an unknown id."""
    if kind not in KINDS:
        raise InvalidArgument(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    every = library.documents()
    if doc_ids is None:
        scope = [d.id for d in every]
    else:
        wanted = list(dict.fromkeys(doc_ids))
        known = {d.id for d in every}
        for d in wanted:
            if d not in known:
                raise NotFound(f"no document with id {d!r}")
        scope = [d.id for d in every if d.id in set(wanted)]
    rank = {d: n for n, d in enumerate(scope)}
    passages: dict[str, list[Passage]] = {d: [] for d in scope}
    highlights = library.highlights
    if kind in ("user", "all"):
        for h in highlights.list(scope):
            links = [h.link] if h.link else []
            passages[h.doc_id].append(Passage(h.doc_id, h.start, h.end, h.quote, h.prefix,
                                              h.suffix, highlight=h, links=links))
    rows = []
    if kind != "user":
        rows = library.links(scope, "conflicts" if kind == "conflicts" else None)
    needed = set(scope) | {r.a_doc for r in rows} | {r.b_doc for r in rows} | {
        x.doc_id for ps in passages.values() for p in ps for x in p.links}
    docs = library.store.get_many(needed, with_text=True)
    decisions = highlights.decisions(scope)
    verdicts = {link_key(d.a_doc, d.a_quote, d.b_doc, d.b_quote): d.decision
                for d in decisions}
    found: dict[tuple, Passage] = {}
    for r in rows:
        # once, under whichever of its documents comes first in the export
        a_first = rank.get(r.a_doc, len(rank)) <= rank.get(r.b_doc, len(rank))
        here, end = r.seen_from(r.a_doc if a_first else r.b_doc)
        text, other = docs[here[0]].text, docs[end.doc_id].text
        quote, other_quote = text[here[1]:here[2]], other[end.start:end.end]
        p = found.get(here)
        if p is None:
            prefix, suffix = context(text, here[1], here[2])
            p = found[here] = Passage(here[0], here[1], here[2], quote, prefix, suffix)
            passages[here[0]].append(p)
        # the why as the engine wrote it, from either side (as exports always showed it)
        p.links.append(replace(end, why=r.why, quote=other_quote, decision=verdicts.get(
            link_key(here[0], quote, end.doc_id, other_quote))))
    order = {rel: n for n, rel in enumerate(RELATIONS)}
    sections = []
    for d in scope:
        for p in passages[d]:
            p.links.sort(key=lambda x: (order.get(x.relation, 9), x.doc_id, x.start, x.end))
        ps = sorted(passages[d], key=lambda p: (p.start, p.end, p.highlight is None,
                                                p.highlight.id if p.highlight else 0))
        if ps:
            sections.append(Section(docs[d], ps))
    return Collected(kind, sections, docs, highlights.labels(), decisions,
                     library.corrections.relabels(scope))
