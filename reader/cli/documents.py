"""The commands on documents and their links: import, list, show, search, remove, xref, match
and compare (see the package docstring for the contract)."""

from __future__ import annotations

import argparse
import sys

from ..core.links import RELATIONS
from .common import (EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, by_whom, err, inert, json_out, mark,
                     out, report_removed, run_xref, table)


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    c = sub.add_parser("import", parents=[common],
                       help="import files, folders or web pages (http:// and https:// addresses)")
    c.add_argument("paths", nargs="+", metavar="PATH|URL")
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
    c.add_argument("--relation", choices=sorted(RELATIONS))
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


def cmd_import(lib, args) -> int:
    job = lib.import_paths(args.paths)
    show_progress = not args.json and sys.stderr.isatty()
    for p in job:
        if show_progress and p.phase == "fetch":
            sys.stderr.write(f"\r\033[Kdownloading {inert(p.current)}")
            sys.stderr.flush()
        elif show_progress and p.total:
            sys.stderr.write(f"\r\033[Kimporting {p.done}/{p.total} files, "
                             f"{p.imported} documents")
            sys.stderr.flush()
    if show_progress:
        sys.stderr.write("\r\033[K")
    report = job.report
    # what this run imported, and what an earlier run imported but never cross-referenced (it
    # was killed, or the rules changed since): every pending document (none: returns at once)
    run_xref(lib, quiet=args.json)
    for f in report.failed:
        err(f"{f['path']}: {f['error']}")
    if args.json:
        json_out(report.to_json())
    else:
        if len(report.imported) <= 20:
            for d in report.imported:
                out(f"imported   {d['id']}  {d['title']}\n")
        for d in report.duplicates[:20]:
            out(f"duplicate  {d['path']} is the same text as {d['id']} ({d['title']})\n")
        out(f"{len(report.imported)} imported, {len(report.unchanged)} unchanged, "
            f"{len(report.duplicates)} duplicates, {len(report.failed)} failed\n")
    return EXIT_PARTIAL if report.failed else EXIT_OK


def cmd_list(lib, args) -> int:
    docs = lib.documents()
    if args.json:
        copies = lib.copies()
        json_out([{**d.meta(), "words": d.words, "copies": copies.get(d.id, [])} for d in docs])
        return EXIT_OK
    rows = [["ID", "DATE", "SOURCE", "WORDS", "TITLE"]]
    rows += [[d.id, d.date[:10], d.source, str(d.words), d.title] for d in docs]
    widths = [max(len(r[0]) for r in rows), 10, min(18, max(len(r[2]) for r in rows)), 6]
    out(table(rows, widths))
    out(f"{len(docs)} documents\n")
    return EXIT_OK


def cmd_show(lib, args) -> int:
    d = lib.get(args.id)
    if args.json:
        json_out({**d.meta(), "copies": lib.copies(d.id).get(d.id, []), "text": d.text})
        return EXIT_OK
    head = [d.title or "(untitled)"]
    head += [f"{k}: {v}" for k, v in (("source", d.source), ("author", d.author),
                                       ("date", d.date), ("url", d.url), ("path", d.path),
                                       ("id", d.id)) if v]
    out("\n".join(head) + "\n\n" + d.text + "\n")
    return EXIT_OK


def cmd_search(lib, args) -> int:
    if args.limit < 1:
        err("reader: --limit must be at least 1")
        return EXIT_USAGE
    query = " ".join(args.query)
    res = lib.search(query, limit=args.limit, sort=args.sort)
    if res.message:
        err(f"reader: {res.message}")
    if res.suggestion and not res.hits:
        err(f"reader: no results; did you mean: {res.suggestion}")
    if args.json:
        json_out([h.to_json() for h in res.hits])
        return EXIT_OK
    if not res.hits:
        out(f"no results for {query!r}\n")
        return EXIT_OK
    width = max(len(h.id) for h in res.hits)
    for h in res.hits:
        where = ", ".join(x for x in (h.source, h.date[:10]) if x)
        out(f"{h.id.ljust(width)}  {h.score:6.2f}  {h.title}" + (f"  ({where})" if where else "")
            + "\n")
        for s in h.snippets:
            out(" " * (width + 10) + mark(s.text, s.start, s.matches)
                + f"  [{s.start}:{s.end}]\n")
    more = f" of about {res.total}" if res.total > len(res.hits) else ""
    out(f"{len(res.hits)}{more} result{'s' if res.total != 1 else ''}\n")
    return EXIT_OK


def cmd_remove(lib, args) -> int:
    return report_removed(*lib.remove(args.ids), args.json, what="document", done="removed")


def cmd_xref(lib, args) -> int:
    for d in args.ids:
        lib.get(d)                           # NotFound → exit 1 with a clear message
    run_xref(lib, quiet=args.json)
    rows = lib.links(args.ids or None, args.relation, args.min_score)
    texts: dict[str, str] = {}

    def passage(doc, start, end):
        if doc not in texts:
            texts[doc] = lib.get(doc).text
        return {"doc": doc, "start": start, "end": end, "text": texts[doc][start:end]}

    links = [{"a": passage(*r.a), "b": passage(*r.b), "relation": r.relation,
              "score": r.score, "why": r.why, "by": r.by, "note": r.note,
              "relabelled_from": r.relabelled or None} for r in rows]
    if args.json:
        json_out({"links": links})
        return EXIT_OK
    titles = {d.id: d.title or d.id for d in lib.documents()}
    for link, r in zip(links, rows):
        a, b = link["a"], link["b"]
        out(f"{link['relation'].upper():9}  {link['score']:.2f}  {link['why']}{by_whom(r)}\n"
            f"  {titles.get(a['doc'], a['doc'])[:60]} [{a['start']}:{a['end']}]\n"
            f"    {a['text']}\n"
            f"  {titles.get(b['doc'], b['doc'])[:60]} [{b['start']}:{b['end']}]\n"
            f"    {b['text']}\n\n")
    counts = {r: sum(1 for link in links if link["relation"] == r)
              for r in RELATIONS}
    updates = f", {counts['updates']} update" if counts["updates"] else ""
    out(f"{len(links)} links: {counts['agrees']} agree, {counts['conflicts']} conflict, "
        f"{counts['related']} related{updates}\n")
    return EXIT_OK


def _claims_from_file(path: str) -> list[str]:
    from ..core.importers.decode import decode_bytes
    with open(path, "rb") as f:
        text, _ = decode_bytes(f.read())
    return [line.strip() for line in text.splitlines()]


def cmd_match(lib, args) -> int:
    if (args.text is None) == (args.file is None):
        err("reader: match needs either TEXT or --file FILE")
        return EXIT_USAGE
    if args.limit < 1:
        err("reader: --limit must be at least 1")
        return EXIT_USAGE
    from ..core.xref.match import Matcher
    claims = [args.text] if args.text is not None else _claims_from_file(args.file)
    matcher = Matcher(lib)
    titles = None
    try:
        for claim in claims:
            hits = matcher.match(claim, limit=args.limit) if claim.strip() else []
            if args.json:
                json_out({"query": claim, "results": [
                    {k: v for k, v in h.to_json().items() if k != "why"} for h in hits]})
                continue
            if titles is None:
                titles = {d.id: d.title or d.id for d in lib.documents()}
            out(f"claim: {claim}\n")
            if not hits:
                out("  no passage states this claim\n\n")
            for h in hits:
                out(f"  {h.score:.2f}  {h.relation:9}  {titles.get(h.doc, h.doc)[:60]} "
                    f"[{h.start}:{h.end}]\n      {h.text}\n"
                    + (f"      why: {h.why}\n" if h.why else ""))
            out("\n")
    finally:
        matcher.close()
    return EXIT_OK


def cmd_compare(args) -> int:
    if args.pairs is None and len(args.texts) != 2:
        err("reader: compare needs TEXT_A TEXT_B, or --pairs FILE")
        return EXIT_USAGE
    if args.pairs is not None and args.texts:
        err("reader: give either TEXT_A TEXT_B or --pairs FILE, not both")
        return EXIT_USAGE
    from ..core.errors import ImportFailure
    from ..core.xref.relations import classify
    from ..core.xref.pairs import PairScorer
    if args.pairs is not None:
        try:
            lines = _claims_from_file(args.pairs)
        except (OSError, ImportFailure) as exc:
            err(f"{args.pairs}: {exc}")
            return EXIT_PARTIAL
        pairs = []
        for n, line in enumerate(lines, 1):
            if not line:
                continue
            if "\t" not in line:
                err(f"{args.pairs}: line {n}: no TAB between the two texts")
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
            json_out({"score": round(score, 4), "relation": relation})
        else:
            out(f"{score:.2f}  {relation}" + (f"  ({why})" if why else "") + "\n")
    return EXIT_OK
