"""The ``reader link ...`` commands: the user's corrections to the cross-references (the
contract is in the package docstring: exit 0 success, 1 partly failed, 2 usage, 3 library
busy). Never imports PySide6.

A link is named by its two passages, ``DOC_A START END DOC_B START END`` (either order), as
``reader xref --json`` and ``reader link list --json`` give them. A bad span, an unknown
document id or relation, or two passages no link joins: exit 2 with one line on stderr,
nothing changed.
"""

from __future__ import annotations

import argparse

from .common import (EXIT_OK, by_whom, json_out, out, report_removed,
                     run_action, run_xref, whole_number)

RELATION_CHOICES = ("agrees", "conflicts", "related", "updates")


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    k = sub.add_parser("link", parents=[common],
                       help="your links: add, relabel, list, reject, restore, remove")
    ks = k.add_subparsers(dest="action", metavar="ACTION")
    k.set_defaults(action=None)

    c = ks.add_parser("add", parents=[common], help="link two passages of two documents")
    _passages(c)
    c.add_argument("--relation", required=True, choices=RELATION_CHOICES)
    c.add_argument("--note", default="", metavar="TEXT")
    c.add_argument("--json", action="store_true")

    c = ks.add_parser("relabel", parents=[common],
                      help="give a link another relation (kept when links are recomputed)")
    _passages(c)
    c.add_argument("--relation", required=True, choices=RELATION_CHOICES)
    c.add_argument("--json", action="store_true")

    c = ks.add_parser("list", parents=[common],
                      help="the links you made or relabelled, or those you rejected")
    c.add_argument("ids", nargs="*", metavar="ID")
    c.add_argument("--rejected", action="store_true", help="the links you rejected")
    c.add_argument("--json", action="store_true")

    for name, text in (("reject", "hide a link (kept hidden when links are recomputed)"),
                       ("restore", "show a link you rejected again")):
        c = ks.add_parser(name, parents=[common], help=text)
        _passages(c)
        c.add_argument("--json", action="store_true")

    c = ks.add_parser("remove", parents=[common], help="delete links you made")
    c.add_argument("lids", nargs="+", metavar="LID")
    c.add_argument("--json", action="store_true")


def _passages(c: argparse.ArgumentParser) -> None:
    for name, meta in (("doc_a", "DOC_A"), ("start_a", "START"), ("end_a", "END"),
                       ("doc_b", "DOC_B"), ("start_b", "START"), ("end_b", "END")):
        c.add_argument(name, metavar=meta)


def cmd_link(lib, args) -> int:
    return run_action(lib, args, "link",
                      {"add": _add, "relabel": _relabel, "list": _list, "reject": _reject,
                       "restore": _restore, "remove": _remove})


def _spans(lib, args) -> tuple[tuple[str, int, int], tuple[str, int, int]]:
    """The two passages named on the command line, checked."""
    from ..core.anchoring import check_span
    out = []
    for doc, start, end in ((args.doc_a, args.start_a, args.end_a),
                            (args.doc_b, args.start_b, args.end_b)):
        span = (doc, whole_number(start, "START"), whole_number(end, "END"))
        check_span(lib.get(doc).text, span[1], span[2], doc)      # NotFound: no such document
        out.append(span)
    return out[0], out[1]


def _shown(lib, args):
    """The link (``Library.links``) between the two passages named."""
    from ..core.errors import InvalidArgument
    a, b = _spans(lib, args)
    run_xref(lib, quiet=True)                    # links that are missing or stale
    for r in lib.links([a[0]]):
        if {r.a, r.b} == {a, b}:
            return r
    raise InvalidArgument(f"no link joins {a[0]} [{a[1]}:{a[2]}] and {b[0]} [{b[1]}:{b[2]}]; "
                          "reader xref --json lists the links")


def link_json(lib, r, texts: dict | None = None) -> dict:
    """One link as ``reader xref --json`` gives it, with who made it."""
    texts = {} if texts is None else texts

    def passage(doc, start, end):
        if doc not in texts:
            texts[doc] = lib.get(doc).text
        return {"doc": doc, "start": start, "end": end, "text": texts[doc][start:end]}
    return {"a": passage(*r.a), "b": passage(*r.b), "relation": r.relation, "score": r.score,
            "why": r.why, "by": r.by, "note": r.note, "relabelled_from": r.relabelled or None}


def _add(lib, args) -> int:
    a, b = _spans(lib, args)
    m = lib.corrections.made.add(*a, *b, args.relation, args.note)
    if args.json:
        json_out(m.to_json())
    else:
        out(f"link {m.id}  {m.a.doc_id} [{m.a.start}:{m.a.end}]  {m.relation.upper()}  "
            f"{m.b.doc_id} [{m.b.start}:{m.b.end}]\n")
    return EXIT_OK


def _relabel(lib, args) -> int:
    r = lib.corrections.relabel(_shown(lib, args), args.relation)
    if args.json:
        json_out(link_json(lib, r))
    else:
        out(f"{r.relation.upper()}  {r.a_doc} [{r.a_start}:{r.a_end}]  {r.b_doc} "
            f"[{r.b_start}:{r.b_end}]{by_whom(r)}\n")
    return EXIT_OK


def _reject(lib, args) -> int:
    r = _shown(lib, args)
    lib.highlights.decide(r, "rejected")
    return _verdict_out(lib, args, r, "rejected")


def _restore(lib, args) -> int:
    from ..core.errors import InvalidArgument
    from ..core.links import link_key
    a, b = _spans(lib, args)
    texts = {d: lib.get(d).text for d in (a[0], b[0])}
    quotes = [texts[d][s:e] for d, s, e in (a, b)]
    key = link_key(a[0], quotes[0], b[0], quotes[1])
    found = [d for d in lib.highlights.decisions([a[0]]) if d.decision == "rejected"
             and link_key(d.a_doc, d.a_quote, d.b_doc, d.b_quote) == key]
    if not found:
        raise InvalidArgument(f"you rejected no link between {a[0]} [{a[1]}:{a[2]}] and "
                              f"{b[0]} [{b[1]}:{b[2]}]; reader link list --rejected lists them")
    lib.highlights.set_decision(a[0], quotes[0], b[0], quotes[1], None)
    return _verdict_out(lib, args, None, None, (a, b))


def _verdict_out(lib, args, r, decision, spans=None) -> int:
    a, b = (r.a, r.b) if r is not None else spans
    if args.json:
        texts: dict = {}
        passages = [{"doc": d, "start": s, "end": e,
                     "text": texts.setdefault(d, lib.get(d).text)[s:e]} for d, s, e in (a, b)]
        json_out({"a": passages[0], "b": passages[1], "decision": decision})
    else:
        out(f"{'rejected' if decision else 'restored'} the link between {a[0]} [{a[1]}:{a[2]}] "
            f"and {b[0]} [{b[1]}:{b[2]}]\n")
    return EXIT_OK


def _list(lib, args) -> int:
    for d in args.ids:
        lib.get(d)                                  # NotFound → exit 2
    ids = args.ids or None
    if args.rejected:
        found = [x.to_json() for x in lib.rejected_links(ids)]
    else:
        found = _yours(lib, ids)
    if args.json:
        json_out(found)
        return EXIT_OK
    for x in found:
        a, b = x["a"], x["b"]
        what = (x["relation"] or "no longer linked").upper()
        extra = ("  [orphaned]" if x.get("orphaned") else "") + (
            f"  [was {x['relabelled_from']}]" if x.get("relabelled_from") else "") + (
            f"  [note: {' '.join(x['note'].split())}]" if x.get("note") else "")
        head = f"link {x['id']}  " if x.get("id") is not None else ""
        out(f"{head}{what}{extra}\n  {a['doc']} [{a['start']}:{a['end']}]  {_clip(a['text'])}\n"
            f"  {b['doc']} [{b['start']}:{b['end']}]  {_clip(b['text'])}\n\n")
    kind = "rejected link" if args.rejected else "link"
    out(f"{len(found)} {kind}{'s' if len(found) != 1 else ''}\n")
    return EXIT_OK


def _yours(lib, ids) -> list[dict]:
    """The links made by hand (orphaned ones too), then the engine's links relabelled."""
    from ..core.links import link_key
    made = [m.to_json() for m in lib.corrections.made.list(ids)]
    decided = {link_key(r.a_doc, r.a_quote, r.b_doc, r.b_quote): r.decided
               for r in lib.corrections.relabels(ids)}
    texts: dict = {}
    relabelled = []
    for r in lib.links(ids):
        if r.by == "engine" and r.relabelled:
            x = link_json(lib, r, texts)
            relabelled.append({"id": None, "a": x["a"], "b": x["b"], "relation": r.relation,
                               "note": "", "by": "engine", "relabelled_from": r.relabelled,
                               "orphaned": False, "created": decided.get(link_key(
                                   r.a_doc, x["a"]["text"], r.b_doc, x["b"]["text"]))})
    return made + relabelled


def _clip(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _remove(lib, args) -> int:
    lids = [whole_number(x, "LID") for x in args.lids]
    return report_removed(*lib.corrections.made.remove(lids), args.json,
                          what="link made by you", done="removed link")
