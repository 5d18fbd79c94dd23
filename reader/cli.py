"""The ``reader`` command line. It never imports PySide6 (only ``reader`` with no command opens
the window), so that ``reader search ...`` starts fast.

Contract (stable; scripts depend on it): ``--json`` output is UTF-8 JSON on stdout in the shapes
documented in README.md; errors go to stderr; offsets are Python str indices into the document's
normalised text, end exclusive. Exit status: 0 success, 1 partly failed (some files, some ids),
2 usage error, 3 the library is busy or cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_LIBRARY = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS,
                        help="library directory (default: $READER_LIBRARY or the per-user "
                             "data directory)")
    p = argparse.ArgumentParser(
        prog="reader", parents=[common],
        description="Read several sources on the same story: import, search, cross-reference.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("import", parents=[common], help="import files or folders")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--json", action="store_true")

    c = sub.add_parser("list", parents=[common], help="list the documents")
    c.add_argument("--json", action="store_true")

    c = sub.add_parser("show", parents=[common], help="show one document's normalised text")
    c.add_argument("id", metavar="ID")
    c.add_argument("--json", action="store_true")

    c = sub.add_parser("search", parents=[common], help="search the library (Whoosh syntax)")
    c.add_argument("query", nargs="+", metavar="QUERY")
    c.add_argument("--limit", type=int, default=10, metavar="N")
    c.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    c.add_argument("--json", action="store_true")

    c = sub.add_parser("remove", parents=[common], help="delete documents everywhere")
    c.add_argument("ids", nargs="+", metavar="ID")
    c.add_argument("--json", action="store_true")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        return _open_window(args)
    from .core.errors import NotFound, ReaderError
    try:
        lib = _open_library(getattr(args, "library", None))
    except ReaderError as exc:
        _err(f"reader: {exc}")
        return EXIT_LIBRARY
    try:
        return COMMANDS[args.command](lib, args)
    except NotFound as exc:
        _err(f"reader: {exc}")
        return EXIT_PARTIAL
    except ReaderError as exc:
        _err(f"reader: {exc}")
        return EXIT_LIBRARY
    except BrokenPipeError:   # e.g. `reader list | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        lib.close()


def _open_library(cli_value: str | None):
    from .core.library import Library
    from .core.paths import resolve_library_dir
    root, is_default = resolve_library_dir(cli_value)
    lib = Library(root)
    if is_default:
        lib.seed_if_new()
    return lib


def _open_window(args) -> int:
    _err("reader: the desktop window is not available in this version yet; "
         "use the commands (reader --help), e.g. `reader search troops`.")
    return EXIT_USAGE


# -- output helpers ---------------------------------------------------------------------------
def _out(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))
    sys.stdout.buffer.flush()


def _err(text: str) -> None:
    sys.stderr.buffer.write((text + "\n").encode("utf-8", "replace"))
    sys.stderr.buffer.flush()


def _json(obj) -> None:
    _out(json.dumps(obj, ensure_ascii=False, indent=None) + "\n")


def _use_colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _mark(text: str, offset: int, matches: list[tuple[int, int]]) -> str:
    """Make the matched words visible: bold in a terminal, [brackets] otherwise."""
    on, off = ("\033[1;33m", "\033[0m") if _use_colour() else ("[", "]")
    merged: list[list[int]] = []          # "[special forces]", not "[special] [forces]"
    for a, b in matches:
        if merged and not text[merged[-1][1] - offset:a - offset].strip():
            merged[-1][1] = b
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        a, b = a - offset, b - offset
        out += [text[pos:a], on, text[a:b], off]
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _table(rows: list[list[str]], widths: list[int]) -> str:
    lines = []
    for r in rows:   # every column but the last has a width
        cells = [(c if len(c) <= w else c[:max(w - 1, 0)] + "…").ljust(w)
                 for c, w in zip(r[:-1], widths)] + [r[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + ("\n" if lines else "")


# -- commands ---------------------------------------------------------------------------------
def cmd_import(lib, args) -> int:
    job = lib.import_paths(args.paths)
    show_progress = not args.json and sys.stderr.isatty()
    for p in job:
        if show_progress and p.total:
            sys.stderr.write(f"\rimporting {p.done}/{p.total} files, {p.imported} documents")
            sys.stderr.flush()
    if show_progress:
        sys.stderr.write("\r\033[K")
    report = job.report
    for f in report.failed:
        _err(f"{f['path']}: {f['error']}")
    if args.json:
        _json(report.to_json())
    else:
        if len(report.imported) <= 20:
            for d in report.imported:
                _out(f"imported   {d['id']}  {d['title']}\n")
        for d in report.duplicates[:20]:
            _out(f"duplicate  {d['path']} is the same text as {d['id']} ({d['title']})\n")
        _out(f"{len(report.imported)} imported, {len(report.unchanged)} unchanged, "
             f"{len(report.duplicates)} duplicates, {len(report.failed)} failed\n")
    return EXIT_PARTIAL if report.failed else EXIT_OK


def cmd_list(lib, args) -> int:
    docs = lib.documents()
    if args.json:
        _json([{**d.meta(), "words": d.words} for d in docs])
        return EXIT_OK
    rows = [["ID", "DATE", "SOURCE", "WORDS", "TITLE"]]
    rows += [[d.id, d.date[:10], d.source, str(d.words), d.title] for d in docs]
    widths = [max(len(r[0]) for r in rows), 10, min(18, max(len(r[2]) for r in rows)), 6]
    _out(_table(rows, widths))
    _out(f"{len(docs)} documents\n")
    return EXIT_OK


def cmd_show(lib, args) -> int:
    d = lib.get(args.id)
    if args.json:
        _json({**d.meta(), "text": d.text})
        return EXIT_OK
    head = [d.title or "(untitled)"]
    head += [f"{k}: {v}" for k, v in (("source", d.source), ("author", d.author),
                                       ("date", d.date), ("url", d.url), ("path", d.path),
                                       ("id", d.id)) if v]
    _out("\n".join(head) + "\n\n" + d.text + "\n")
    return EXIT_OK


def cmd_search(lib, args) -> int:
    if args.limit < 1:
        _err("reader: --limit must be at least 1")
        return EXIT_USAGE
    query = " ".join(args.query)
    res = lib.search(query, limit=args.limit, sort=args.sort)
    if res.message:
        _err(f"reader: {res.message}")
    if res.suggestion and not res.hits:
        _err(f"reader: no results; did you mean: {res.suggestion}")
    if args.json:
        _json([h.to_json() for h in res.hits])
        return EXIT_OK
    if not res.hits:
        _out(f"no results for {query!r}\n")
        return EXIT_OK
    width = max(len(h.id) for h in res.hits)
    for h in res.hits:
        where = ", ".join(x for x in (h.source, h.date[:10]) if x)
        _out(f"{h.id.ljust(width)}  {h.score:6.2f}  {h.title}" + (f"  ({where})" if where else "")
             + "\n")
        for s in h.snippets:
            _out(" " * (width + 10) + _mark(s.text, s.start, s.matches)
                 + f"  [{s.start}:{s.end}]\n")
    more = f" of about {res.total}" if res.total > len(res.hits) else ""
    _out(f"{len(res.hits)}{more} result{'s' if res.total != 1 else ''}\n")
    return EXIT_OK


def cmd_remove(lib, args) -> int:
    removed, missing = lib.remove(args.ids)
    for m in missing:
        _err(f"{m}: no document with this id")
    if args.json:
        _json({"removed": removed, "missing": missing})
    else:
        for r in removed:
            _out(f"removed {r}\n")
    return EXIT_PARTIAL if missing else EXIT_OK


COMMANDS = {"import": cmd_import, "list": cmd_list, "show": cmd_show, "search": cmd_search,
            "remove": cmd_remove}
