"""The CSV export: one row per passage and link (doc id, title, source, author, date, url,
start, end, quote, colour, label, note, tags, relation, linked doc, linked quote, link by,
relabelled from), UTF-8 with a byte order mark so that spreadsheets read it as UTF-8, CRLF row
ends, and cells that a spreadsheet would run as a formula (=, +, -, @, TAB, CR first) prefixed
with an apostrophe. "link by" is "user" for a link made by hand (its note is the row's note)
and "engine" for a link found by Reader; "relabelled from" is the engine's relation where the
user gave its link another.

(Named csvfile, not csv: a module named csv would shadow the standard library's for any tool
that puts this folder on sys.path.)"""

from __future__ import annotations

import csv
import io

from .citations import clean
from .collect import Collected

CSV_COLUMNS = ("doc id", "title", "source", "author", "date", "url", "start", "end", "quote",
               "colour", "label", "note", "tags", "relation", "linked doc", "linked quote",
               "link by", "relabelled from")


def csv_cell(value) -> str:
    """A cell no spreadsheet runs as a formula (OWASP: =, +, -, @, TAB, CR first)."""
    text = clean(str(value)) if not isinstance(value, str) else clean(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(data: Collected) -> str:
    """One row per passage, UTF-8 with a byte order mark, CRLF line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for sec in data.sections:
        d = sec.doc
        for p in sec.passages:
            h = p.highlight
            mine = [h.color, data.labels.get(h.color, ""), h.note, "; ".join(h.tags)] if h \
                else ["", "", "", ""]
            for x in p.links or [None]:
                note = [*mine[:2], x.note, mine[3]] if x and x.note and not h else mine
                w.writerow([csv_cell(v) for v in (
                    d.id, d.title, d.source, d.author, d.date, d.url, p.start, p.end, p.quote,
                    *note, x.relation if x else "", x.doc_id if x else "",
                    x.quote if x else "", x.by if x and not x.pinned else "",
                    x.relabelled if x else "")])
    return "\ufeff" + buf.getvalue()
