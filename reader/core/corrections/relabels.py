"""The user's relation for a link the engine made (the ``link_relabels`` table).

A relabel is keyed like a verdict (links.link_key: both documents and both passages' text, not
their spans), so it holds when the engine recomputes the links, and applies to the link the
engine finds between those two passages whatever relation the engine gives it then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..errors import NotFound
from ..links import LinkRow, link_key

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Relabel:
    a_doc: str
    a_quote: str
    b_doc: str
    b_quote: str
    relation: str
    decided: str


def set_relabel(store: "Store", a_doc: str, a_quote: str, b_doc: str, b_quote: str,
                relation: str | None, decided: str) -> None:
    """Give the link between these two passages ``relation``; None gives it back the
    engine's. Call with a checked relation."""
    key = link_key(a_doc, a_quote, b_doc, b_quote)
    with store.transaction() as db:
        if relation is None:
            db.execute("DELETE FROM link_relabels WHERE key = ?", (key,))
            return
        db.execute("INSERT INTO link_relabels VALUES (?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE "
                   "SET relation = excluded.relation, decided = excluded.decided",
                   (key, a_doc, a_quote, b_doc, b_quote, relation, decided))


def relabels(store: "Store", doc_ids: Iterable[str] | None = None) -> list[Relabel]:
    rows = [Relabel(*r) for r in store.execute(
        "SELECT a_doc, a_quote, b_doc, b_quote, relation, decided FROM link_relabels "
        "ORDER BY a_doc, b_doc, a_quote, b_quote")]
    if doc_ids is not None:
        ids = set(doc_ids)
        rows = [r for r in rows if r.a_doc in ids or r.b_doc in ids]
    return rows


def relabelled(store: "Store", rows: list[LinkRow]) -> list[LinkRow]:
    """The engine's links with the user's relations: a relabelled one keeps the engine's
    relation in ``relabelled``."""
    found = list(store.execute("SELECT key, relation, a_doc, b_doc FROM link_relabels"))
    if not found or not rows:
        return rows
    wanted = {k: rel for k, rel, _, _ in found}
    docs = {d for _, _, a, b in found for d in (a, b)}
    docs &= {d for r in rows for d in (r.a_doc, r.b_doc)}
    texts = {d: r.text for d, r in store.get_many(docs, with_text=True).items()}
    out = []
    for r in rows:
        if r.by == "engine" and r.a_doc in texts and r.b_doc in texts:
            rel = wanted.get(link_key(r.a_doc, texts[r.a_doc][r.a_start:r.a_end], r.b_doc,
                                      texts[r.b_doc][r.b_start:r.b_end]))
            if rel and rel != r.relation:
                r = r._replace(relation=rel, relabelled=r.relation)
        out.append(r)
    return out


def link_quotes(store: "Store", link: LinkRow) -> tuple[str, str]:
    """The text of a link's two passages as stored now: what a verdict or a relabel is kept
    under (``link_key``). Raises NotFound when a document is gone."""
    out = []
    for doc_id, start, end in (link.a, link.b):
        doc = store.get(doc_id)
        if doc is None:
            raise NotFound(f"no document with id {doc_id!r}")
        out.append(doc.text[start:end])
    return out[0], out[1]
