"""`reader meta ID`: a document's title, source, author, date and url, and editing them (see
the package docstring for the contract). An edit outlasts a re-import of the document's file."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, json_out, out

# option → its help; the fields and their checks belong to the core (reader/core/meta/)
_OPTIONS = {
    "title": "a new title (it cannot be empty)",
    "source": "the outlet that published it",
    "author": "the author",
    "date": "the publication date, read into YYYY-MM-DD (\"2024-10-23\", \"23 October 2024\")",
    "url": "the web address (http:// or https://)",
}


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    c = sub.add_parser("meta", parents=[common],
                       help="show or edit a document's title, source, author, date and url",
                       description="With no field option, show the metadata; with some, set "
                                   "them (\"\" clears a field but the title) and show the "
                                   "result.")
    c.add_argument("id", metavar="ID")
    for name, text in _OPTIONS.items():
        c.add_argument(f"--{name}", metavar=name.upper(), help=text)
    c.add_argument("--json", action="store_true")


def cmd_meta(lib, args) -> int:
    changes = {k: getattr(args, k) for k in _OPTIONS if getattr(args, k) is not None}
    doc = lib.edit_metadata(args.id, **changes) if changes else lib.get(args.id)
    edited = lib.metadata_edits(doc.id)
    fields = {k: getattr(doc, k) for k in _OPTIONS}
    if args.json:
        json_out({"id": doc.id, **fields, "edited": [k for k in _OPTIONS if k in edited]})
        return EXIT_OK
    lines = [f"id:     {doc.id}"]
    lines += [f"{k + ':':7} {v}".rstrip() + ("  (edited)" if k in edited else "")
              for k, v in fields.items()]
    out("\n".join(lines) + "\n")
    return EXIT_OK
