"""The ``reader highlight ...`` and ``reader export`` commands (the contract is in the package
docstring: exit 0 success, 1 partly failed, 2 usage, 3 library busy). Never imports PySide6.

Bad spans, unknown document ids, unknown colours, an existing output file without --force:
exit 2 with one line on stderr, nothing changed. An output file that cannot be written: exit 1.
"""

from __future__ import annotations

import argparse

from .common import (EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, err, json_out, out, out_file,
                     report_removed, run_action, run_xref, table, whole_number)


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    h = sub.add_parser("highlight", parents=[common],
                       help="your highlights: add, list, remove, import")
    hs = h.add_subparsers(dest="action", metavar="ACTION")
    h.set_defaults(action=None)

    c = hs.add_parser("add", parents=[common], help="highlight a span of a document")
    c.add_argument("id", metavar="ID")
    c.add_argument("start", metavar="START")
    c.add_argument("end", metavar="END")
    c.add_argument("--color", default="yellow", metavar="NAME",
                   help="yellow, green, blue, pink or purple (default yellow)")
    c.add_argument("--note", default="", metavar="TEXT")
    c.add_argument("--tag", action="append", default=[], metavar="T")
    c.add_argument("--json", action="store_true")

    c = hs.add_parser("list", parents=[common], help="list highlights (of some documents)")
    c.add_argument("ids", nargs="*", metavar="ID")
    c.add_argument("--color", metavar="NAME")
    c.add_argument("--tag", metavar="T")
    c.add_argument("--search", default="", metavar="TEXT",
                   help="words to find in the quote, the note or the tags")
    c.add_argument("--json", action="store_true")

    c = hs.add_parser("remove", parents=[common], help="delete highlights")
    c.add_argument("hids", nargs="+", metavar="HID")
    c.add_argument("--json", action="store_true")

    c = hs.add_parser("import", parents=[common],
                      help="restore highlights from a JSON export (W3C Web Annotations)")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--json", action="store_true")

    c = sub.add_parser("export", parents=[common],
                       help="export highlighted passages with citations")
    c.add_argument("--format", choices=("md", "html", "csv", "json"),
                   help="default: from the --out suffix, else md")
    c.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    c.add_argument("--doc", action="append", metavar="ID", help="only this document "
                   "(repeatable; default: the whole library)")
    c.add_argument("--kind", choices=("user", "xref", "conflicts", "all"), default="all",
                   help="your highlights, the cross-references, only the conflicts, or all")
    c.add_argument("--force", action="store_true", help="overwrite an existing --out file")


def cmd_highlight(lib, args) -> int:
    return run_action(lib, args, "highlight",
                      {"add": _add, "list": _list, "remove": _remove, "import": _import})


def _add(lib, args) -> int:
    h = lib.highlights.add(args.id, whole_number(args.start, "START"), whole_number(args.end, "END"),
                           color=args.color, note=args.note, tags=args.tag)
    if args.json:
        json_out(h.to_json())
    else:
        out(f"highlight {h.id}  {h.doc_id} [{h.start}:{h.end}]  {h.color}\n")
    return EXIT_OK


def _list(lib, args) -> int:
    from ..core.highlights import check_color
    for d in args.ids:
        lib.get(d)                                  # NotFound → exit 2
    if args.color:
        check_color(args.color)
    found = lib.highlights.list(args.ids or None, color=args.color, tag=args.tag,
                                query=args.search)
    if args.json:
        json_out([h.to_json() for h in found])
        return EXIT_OK
    rows = [["HID", "DOCUMENT", "SPAN", "COLOUR", "QUOTE"]]
    for h in found:
        quote = " ".join(h.quote.split())
        extra = "".join([f"  [note: {' '.join(h.note.split())}]" if h.note else "",
                         f"  [tags: {', '.join(h.tags)}]" if h.tags else "",
                         "  [orphaned]" if h.orphaned else ""])
        rows.append([str(h.id), h.doc_id, f"{h.start}:{h.end}", h.color,
                     (quote if len(quote) <= 70 else quote[:69] + "…") + extra])
    widths = [max(len(r[0]) for r in rows), max(len(r[1]) for r in rows),
              max(len(r[2]) for r in rows), 6]
    out(table(rows, widths))
    out(f"{len(found)} highlight{'s' if len(found) != 1 else ''}\n")
    return EXIT_OK


def _remove(lib, args) -> int:
    hids = [whole_number(x, "HID") for x in args.hids]
    return report_removed(*lib.highlights.remove(hids), args.json, what="highlight",
                          done="removed highlight")


def _import(lib, args) -> int:
    from ..core.export import import_annotations
    report = import_annotations(lib, args.file)
    for f in report.failed:
        err(f"{args.file}: {f['annotation']}: {f['reason']}")
    if args.json:
        json_out(report.to_json())
    else:
        out(f"{len(report.restored)} restored, {len(report.orphaned)} orphaned (their text is "
            f"gone), {report.unchanged} already here, {report.decisions} link decisions, "
            f"{len(report.failed)} failed\n")
    return EXIT_PARTIAL if report.failed else EXIT_OK


def cmd_export(lib, args) -> int:
    from pathlib import Path

    from ..core.errors import InvalidArgument, NotFound, OutputError
    from ..core.export import check_writable, export, format_for, write_atomic
    fmt = args.format or (format_for(args.out) if args.out else "md")
    try:
        if args.out:
            check_writable(Path(args.out), force=args.force)   # before any work
        for d in args.doc or []:
            lib.get(d)
        if args.kind != "user":
            run_xref(lib)                            # links that are missing or stale
        text = export(lib, fmt, doc_ids=args.doc, kind=args.kind)
        if args.out:
            write_atomic(Path(args.out), text.encode("utf-8"), force=args.force)
        else:
            out_file(text, crlf=fmt == "csv")
    except (InvalidArgument, NotFound) as exc:
        err(f"reader: {exc}")
        return EXIT_USAGE
    except OutputError as exc:
        err(f"reader: {exc}")
        return EXIT_PARTIAL
    return EXIT_OK
