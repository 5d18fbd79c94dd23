"""The user's own part of the links in the JSON export, and its way back in: a link made by
hand is a ``linking`` annotation with ``reader:by`` "user" (and ``reader:note``), restored as a
link made by hand; a relabel is kept in ``reader:relabels`` by the two passages' text, like a
verdict in ``reader:linkDecisions``. ``annotations.import_annotations`` calls these with its
resolver (the local document and anchor of an exported target)."""

from __future__ import annotations

from ..corrections import End
from ..errors import InvalidArgument
from ..links import LinkEnd


def link_keys(x: LinkEnd) -> dict:
    """The keys a ``linking`` annotation gets for who made the link."""
    return {"reader:by": x.by, "reader:note": x.note,
            "reader:relabelledFrom": x.relabelled or None}


def relabels_json(relabels: list, in_scope: set, iri) -> list[dict]:
    return [{"a": {"source": iri(r.a_doc), "exact": r.a_quote},
             "b": {"source": iri(r.b_doc), "exact": r.b_quote},
             "relation": r.relation, "decided": r.decided}
            for r in relabels if r.a_doc in in_scope or r.b_doc in in_scope]


def is_made(a: dict) -> bool:
    return a.get("reader:by") == "user" and isinstance(a.get("target"), list) \
        and len(a["target"]) == 2


def restore_made(library, res, a: dict) -> None:
    """A link made by hand, back where its two passages are (kept orphaned where one is no
    longer found). Raises InvalidArgument with the reason it cannot be restored."""
    ends = []
    for target in a["target"]:
        doc_id, anchor, where = res.anchor(target)
        if doc_id is None or anchor is None:
            source = target.get("source") if isinstance(target, dict) else None
            raise InvalidArgument(f"no document in this library matches {source!r}")
        ends.append((doc_id, anchor, where))
    relation, note = a.get("reader:relation"), a.get("reader:note")
    note = note if isinstance(note, str) else ""
    made = library.corrections.made
    if all(where is not None for _, _, where in ends):
        (da, _, (sa, ea)), (db, _, (sb, eb)) = ends
        made.add(da, sa, ea, db, sb, eb, relation, note)
        return
    a_end, b_end = sorted((End(d, x.start, x.end, x.quote, x.prefix, x.suffix)
                           for d, x, _ in ends), key=lambda e: (e.doc_id, e.start))
    made.restore(a_end, b_end, relation, note, orphaned=True)


def restore_relabel(library, res, r: dict) -> None:
    a_doc, b_doc = res.doc(r["a"]["source"]), res.doc(r["b"]["source"])
    if a_doc is None or b_doc is None:
        raise KeyError("no matching document")
    library.corrections.restore_relabel(a_doc, str(r["a"]["exact"]), b_doc,
                                        str(r["b"]["exact"]), r["relation"], r.get("decided"))
