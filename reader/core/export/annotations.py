"""The JSON export and its import: the W3C Web Annotation data model
(https://www.w3.org/TR/annotation-model/).

The file is an ``AnnotationCollection`` whose first page holds one ``Annotation`` per passage:

- a user highlight: motivation ``highlighting``; its target is the document
  (``reader:doc/<id>``) narrowed by a ``TextQuoteSelector`` (exact, prefix, suffix) and a
  ``TextPositionSelector`` (start, end: characters of the normalised text, end exclusive);
  bodies: a ``TextualBody`` with purpose ``commenting`` for the note, one with purpose
  ``tagging`` per tag, and for a pinned cross-reference a ``SpecificResource`` with purpose
  ``linking`` (the other passage). Colour, label and orphaned state are ``reader:`` keys.
- a cross-reference found by Reader: motivation ``linking``, two targets (both passages),
  ``reader:relation``, ``reader:why``, ``reader:score`` and the user's ``reader:decision``;
  ``reader:by`` ("engine", or "user" for a link made by hand, with ``reader:note``) and
  ``reader:relabelledFrom`` (the engine's relation where the user gave the link another).

``reader:documents`` describes each document (title, source, author, date, url, content hash),
``reader:labels`` the colour labels, ``reader:linkDecisions`` the user's verdicts on links and
``reader:relabels`` the user's relations for the engine's links. ``import_annotations``
restores highlights, labels, verdicts, relabels and the links made by hand (userlinks.py) into
a library holding the same documents (matched by id, then content hash, url, title) and says
what it could not restore.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as _pct, unquote

from ..anchoring import context, reanchor
from ..errors import InvalidArgument, NotFound
from ..highlights import PALETTE, Anchor, Highlight, clean_tags
from ..links import RELATIONS, LinkEnd
from ..store import DocumentRow
from .collect import Collected
from .userlinks import is_made, link_keys, relabels_json, restore_made, restore_relabel

CONTEXT = ["http://www.w3.org/ns/anno.jsonld", {"reader": "urn:reader:"}]
DOC_IRI = "reader:doc/"


def doc_iri(doc_id: str) -> str:
    return DOC_IRI + _pct(doc_id, safe="")


def _target(doc_id: str, text: str | None, start: int, end: int, quote: str,
            prefix: str | None = None, suffix: str | None = None) -> dict:
    if prefix is None:
        prefix, suffix = context(text or "", start, end) if text is not None else ("", "")
    return {"type": "SpecificResource", "source": doc_iri(doc_id), "selector": [
        {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix},
        {"type": "TextPositionSelector", "start": start, "end": end}]}


def _doc_json(d: DocumentRow) -> dict:
    return {"id": doc_iri(d.id), "reader:id": d.id, "title": d.title, "source": d.source,
            "author": d.author, "date": d.date, "url": d.url,
            "reader:contentHash": d.content_hash}


def _highlight(h: Highlight, labels: dict, docs: dict) -> dict:
    bodies: list[dict] = []
    if h.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": h.note,
                       "format": "text/plain"})
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in h.tags]
    if h.link:
        other = docs.get(h.link.doc_id)
        body = _target(h.link.doc_id, other.text if other else None, h.link.start,
                       h.link.end, h.link.quote)
        body.update({"purpose": "linking", "reader:relation": h.link.relation,
                     "reader:why": h.link.why})
        bodies.append(body)
    out = {"id": f"reader:highlight/{h.id}", "type": "Annotation", "motivation": "highlighting",
           "created": h.created, "modified": h.updated}
    if bodies:
        out["body"] = bodies
    out["target"] = _target(h.doc_id, None, h.start, h.end, h.quote, h.prefix, h.suffix)
    out.update({"reader:color": h.color, "reader:label": labels.get(h.color, ""),
                "reader:orphaned": h.orphaned})
    return out


def render_json(data: Collected) -> str:
    """The export as a W3C Web Annotation collection, with the user's verdicts on links."""
    items = []
    for sec in data.sections:
        for p in sec.passages:
            if p.highlight:
                items.append(_highlight(p.highlight, data.labels, data.docs))
                continue
            here = _target(p.doc_id, None, p.start, p.end, p.quote, p.prefix, p.suffix)
            for x in p.links:
                there = _target(x.doc_id, data.docs[x.doc_id].text, x.start, x.end, x.quote)
                items.append({
                    "id": f"reader:link/{_pct(p.doc_id, safe='')}/{p.start}-{p.end}/"
                          f"{_pct(x.doc_id, safe='')}/{x.start}-{x.end}",
                    "type": "Annotation", "motivation": "linking",
                    "body": {"type": "TextualBody", "purpose": "classifying",
                             "value": x.relation},
                    "target": [here, there], "reader:relation": x.relation,
                    "reader:why": x.why, "reader:score": x.score,
                    "reader:decision": x.decision, **link_keys(x)})
    scope = [s.doc.id for s in data.sections]
    in_scope = set(scope)
    decisions = [{"a": {"source": doc_iri(d.a_doc), "exact": d.a_quote},
                  "b": {"source": doc_iri(d.b_doc), "exact": d.b_quote},
                  "decision": d.decision, "decided": d.decided}
                 for d in data.decisions if d.a_doc in in_scope or d.b_doc in in_scope]
    docs = sorted(data.docs.values(), key=lambda d: d.id)
    out = {"@context": CONTEXT, "id": "reader:export", "type": "AnnotationCollection",
           "label": "Highlights and cross-references exported from Reader",
           "total": len(items), "reader:kind": data.kind,
           "reader:documents": [_doc_json(d) for d in docs],
           "reader:labels": data.labels, "reader:linkDecisions": decisions,
           "reader:relabels": relabels_json(data.relabels, in_scope, doc_iri),
           "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


# -- import -------------------------------------------------------------------------------------
@dataclass
class AnnotationImport:
    """What ``import_annotations`` did."""

    restored: list[int] = field(default_factory=list)       # new highlight ids, anchored
    orphaned: list[int] = field(default_factory=list)       # kept, but their text is gone
    unchanged: int = 0                                       # already in the library
    decisions: int = 0
    failed: list[dict] = field(default_factory=list)        # {"annotation", "reason"}
    links: int = 0                                           # links made by hand
    relabels: int = 0

    def to_json(self) -> dict:
        return {"restored": self.restored, "orphaned": self.orphaned,
                "unchanged": self.unchanged, "decisions": self.decisions,
                "failed": self.failed, "links": self.links, "relabels": self.relabels}


class _Resolver:
    """Finds the local document of a target's source IRI."""

    def __init__(self, library, described: list):
        self.lib = library
        self.docs = {d.id: d for d in library.documents()}
        self.meta = {d.get("id"): d for d in described if isinstance(d, dict)}
        self.texts: dict[str, str] = {}

    def doc(self, source) -> str | None:
        if not isinstance(source, str):
            return None
        meta = self.meta.get(source, {})
        cands = [meta.get("reader:id")]
        if source.startswith(DOC_IRI):
            cands.append(unquote(source[len(DOC_IRI):]))
        cands = [c for c in cands if isinstance(c, str) and c in self.docs]
        h = meta.get("reader:contentHash")
        h = h if isinstance(h, str) else None
        for c in cands:
            if h is None or self.docs[c].content_hash == h:
                return c
        rows = [d for d in self.docs.values() if d.content_hash == h] if h else []
        if rows:            # one text kept for several outlets: the one the export named, by
            #                 its url, else its outlet, else its title
            for key in ("url", "source", "title"):
                value = meta.get(key)
                named = [r for r in rows if value and getattr(r, key) == value]
                if named:
                    return named[0].id
            return rows[0].id
        if cands:               # the same document, its text changed since
            return cands[0]
        for key, value in (("url", meta.get("url") or (source if "://" in source else None)),
                           ("title", meta.get("title"))):
            if isinstance(value, str) and value:
                hits = [d.id for d in self.docs.values()
                        if getattr(d, key).casefold() == value.casefold()]
                if len(hits) == 1:
                    return hits[0]
        return None

    def text(self, doc_id: str) -> str:
        if doc_id not in self.texts:
            self.texts[doc_id] = self.lib.get(doc_id).text
        return self.texts[doc_id]

    def anchor(self, target) -> tuple[str | None, Anchor | None, tuple[int, int] | None]:
        """(doc id, the anchor as exported, where it is now or None)."""
        if not isinstance(target, dict):
            return None, None, None
        doc_id = self.doc(target.get("source"))
        sels = target.get("selector") or []
        sels = sels if isinstance(sels, list) else [sels]
        quote = next((s for s in sels if isinstance(s, dict)
                      and s.get("type") == "TextQuoteSelector"), {})
        pos = next((s for s in sels if isinstance(s, dict)
                    and s.get("type") == "TextPositionSelector"), {})
        start, end = pos.get("start"), pos.get("end")
        start = start if isinstance(start, int) and not isinstance(start, bool) else -1
        end = end if isinstance(end, int) and not isinstance(end, bool) else -1
        exact = quote.get("exact")
        if doc_id is None:
            return None, None, None
        text = self.text(doc_id)
        if not isinstance(exact, str) or not exact:
            if 0 <= start < end <= len(text):
                exact = text[start:end]
            else:
                return doc_id, None, None
        a = Anchor(start, end, exact, str(quote.get("prefix") or ""),
                    str(quote.get("suffix") or ""))
        return doc_id, a, reanchor(a, text)


def _items(data) -> list:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise InvalidArgument("not a Web Annotation file: expected a JSON object or list")
    if data.get("type") == "Annotation":
        return [data]
    page = data.get("first", data)
    items = page.get("items") if isinstance(page, dict) else None
    if not isinstance(items, list):
        raise InvalidArgument("not a Web Annotation file: no annotations found")
    return items


def _load(source) -> object:
    if isinstance(source, (dict, list)):
        return source
    path = Path(source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidArgument(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidArgument(f"{path} is not JSON: {exc}") from None


def _motivations(a: dict) -> set:
    m = a.get("motivation", [])
    return set(m if isinstance(m, list) else [m])


def import_annotations(library, source) -> AnnotationImport:
    """Restore the user's highlights, colour labels and verdicts on links from a JSON export
    (a path, or the parsed data). All or nothing: one transaction."""
    data = _load(source)
    items = _items(data)
    meta = data if isinstance(data, dict) else {}
    res = _Resolver(library, meta.get("reader:documents") or [])
    report = AnnotationImport()
    hl = library.highlights
    with library.store.transaction():
        labels = meta.get("reader:labels")
        if isinstance(labels, dict):
            current = hl.labels()
            for color, label in labels.items():
                if color in PALETTE and isinstance(label, str) and \
                        current[color] == PALETTE[color][0]:
                    hl.set_label(color, label)
        for n, a in enumerate(items):
            if isinstance(a, dict) and is_made(a):
                _restore_made(library, res, a, n, report)
            elif not isinstance(a, dict) or ("linking" in _motivations(a)
                                             and isinstance(a.get("target"), list)):
                continue        # a cross-reference: the engine recomputes those
            else:
                _restore_one(hl, res, a, n, report)
        for d in meta.get("reader:linkDecisions") or []:
            try:
                a_doc, b_doc = res.doc(d["a"]["source"]), res.doc(d["b"]["source"])
                if a_doc is None or b_doc is None:
                    raise KeyError("no matching document")
                hl.set_decision(a_doc, str(d["a"]["exact"]), b_doc, str(d["b"]["exact"]),
                                d["decision"], d.get("decided"))
                report.decisions += 1
            except (KeyError, TypeError, InvalidArgument) as exc:
                report.failed.append({"annotation": "link decision",
                                      "reason": f"cannot restore a link decision: {exc}"})
        for r in meta.get("reader:relabels") or []:
            try:
                restore_relabel(library, res, r)
                report.relabels += 1
            except (KeyError, TypeError, InvalidArgument) as exc:
                report.failed.append({"annotation": "relabel",
                                      "reason": f"cannot restore a relabel: {exc}"})
    return report


def _restore_made(library, res: _Resolver, a: dict, n: int, report: AnnotationImport) -> None:
    try:
        restore_made(library, res, a)
        report.links += 1
    except (InvalidArgument, NotFound) as exc:
        report.failed.append({"annotation": str(a.get("id") or f"annotation {n + 1}"),
                              "reason": f"cannot restore a link made by hand: {exc}"})


def _restore_one(hl, res: _Resolver, a: dict, n: int, report: AnnotationImport) -> None:
    name = str(a.get("id") or f"annotation {n + 1}")
    target = a.get("target")
    target = target[0] if isinstance(target, list) and target else target
    doc_id, anchor, where = res.anchor(target)
    if doc_id is None:
        source = target.get("source") if isinstance(target, dict) else None
        report.failed.append({"annotation": name,
                              "reason": f"no document in this library matches {source!r}"})
        return
    if anchor is None:
        report.failed.append({"annotation": name, "reason": "no text selector to anchor it"})
        return
    bodies = a.get("body") or []
    bodies = bodies if isinstance(bodies, list) else [bodies]
    notes, tags, link = [], [], None
    for b in bodies:
        if not isinstance(b, dict):
            continue
        purpose = b.get("purpose")
        if b.get("type") == "SpecificResource" and purpose == "linking":
            link = _pinned(res, b)
        elif purpose == "tagging" and isinstance(b.get("value"), str):
            tags.append(b["value"])
        elif b.get("type", "TextualBody") == "TextualBody" and isinstance(b.get("value"), str):
            notes.append(b["value"])
    color = a.get("reader:color")
    color = color if color in PALETTE else "yellow"
    note = "\n\n".join(notes)
    if where is not None:
        start, end = where
        text = res.text(doc_id)
        quote, (prefix, suffix) = text[start:end], context(text, start, end)
    else:
        start, end, quote = anchor.start, anchor.end, anchor.quote
        prefix, suffix = anchor.prefix, anchor.suffix
    tags = clean_tags(tags)
    for h in hl.list([doc_id]):
        if (h.start, h.end, h.quote, h.color, h.note, h.tags) == (start, end, quote, color,
                                                                  note, tags):
            report.unchanged += 1
            return
    created = a.get("created") if isinstance(a.get("created"), str) else None
    updated = a.get("modified") if isinstance(a.get("modified"), str) else None
    h = hl.restore(doc_id, start, end, quote, prefix, suffix, color=color, note=note, tags=tags,
                   link=link, orphaned=where is None, created=created, updated=updated)
    (report.orphaned if where is None else report.restored).append(h.id)


def _pinned(res: _Resolver, body: dict) -> LinkEnd | None:
    relation = body.get("reader:relation")
    if relation not in RELATIONS:
        return None
    doc_id, anchor, where = res.anchor(body)
    if doc_id is None or anchor is None:
        return None
    start, end = where if where is not None else (anchor.start, anchor.end)
    quote = res.text(doc_id)[start:end] if where is not None else anchor.quote
    return LinkEnd(relation, doc_id, start, end, why=str(body.get("reader:why") or ""),
                   quote=quote, pinned=True)
