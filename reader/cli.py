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

    c = sub.add_parser("xref", parents=[common],
                       help="links between the claims of documents and those of other sources")
    c.add_argument("ids", nargs="*", metavar="ID")
    c.add_argument("--relation", choices=("agrees", "conflicts", "related"))
    c.add_argument("--min-score", type=float, default=0.0, metavar="X")
    c.add_argument("--json", action="store_true")

    c = sub.add_parser("match", parents=[common],
                       help="passages in the library that state a claim")
    c.add_argument("text", nargs="?", metavar="TEXT")
    c.add_argument("--file", metavar="FILE", help="one claim per line")
    c.add_argument("--limit", type=int, default=10, metavar="K")
    c.add_argument("--json", action="store_true")

    c = sub.add_parser("compare", parents=[common],
                       help="how much two texts state the same thing (needs no library)")
    c.add_argument("texts", nargs="*", metavar="TEXT")
    c.add_argument("--pairs", metavar="FILE", help="TAB-separated pairs, one per line")
    c.add_argument("--json", action="store_true")

    from .cli_highlights import add_parsers     # highlight ..., export
    add_parsers(sub, common)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        return _open_window(args)
    if args.command == "compare":          # needs no library
        return cmd_compare(args)
    from .core.errors import InvalidArgument, NotFound, ReaderError
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
    except InvalidArgument as exc:
        _err(f"reader: {exc}")
        return EXIT_USAGE
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
    """`reader` with no command: the desktop window (the only path that imports Qt)."""
    from .app import main as app_main
    from .core.paths import resolve_library_dir
    root, is_default = resolve_library_dir(getattr(args, "library", None))
    return app_main(root, is_default=is_default)


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
    changed = [d["id"] for d in report.imported]
    if changed:
        _run_xref(lib, changed, quiet=args.json)
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


def _run_xref(lib, doc_ids=None, quiet=False) -> None:
    show = not quiet and sys.stderr.isatty()
    for p in lib.cross_reference(doc_ids):
        if show:
            sys.stderr.write(f"\rcross-referencing: {p.phase} {p.done}/{p.total}\033[K")
            sys.stderr.flush()
    if show:
        sys.stderr.write("\r\033[K")


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
    return report_removed(*lib.remove(args.ids), args.json, what="document", done="removed")


def report_removed(removed: list, missing: list, as_json: bool, *, what: str,
                   done: str) -> int:
    """The outcome of a removal: the ids not found on stderr, the rest as JSON or lines."""
    for m in missing:
        _err(f"{m}: no {what} with this id")
    if as_json:
        _json({"removed": removed, "missing": missing})
    else:
        for r in removed:
            _out(f"{done} {r}\n")
    return EXIT_PARTIAL if missing else EXIT_OK


def cmd_xref(lib, args) -> int:
    for d in args.ids:
        lib.get(d)                           # NotFound → exit 1 with a clear message
    _run_xref(lib, quiet=args.json)
    rows = lib.links(args.ids or None, args.relation, args.min_score)
    texts: dict[str, str] = {}

    def passage(doc, start, end):
        if doc not in texts:
            texts[doc] = lib.get(doc).text
        return {"doc": doc, "start": start, "end": end, "text": texts[doc][start:end]}

    links = [{"a": passage(*r[0:3]), "b": passage(*r[3:6]), "relation": r[6],
              "score": r[7], "why": r[8]} for r in rows]
    if args.json:
        _json({"links": links})
        return EXIT_OK
    titles = {d.id: d.title or d.id for d in lib.documents()}
    for link in links:
        a, b = link["a"], link["b"]
        _out(f"{link['relation'].upper():9}  {link['score']:.2f}  {link['why']}\n"
             f"  {titles.get(a['doc'], a['doc'])[:60]} [{a['start']}:{a['end']}]\n"
             f"    {a['text']}\n"
             f"  {titles.get(b['doc'], b['doc'])[:60]} [{b['start']}:{b['end']}]\n"
             f"    {b['text']}\n\n")
    counts = {r: sum(1 for link in links if link["relation"] == r)
              for r in ("agrees", "conflicts", "related")}
    _out(f"{len(links)} links: {counts['agrees']} agree, {counts['conflicts']} conflict, "
         f"{counts['related']} related\n")
    return EXIT_OK


def _claims_from_file(path: str) -> list[str]:
    from .core.importers.decode import decode_bytes
    with open(path, "rb") as f:
        text, _ = decode_bytes(f.read())
    return [line.strip() for line in text.splitlines()]


def cmd_match(lib, args) -> int:
    if (args.text is None) == (args.file is None):
        _err("reader: match needs either TEXT or --file FILE")
        return EXIT_USAGE
    if args.limit < 1:
        _err("reader: --limit must be at least 1")
        return EXIT_USAGE
    from .core.xref.match import Matcher
    claims = [args.text] if args.text is not None else _claims_from_file(args.file)
    matcher = Matcher(lib)
    titles = None
    try:
        for claim in claims:
            hits = matcher.match(claim, limit=args.limit) if claim.strip() else []
            if args.json:
                _json({"query": claim, "results": [
                    {k: v for k, v in h.to_json().items() if k != "why"} for h in hits]})
                continue
            if titles is None:
                titles = {d.id: d.title or d.id for d in lib.documents()}
            _out(f"claim: {claim}\n")
            if not hits:
                _out("  no passage states this claim\n\n")
            for h in hits:
                _out(f"  {h.score:.2f}  {h.relation:9}  {titles.get(h.doc, h.doc)[:60]} "
                     f"[{h.start}:{h.end}]\n      {h.text}\n"
                     + (f"      why: {h.why}\n" if h.why else ""))
            _out("\n")
    finally:
        matcher.close()
    return EXIT_OK


def cmd_compare(args) -> int:
    if args.pairs is None and len(args.texts) != 2:
        _err("reader: compare needs TEXT_A TEXT_B, or --pairs FILE")
        return EXIT_USAGE
    if args.pairs is not None and args.texts:
        _err("reader: give either TEXT_A TEXT_B or --pairs FILE, not both")
        return EXIT_USAGE
    from .core.errors import ImportFailure
    from .core.xref.relations import classify
    from .core.xref.similarity import PairScorer
    if args.pairs is not None:
        try:
            lines = _claims_from_file(args.pairs)
        except (OSError, ImportFailure) as exc:
            _err(f"{args.pairs}: {exc}")
            return EXIT_PARTIAL
        pairs = []
        for n, line in enumerate(lines, 1):
            if not line:
                continue
            if "\t" not in line:
                _err(f"{args.pairs}: line {n}: no TAB between the two texts")
                return EXIT_USAGE
            a, b = line.split("\t", 1)
            pairs.append((a, b.split("\t")[0]))
    else:
        pairs = [tuple(args.texts)]
    scorer = PairScorer()
    for a, b in pairs:
        score = float(scorer.score(a, b))
        relation, why = classify(a, b, score)
        if args.json:
            _json({"score": round(score, 4), "relation": relation})
        else:
            _out(f"{score:.2f}  {relation}" + (f"  ({why})" if why else "") + "\n")
    return EXIT_OK


def cmd_highlight(lib, args) -> int:
    from .cli_highlights import cmd_highlight as run
    return run(lib, args)


def cmd_export(lib, args) -> int:
    from .cli_highlights import cmd_export as run
    return run(lib, args)


COMMANDS = {"import": cmd_import, "list": cmd_list, "show": cmd_show, "search": cmd_search,
            "remove": cmd_remove, "xref": cmd_xref, "match": cmd_match,
            "highlight": cmd_highlight, "export": cmd_export}
