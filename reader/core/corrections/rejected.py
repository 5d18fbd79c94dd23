"""The links the user rejected, as a list to read and restore from: each verdict (kept by
the two passages' text: highlights.py) found again as the two passages and the relation of the
link between them now, or, when the engine no longer links them, where the two quotes are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..links import LinkRow, link_key

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class RejectedLink:
    """Spans are None where a quote is no longer in its document; ``relation`` is "" where no
    link joins the two passages now."""

    a_doc: str
    a_start: int | None
    a_end: int | None
    a_quote: str
    b_doc: str
    b_start: int | None
    b_end: int | None
    b_quote: str
    relation: str
    by: str
    decided: str

    def to_json(self) -> dict:
        """The shape of ``reader link list --rejected --json``."""
        return {"a": {"doc": self.a_doc, "start": self.a_start, "end": self.a_end,
                      "text": self.a_quote},
                "b": {"doc": self.b_doc, "start": self.b_start, "end": self.b_end,
                      "text": self.b_quote},
                "relation": self.relation or None, "by": self.by, "rejected": self.decided}


def resolve_rejected(store: "Store", decisions: Iterable, rows: list[LinkRow]
                     ) -> list[RejectedLink]:
    """``decisions``: the rejected verdicts (highlights.LinkDecision); ``rows``: the links of
    their documents, the user's corrections applied, rejected ones included."""
    decisions = list(decisions)
    docs = {d for v in decisions for d in (v.a_doc, v.b_doc)}
    texts = {d: r.text for d, r in store.get_many(docs, with_text=True).items()}
    by_key: dict[str, LinkRow] = {}
    for r in rows:
        if r.a_doc in texts and r.b_doc in texts:
            by_key[link_key(r.a_doc, texts[r.a_doc][r.a_start:r.a_end], r.b_doc,
                            texts[r.b_doc][r.b_start:r.b_end])] = r
    out = []
    for v in decisions:
        r = by_key.get(link_key(v.a_doc, v.a_quote, v.b_doc, v.b_quote))
        if r is not None:
            here = {r.a_doc: (r.a_start, r.a_end), r.b_doc: (r.b_start, r.b_end)}
            a, b = here[v.a_doc], here[v.b_doc]
            relation, by = r.relation, r.by
        else:
            a, b = _find(texts.get(v.a_doc, ""), v.a_quote), _find(texts.get(v.b_doc, ""),
                                                                   v.b_quote)
            relation, by = "", "engine"
        out.append(RejectedLink(v.a_doc, *a, v.a_quote, v.b_doc, *b, v.b_quote, relation, by,
                                v.decided))
    out.sort(key=lambda x: x.decided, reverse=True)        # the last rejected first
    return out


def _find(text: str, quote: str) -> tuple[int | None, int | None]:
    at = text.find(quote) if quote else -1
    return (at, at + len(quote)) if at >= 0 else (None, None)
