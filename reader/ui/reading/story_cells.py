"""The rich text of the story matrix's cells (panels/story_view.py): a source's wording of a fact
with its value in bold, marked by a word and a colour (agrees, conflicts, updates, only this
source; never by colour alone), who it quotes, and its further claims on the fact; the fact
column with the values side by side. Plain functions over stories.Row and Cell."""

from __future__ import annotations

from html import escape

from ..theme import Theme

WORDS = {"conflicts": "✗ conflicts", "agrees": "✓ agrees", "updates": "↻ updates",
         "alone": "only this source"}
SHOWN = 190              # characters of a claim shown in its cell (around its value)
WITH_ALSO = 110          # ... when the source has other claims on the fact, and of the first
ALSO_SHOWN = 60          # of those (the row's height is fixed: the rest are counted, and the
#                          cell's tooltip has every claim whole)


def colour(theme: Theme, relation: str) -> str:
    line = theme.line
    return (line.get(relation) or line.get("related") or theme.muted).name() \
        if relation != "alone" else theme.muted.name()


def excerpt(text: str, value: str, shown: int = SHOWN) -> tuple[str, int]:
    """(the claim cut to about ``shown`` characters around its value, where the value is in
    it or -1); cut at spaces, with an ellipsis where it was cut."""
    text = " ".join(text.split())
    at = text.find(value) if value else -1
    if len(text) <= shown:
        return text, at
    start = max(0, min(at - shown // 3, len(text) - shown)) if at >= 0 else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = text.rfind(" ", start, start + shown)
    end = end if end > start else start + shown
    cut = ("…" if start else "") + text[start:end] + "…"
    return cut, (cut.find(value) if at >= 0 else -1)


def wording(text: str, value: str, shown: int = SHOWN) -> str:
    """The claim as HTML (about ``shown`` characters of it), its value in bold."""
    shown, at = excerpt(text, value, shown)
    if at < 0:
        return escape(shown)
    return (escape(shown[:at]) + f"<b>{escape(value)}</b>"
            + escape(shown[at + len(value):]))


def cell_html(cell, theme: Theme) -> str:
    """A source's cell: its mark, who it quotes, its wording, and its other claims (a fact
    only one source reports is said so in the fact column: its cell has no mark)."""
    mark = "" if cell.relation == "alone" else (f"<span style='color:{colour(theme, cell.relation)}; font-weight:600'>"
            f"{WORDS.get(cell.relation, escape(cell.relation))}</span>")
    if cell.attribution:
        mark += f"{' ' if mark else ''}<i style='color:{theme.muted.name()}'>· {escape(cell.attribution)}</i>"
    also = getattr(cell, "also", None) or []
    text = wording(cell.text, cell.value, WITH_ALSO if also else SHOWN)
    html = f"{mark}<br>{text}" if mark else text
    muted = theme.muted.name()
    if also:
        more = f" (+{len(also) - 1} more)" if len(also) > 1 else ""
        html += (f"<br><span style='color:{muted}'>also{more}:</span> "
                 f"{wording(also[0].text, also[0].value, ALSO_SHOWN)}")
    return html


def cell_tip(cell) -> str:
    """A cell's tooltip: the source's claim on the fact whole, then its others (rich text, so
    that Qt wraps a long claim instead of drawing one line wider than the screen)."""
    tip = f"<p>{escape(' '.join(cell.text.split()))}</p>"
    for other in getattr(cell, "also", None) or []:
        tip += f"<p><i>also:</i> {escape(' '.join(other.text.split()))}</p>"
    return tip


def missing_html(theme: Theme) -> str:
    return f"<i style='color:{theme.muted.name()}'>not reported</i>"


def fact_html(row, theme: Theme) -> str:
    """The fact column: what the fact is about, its status, and the values side by side."""
    status = (f"<span style='color:{colour(theme, row.status)}; font-weight:600'>"
              f"{WORDS.get(row.status, escape(row.status))}</span>")
    html = f"<b>{escape(row.fact)}</b><br>{status}" if row.fact else status
    values = row.values
    if values and row.status in ("conflicts", "updates"):
        joint = " → " if row.status == "updates" else " | "
        html += "<br>" + joint.join(f"<b>{escape(v)}</b>" for v in values)
    elif values:
        html += f"<br><b>{escape(values[0])}</b>"
    return html + f"<br><span style='color:{theme.muted.name()}'>" \
                  f"{len(row.cells)} source{'s' if len(row.cells) != 1 else ''}</span>"


def header_text(column) -> str:
    """A column's header: outlet (or title) and date, and the outlets of its copies."""
    name = column.source or column.title or column.doc_id
    if len(name) > 28:
        name = name[:27].rstrip() + "…"
    date = (column.date or "undated")[:10]
    copies = f"\n+{len(column.copies)} cop{'y' if len(column.copies) == 1 else 'ies'}" \
        if column.copies else ""
    return f"{name}\n{date}{copies}"
