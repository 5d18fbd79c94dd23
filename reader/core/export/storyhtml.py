"""The evidence pack as one HTML page (story.py says what it shows): self-contained and inert
like the other HTML export (htmlpage.py: inline CSS, every text escaped, a
Content-Security-Policy that forbids scripts and fetches, links only to http(s) URLs), and
printable (the matrix on landscape pages, a conflict never split across two)."""

from __future__ import annotations

from ..store import DocumentRow
from ..stories.model import Cell, Matrix
from .citations import location
from .htmlpage import cite, esc
from .story import (NOT_REPORTED, STATUS_HINTS, STATUS_WORDS, cell_note, claims_of,
                    column_head, conflicts, fact_name, pieces, rows_in_order, summary, values,
                    values_line)

_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.5 Georgia, "Times New Roman", serif; color: #1d1d1f; background: #fff;
       margin: 2rem auto; padding: 0 1.25rem; max-width: 80rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .5rem; border-top: 1px solid #ccc; padding-top: 1rem; }
h3 { font: 600 .95rem/1.4 system-ui, sans-serif; margin: 1.4rem 0 .3rem; }
.meta, .legend, .cite, .who, .col { font: .85rem/1.45 system-ui, sans-serif; color: #444; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .4rem .5rem; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
thead th { background: #f2f2f2; font: 600 .85rem/1.35 system-ui, sans-serif; }
td.conflicts { background: #fbeaea; } td.agrees { background: #eaf5ee; }
td.updates { background: #eaf0fb; } td.missing { color: #777; font-style: italic; }
b.value { background: #fff3b0; }
.rel { font: 700 .7rem/1 system-ui, sans-serif; letter-spacing: .04em; padding: .12rem .3rem;
       border-radius: 3px; color: #fff; background: #55595f; }
.rel-conflicts { background: #b3261e; } .rel-agrees { background: #1b6e3a; }
.rel-updates { background: #1f4fa3; }
blockquote { margin: .3rem 0 .2rem; padding: .35rem .9rem; border-left: 4px solid #b3261e;
             white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; }
.claim + .claim { margin-top: .35rem; border-top: 1px dotted #bbb; padding-top: .3rem; }
bdi { unicode-bidi: isolate; }
@page { size: landscape; margin: 1.2cm; }
@media print {
  body { font-size: 10pt; margin: 0; max-width: none; color: #000; }
  h2 { break-after: avoid; } thead { display: table-header-group; }
  tr, .conflict { break-inside: avoid; }
  a { color: #000; text-decoration: none; }
  a[href]::after { content: " <" attr(href) ">"; font-size: 8pt; }
  td, .rel, b.value { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _rel(status: str) -> str:
    word = STATUS_WORDS.get(status, status.upper())
    return f'<strong class="rel rel-{esc(status)}">{esc(word)}</strong>'


def _wording(claim: Cell) -> str:
    p = pieces(claim)
    out = "<bdi>" + esc(p.before) + (f'<b class="value">{esc(p.value)}</b>' if p.value else "")
    out += esc(p.after) + "</bdi>"
    note = cell_note(claim)
    return out + (f' <span class="who">— {esc(note)}</span>' if note else "")


def _cell(cell: Cell | None) -> str:
    if cell is None:
        return f'<td class="missing">{esc(NOT_REPORTED)}</td>'
    claims = "".join(f'<div class="claim">{_wording(c)}</div>' for c in claims_of(cell))
    return f'<td class="{esc(cell.relation)}">{_rel(cell.relation)} {claims}</td>'


def _matrix(matrix: Matrix, docs: dict[str, DocumentRow]) -> list[str]:
    out = ["<table>", "<thead><tr><th>Fact</th>"]
    for col in matrix.columns:
        title = f'<br><span class="col"><bdi>{esc(col.title)}</bdi></span>' if col.title else ""
        out.append(f"<th><bdi>{esc(column_head(col, docs))}</bdi>{title}</th>")
    out.append("</tr></thead>")
    out.append("<tbody>")
    for row in rows_in_order(matrix):
        shown = " | ".join(values(row, matrix)) if row.status == "conflicts" else ""
        out.append(f"<tr><th>{_rel(row.status)} <bdi>{esc(fact_name(row))}</bdi>"
                   + (f'<br><span class="col"><bdi>{esc(shown)}</bdi></span>' if shown else "")
                   + "</th>" + "".join(_cell(row.cells.get(d)) for d in matrix.order())
                   + "</tr>")
    return out + ["</tbody>", "</table>"]


def _conflict(n: int, row, matrix: Matrix, docs: dict[str, DocumentRow]) -> list[str]:
    out = ['<section class="conflict">', f"<h3>{n}. <bdi>{esc(values_line(row, matrix))}</bdi>"
           "</h3>"]
    for doc_id in matrix.order():
        cell = row.cells.get(doc_id)
        if cell is None:
            continue
        doc = docs.get(doc_id)
        for claim in claims_of(cell):
            who = (f"; {esc(cell_note(claim))}" if claim.attribution else "")
            out += [f'<blockquote dir="auto">{esc(claim.text)}</blockquote>',
                    f'<p class="cite">— {cite(doc, doc_id)}, '
                    f"{esc(location(doc, claim.start, claim.end))}{who}</p>"]
    return out + ["</section>"]


def render_story_html(matrix: Matrix, docs: dict[str, DocumentRow]) -> str:
    story = matrix.story
    title = f"Evidence pack: {story.title or story.id}"
    legend = "; ".join(f"{_rel(s)} {esc(h)}" for s, h in STATUS_HINTS.items())
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           'style-src \'unsafe-inline\'; img-src data:">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{esc(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           "<header>", f"<h1><bdi>{esc(title)}</bdi></h1>",
           f'<p class="meta">Exported from Reader (story {esc(story.id)}): '
           f"{esc(summary(matrix))}. Each cell is a source’s wording, the fact’s value "
           "marked. Locations are paragraphs and character spans (start–end, end exclusive) "
           "of each document’s text in Reader.</p>",
           f'<p class="legend">{legend}; <i>{esc(NOT_REPORTED)}</i>: the source does not '
           "report the fact.</p>", "</header>", "<main>", "<h2>The matrix</h2>"]
    out += _matrix(matrix, docs)
    out.append("<h2>The conflicts</h2>")
    rows = conflicts(matrix)
    if not rows:
        out.append("<p>No conflict between these sources.</p>")
    for n, row in enumerate(rows, 1):
        out += _conflict(n, row, matrix, docs)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
