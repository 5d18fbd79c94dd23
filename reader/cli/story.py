"""The ``reader story`` command (the contract is in the package docstring and README.md): the
matrix of a story (one row per fact, one column per source), the stories found, and the
evidence pack (core/export/storypack.py) on standard output or in a file."""

from __future__ import annotations

from .common import EXIT_OK, EXIT_PARTIAL, err, json_out, mark, out, out_file, run_xref

PACK_FORMATS = ("html", "csv", "md")


def add_parsers(sub, common) -> None:
    c = sub.add_parser("story", parents=[common],
                       help="the facts of a story by source: agreements, conflicts, omissions")
    c.add_argument("ids", nargs="*", metavar="ID",
                   help="documents of the story, or one story id (from --list); "
                        "default: the largest story found")
    c.add_argument("--list", action="store_true", help="list the stories found")
    c.add_argument("--json", action="store_true")
    c.add_argument("--export", metavar="FILE", help="write the evidence pack here")
    c.add_argument("--format", choices=PACK_FORMATS,
                   help="the evidence pack's format (default: from the --export suffix, else "
                        "html); without --export, the pack goes to standard output")
    c.add_argument("--force", action="store_true", help="overwrite an existing --export file")


def cmd_story(lib, args) -> int:
    from pathlib import Path

    from ..core.errors import OutputError
    from ..core.export import check_writable, format_for
    try:
        if args.export:
            check_writable(Path(args.export), force=args.force)     # before any work
        for d in args.ids if len(args.ids) > 1 else ():
            lib.get(d)                      # NotFound → exit 1, before cross-referencing
        run_xref(lib, quiet=args.json or bool(args.format or args.export))
        if args.list:
            return _list(lib.stories(), args.json)
        matrix = _matrix(lib, args.ids)
        fmt = args.format or (format_for(args.export, default="html") if args.export else None)
        if fmt:
            _pack(lib, matrix, fmt, args)
        if args.json:
            json_out(matrix.to_json())
        elif not fmt:
            out(render_text(matrix))
    except OutputError as exc:      # a file that cannot be written: exit 1, as reader export
        err(f"reader: {exc}")       # (an unknown id, a bad argument: the dispatcher's codes)
        return EXIT_PARTIAL
    return EXIT_OK


def _matrix(lib, ids: list[str]):
    """The matrix of these documents; of the story with this id; of the largest story."""
    from ..core.errors import NotFound
    if len(ids) == 1 and lib.store.get(ids[0]) is None:
        story = next((s for s in lib.stories() if s.id == ids[0]), None)
        if story is None:
            raise NotFound(f"no document or story with id {ids[0]!r}")
        ids = story.doc_ids
    if not ids:
        stories = lib.stories()
        if not stories:
            raise NotFound("no story found: no two documents are linked by enough aligned "
                           "facts; name the documents: reader story ID ID...")
        ids = stories[0].doc_ids
    return lib.story_matrix(ids)


def _pack(lib, matrix, fmt: str, args) -> None:
    from pathlib import Path

    from ..core.export.storypack import export_story, write_story
    docs = {d: lib.get(d) for c in matrix.columns for d in (c.doc_id, *c.copies)}
    if args.export:
        write_story(matrix, docs, Path(args.export), fmt, force=args.force)
    else:
        out_file(export_story(matrix, docs, fmt), crlf=fmt == "csv")


def _list(stories, as_json: bool) -> int:
    if as_json:
        json_out([s.to_json() for s in stories])
        return EXIT_OK
    for s in stories:
        out(f"{s.id}  {len(s.doc_ids):3} documents  {' '.join(s.title.split())[:70]}\n")
    out(f"{len(stories)} stor{'y' if len(stories) == 1 else 'ies'}\n")
    return EXIT_OK


def render_text(matrix) -> str:
    """The matrix for people: the sources numbered, then each fact, conflicts first, with what
    each source says (its value marked) or that it does not report it; facts one source alone
    reports, one line each."""
    from ..core.export.story import (STATUS_WORDS, cell_note, claims_of, column_head,
                                     fact_name, rows_in_order, summary, values,
                                     values_line)
    number = {c.doc_id: n for n, c in enumerate(matrix.columns, 1)}
    lines = [f"Story {matrix.story.id}: {' '.join(matrix.story.title.split())}",
             summary(matrix), "", "Sources:"]
    lines += [f"  {number[c.doc_id]}. {column_head(c, {})}  [{c.doc_id}]"
              for c in matrix.columns]
    alone = 0
    for row in rows_in_order(matrix):
        word = STATUS_WORDS.get(row.status, row.status.upper())
        if row.status == "alone":
            alone += 1
            if alone == 1:
                lines.append("")
            (cell,) = row.cells.values()
            lines.append(f"{word:10} {number.get(cell.doc_id, '?')}: {_marked(cell)}")
            continue
        head = values_line(row, matrix) if values(row, matrix) else fact_name(row)
        lines += ["", f"{word:10} {head}"]
        for doc_id in matrix.order():
            cell = row.cells.get(doc_id)
            if cell is None:
                lines.append(f"  {number[doc_id]}: not reported")
                continue
            for claim in claims_of(cell):
                note = cell_note(claim)
                lines.append(f"  {number[doc_id]}: {_marked(claim)}"
                             + (f"  ({note})" if note else ""))
    return "\n".join(lines) + "\n"


def _marked(cell) -> str:
    """The cell's wording on one line, its value marked (bold on a terminal, else [value])."""
    from ..core.export.story import pieces
    p = pieces(cell)
    text = p.before + p.value + p.after
    return mark(text, 0, [(len(p.before), len(p.before) + len(p.value))] if p.value else [])
