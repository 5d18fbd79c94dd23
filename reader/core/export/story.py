"""The evidence pack of a story (issue 16, point 6): its matrix as Markdown and CSV, and the
pieces the HTML page (storyhtml.py) shares with them.

What a pack shows, in every format: the matrix first (one column per source, with its outlet and
date; one row per fact, conflicts first), each cell the source's wording with the fact's value
emphasised and marked agrees / conflicts / updates / only here / not reported; then each
conflict with every passage of it in full, cited, with who is quoted and when.

The text of a document or of its metadata is escaped for its format as in the other exports
(markdown.md_escape, csvfile.csv_cell: no formula runs in a spreadsheet). A cell's further
claims on the same fact (``Cell.also``, when the matrix gives them) follow its own."""

from __future__ import annotations

import csv
import io
from typing import NamedTuple

from ..store import DocumentRow
from ..stories.model import STATUSES, Cell, Column, Matrix, Row
from .citations import citation, location
from .csvfile import csv_cell
from .markdown import md_escape, md_inline

STATUS_WORDS = {"conflicts": "CONFLICTS", "agrees": "AGREES", "updates": "UPDATES",
                "alone": "ONLY HERE"}
STATUS_HINTS = {"conflicts": "the sources give different values",
                "agrees": "the sources state the same", "updates": "a later source gives a new "
                "value", "alone": "one source alone reports it"}
NOT_REPORTED = "not reported"


class Pieces(NamedTuple):
    """A cell's wording split around the fact's value, to emphasise it (value "" when the
    wording does not contain it)."""
    before: str
    value: str
    after: str


def rows_in_order(matrix: Matrix) -> list[Row]:
    """The rows, conflicts first (then updates, agreements, what one source alone says), each
    group in the matrix's own order."""
    return sorted(matrix.rows, key=lambda r: STATUSES.index(r.status)
                  if r.status in STATUSES else len(STATUSES))


def conflicts(matrix: Matrix) -> list[Row]:
    return [r for r in matrix.rows if r.status == "conflicts"]


def claims_of(cell: Cell) -> list[Cell]:
    """The cell's claim and the source's further claims on the same fact, if the matrix has
    them (``also``)."""
    return [cell, *(getattr(cell, "also", None) or [])]


def pieces(cell: Cell) -> Pieces:
    """The wording around the value's first occurrence (case aside)."""
    text, value = " ".join(cell.text.split()), " ".join(cell.value.split())
    at = text.casefold().find(value.casefold()) if value else -1
    if at < 0:
        return Pieces(text, "", "")
    return Pieces(text[:at], text[at:at + len(value)], text[at + len(value):])


def fact_name(row: Row) -> str:
    return row.fact or "(unnamed fact)"


def source_name(col: Column) -> str:
    """The outlet; the title, shortened, for a document without one."""
    title = col.title if len(col.title) <= 60 else col.title[:59].rstrip() + "…"
    return col.source or title or col.doc_id


def column_head(col: Column, docs: dict[str, DocumentRow]) -> str:
    """"Reuters, 2024-11-05" (with the outlets of its copies: "Reuters (also: AP)")."""
    also = [docs[c].source for c in col.copies if c in docs and docs[c].source]
    source = source_name(col) + (f" (also: {', '.join(also)})" if also else "")
    return source + (f", {col.date}" if col.date else "")


def cell_note(cell: Cell) -> str:
    """What follows a cell's wording: who it quotes."""
    return f"according to {cell.attribution}" if cell.attribution else ""


def values(row: Row, matrix: Matrix) -> list[str]:
    """The distinct values of a row in column order (publication time), whatever the order
    of its cells."""
    found = [row.cells[d].value for d in matrix.order() if d in row.cells]
    return list(dict.fromkeys(v for v in found if v))


def values_line(row: Row, matrix: Matrix) -> str:
    """"troops: 1,500 (South Korea's intelligence service, EuropeNews) vs 14,000 (Reuters)"."""
    sources = {c.doc_id: source_name(c) for c in matrix.columns}
    parts = []
    for doc_id in matrix.order():
        cell = row.cells.get(doc_id)
        if cell is None or not cell.value:
            continue
        who = ", ".join(x for x in (cell.attribution, sources.get(doc_id, doc_id)) if x)
        parts.append(f"{cell.value} ({who})")
    return f"{fact_name(row)}: " + (" vs ".join(parts) if parts else "values not given")


def passage_cite(cell: Cell, docs: dict[str, DocumentRow]) -> str:
    """"Title — source, author, date, url, paragraph 2, characters 10–80"."""
    doc = docs.get(cell.doc_id)
    return f"{citation(doc, cell.doc_id)}, {location(doc, cell.start, cell.end)}"


def summary(matrix: Matrix) -> str:
    n = {s: sum(1 for r in matrix.rows if r.status == s) for s in STATUSES}
    return (f"{len(matrix.columns)} sources, {len(matrix.rows)} facts: {n['conflicts']} in "
            f"conflict, {n['updates']} updated, {n['agrees']} agreed, {n['alone']} reported by "
            "one source only")


# -- Markdown ----------------------------------------------------------------------------------
def _md_cell(cell: Cell | None) -> str:
    if cell is None:
        return f"*{NOT_REPORTED}*"
    out = []
    for claim in claims_of(cell):
        p = pieces(claim)
        text = md_escape(p.before) + (f"**{md_escape(p.value)}**" if p.value else "") + \
            md_escape(p.after)
        note = cell_note(claim)
        out.append(text + (f" — {md_inline(note)}" if note else ""))
    return f"{STATUS_WORDS.get(cell.relation, cell.relation.upper())}: " + " · ".join(out)


def render_story_markdown(matrix: Matrix, docs: dict[str, DocumentRow]) -> str:
    story = matrix.story
    order = matrix.order()
    lines = [f"# Evidence pack: {md_inline(story.title or story.id)}", "",
             f"Exported from Reader (story {md_inline(story.id)}): {summary(matrix)}. Each cell "
             "is a source's wording, its value in bold. " + "; ".join(
                 f"{w}: {STATUS_HINTS[s]}" for s, w in STATUS_WORDS.items()) + ".", "",
             "## The matrix", "",
             "| fact | " + " | ".join(md_inline(column_head(c, docs)) for c in matrix.columns)
             + " |", "|---|" + "---|" * len(matrix.columns)]
    for row in rows_in_order(matrix):
        lines.append(f"| **{STATUS_WORDS.get(row.status, row.status.upper())}** "
                     f"{md_inline(fact_name(row))} | "
                     + " | ".join(_md_cell(row.cells.get(d)) for d in order) + " |")
    lines += ["", "## The conflicts", ""]
    if not conflicts(matrix):
        lines += ["No conflict between these sources.", ""]
    for n, row in enumerate(conflicts(matrix), 1):
        lines += [f"### {n}. {md_inline(values_line(row, matrix))}", ""]
        for doc_id in order:
            cell = row.cells.get(doc_id)
            if cell is None:
                continue
            for claim in claims_of(cell):
                lines += [_md_quote(claim.text), ">",
                          f"> — {md_inline(passage_cite(claim, docs))}"
                          + (f"; {md_inline(cell_note(claim))}" if claim.attribution else ""),
                          ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_quote(text: str) -> str:
    return "\n".join(">" if not line.strip() else "> " + line
                     for line in (md_escape(text).split("\n") or [""]))


# -- CSV ---------------------------------------------------------------------------------------
def _csv_cell(cell: Cell | None) -> str:
    if cell is None:
        return NOT_REPORTED
    out = []
    for claim in claims_of(cell):
        text = " ".join(claim.text.split())
        out.append(" — ".join(x for x in (text, cell_note(claim)) if x))
    return f"{STATUS_WORDS.get(cell.relation, cell.relation.upper())}: " + " | ".join(out)


def render_story_csv(matrix: Matrix, docs: dict[str, DocumentRow]) -> str:
    """One row per fact (fact, status, values), one column per source ("outlet, date (doc
    id)"): UTF-8 with a byte order mark, CRLF row ends, no cell a spreadsheet runs."""
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow([csv_cell(v) for v in ("fact", "status", "values", *(
        f"{column_head(c, docs)} ({c.doc_id})" for c in matrix.columns))])
    for row in rows_in_order(matrix):
        w.writerow([csv_cell(v) for v in (
            row.fact, row.status, " | ".join(values(row, matrix)),
            *(_csv_cell(row.cells.get(d)) for d in matrix.order()))])
    return "\ufeff" + buf.getvalue()
