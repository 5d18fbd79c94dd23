"""The link terms of the query language: ``has:RELATION`` (documents with at least one link of
that relation) and ``linked:ID`` (documents linked to document ID by any relation).

Whoosh knows nothing of links. The parser reads these as terms of two fields only it knows
(``parse_schema``), and ``resolve`` replaces each by the documents it stands for, a
constant-score ``Or`` of ``id`` terms: they then combine with everything else (AND, OR, NOT,
fields, dates, sorting by date) and add the same to every score, so the ranking stays the
words'. The links come from a function the Library gives the Searcher (its ``links()``, with the
user's corrections; search may not import the library), called only for a query that has such a
term: a plain search never reads the links.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from whoosh.fields import ID, KEYWORD
from whoosh.query import ConstantScoreQuery, NullQuery, Or, Term

from ..links import RELATIONS, LinkRow

HAS, LINKED = "has", "linked"
HAS_VALUES = RELATIONS                  # has:updates too, now a relation of the engine
# an id is one term: "rec-00001" would otherwise be read as "rec NOT 00001"
_LINKED_ID = re.compile(r'(?<![\w:])linked:([^\s()"]+)')
_NOTHING = Term("id", "")      # no document: unlike NullQuery, NOT of it is every document

LinkSource = Callable[[], Iterable[LinkRow]]


def parse_schema(schema):
    """The index's schema with the two fields that exist only for the parser."""
    schema = schema.copy()
    schema.add(HAS, KEYWORD(lowercase=True))
    schema.add(LINKED, ID())
    return schema


def quote_ids(text: str) -> str:
    """``linked:ID`` as ``linked:"ID"``, so that an id is read whole."""
    return _LINKED_ID.sub(r'linked:"\1"', text) if "linked:" in text else text


def resolve(query, links: LinkSource):
    """(the query with every link term replaced by the documents it stands for, the link terms
    that could not be read, as the user typed them). ``links`` is called once, and only when the
    query has a link term."""
    graph: list = []
    unread: list[str] = []

    def walk(q):
        field = getattr(q, "fieldname", None)
        if q.is_leaf() and field in (HAS, LINKED):
            if not graph:
                graph.append(_graph(links()))
            docs = _documents(q, *graph[0])
            if docs is None:
                unread.append(_shown(q))
                return NullQuery
            return ConstantScoreQuery(Or([Term("id", d) for d in sorted(docs)]) if docs
                                      else _NOTHING)
        return q.apply(walk) if not q.is_leaf() else q
    if not _has_link_terms(query):
        return query, []
    return walk(query).normalize(), unread


def unread_message(unread: list[str]) -> str:
    """What the search's message says of the link terms it could not read."""
    what = []
    if any(u.startswith(HAS) for u in unread):
        what.append(f"has: takes {', '.join(HAS_VALUES[:-1])} or {HAS_VALUES[-1]}")
    if any(u.startswith(LINKED) for u in unread):
        what.append("linked: takes one document id")
    return f"{', '.join(unread)} was left out ({'; '.join(what)})"


def _has_link_terms(query) -> bool:
    return any(getattr(q, "fieldname", None) in (HAS, LINKED) for q in query.leaves())


def _documents(q, by_relation: dict[str, set[str]], neighbours: dict[str, set[str]]):
    """The ids a link term stands for, or None when it is not one this module reads."""
    if not isinstance(q, Term) or not isinstance(q.text, str):
        return None
    if q.fieldname == LINKED:
        return neighbours.get(q.text, set())
    if q.text not in HAS_VALUES:
        return None
    return by_relation.get(q.text, set())


def _graph(links: Iterable[LinkRow]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(relation → the documents with a link of it, document → the documents linked to it)."""
    by_relation: dict[str, set[str]] = {}
    neighbours: dict[str, set[str]] = {}
    for r in links:
        by_relation.setdefault(r.relation, set()).update((r.a_doc, r.b_doc))
        neighbours.setdefault(r.a_doc, set()).add(r.b_doc)
        neighbours.setdefault(r.b_doc, set()).add(r.a_doc)
    return by_relation, neighbours


def _shown(q) -> str:
    text = getattr(q, "text", None)
    if text is None:
        text = " ".join(getattr(q, "words", ()) or ()) or str(q)
    return f"{q.fieldname}:{text}"[:60]
