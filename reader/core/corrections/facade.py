"""``Corrections``: what the user changed in the links, applied to the links the engine
stored. The library holds one and shows every link through it (``Library.links``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from ..errors import NotFound
from ..links import LinkRow
from .made import MadeLinks, check_relation, utc_now
from .relabels import Relabel, link_quotes, relabelled, relabels, set_relabel

if TYPE_CHECKING:
    from ..store import Store


class Corrections:
    """Links made by hand (``made``) and relabelled links of one library."""

    def __init__(self, store: "Store", clock: Callable[[], str] = utc_now):
        self.store = store
        self.clock = clock
        self.made = MadeLinks(store, clock)

    def apply(self, rows: list[LinkRow], doc_ids: Iterable[str] | None = None
              ) -> list[LinkRow]:
        """The engine's ``rows`` (of ``doc_ids``; all when None) relabelled where the user
        relabelled them, with the links the user made: one of those replaces the engine's link
        between the same two passages."""
        rows = relabelled(self.store, rows)
        made = self.made.rows(doc_ids)
        if not made:
            return rows
        mine = {(m.a, m.b) for m in made}
        out = [r for r in rows if (r.a, r.b) not in mine] + made
        out.sort(key=lambda r: (r.a_doc, r.a_start, r.b_doc, r.b_start))
        return out

    def relabel(self, link: LinkRow, relation: str, note: str | None = None) -> LinkRow:
        """Give ``link`` (as ``Library.links`` shows it) another relation: a link made by hand
        is changed (its ``note`` too, when given); the engine's keeps the user's relation under
        the two passages' text (the engine's own relation again drops it). Returns the link as
        shown now."""
        check_relation(relation)
        if link.by == "user":
            made = self.made.find(link.a, link.b)
            if made is None:
                raise NotFound("this link made by you is no longer in the library")
            return self.made.update(made.id, relation=relation, note=note).row()
        quotes = link_quotes(self.store, link)
        engine = link.relabelled or link.relation
        set_relabel(self.store, link.a_doc, quotes[0], link.b_doc, quotes[1],
                    None if relation == engine else relation, self.clock())
        if relation == engine:
            return link._replace(relation=engine, relabelled="")
        return link._replace(relation=relation, relabelled=engine)

    def relabels(self, doc_ids: Iterable[str] | None = None) -> list[Relabel]:
        return relabels(self.store, doc_ids)

    def restore_relabel(self, a_doc: str, a_quote: str, b_doc: str, b_quote: str,
                        relation: str, decided: str | None = None) -> None:
        """Keep a relabel as it was exported (by the passages' text)."""
        set_relabel(self.store, a_doc, a_quote, b_doc, b_quote, check_relation(relation),
                    decided or self.clock())
