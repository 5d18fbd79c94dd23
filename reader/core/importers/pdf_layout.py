"""A PDF's text as paragraphs: the page-level cleaning and layout half of the PDF importer
(pdf.py reads the pages with PDFium or pypdf and hands their lines here).

Per page: control characters dropped, words split by a line-end soft hyphen joined; across
pages: repeated headers/footers and bare page numbers dropped. Wrapped lines are joined into
paragraphs by layout (``layout_paragraphs``: a line that reaches its column's right edge
continues; a short line, a vertical gap, an indented first line, a bullet or a font change
starts a new paragraph), and a paragraph cut by a page break is joined again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|p\.|pg\.?|seite|pág\.?|página|pagina)\s*)?"
    r"(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/|von|de|sur|di)\s*\d{1,4})?\W*$",
    re.I,
)
_SOFT = "\u00ad"
_JOIN = "\u2060"  # marks where a line ending in "-" was joined (see dehyphenate)


def clean_line(text: str) -> str:
    """One line of page text without control characters; a line-end soft hyphen is kept as
    U+00AD (the word continues on the next line), one inside the line is dropped."""
    text = text.strip()
    end_soft = text[-1:] in ("\ufffe", "\x02", _SOFT)
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ufffe\u00ad]", "", text)
    text = re.sub(r"(?:/g\d+){2,}|\(cid:\d+\)", "", text).strip()  # unmapped glyph names
    return text + _SOFT if end_soft and text else text


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def furniture(pages: list[list[str]]) -> list[set[int]]:
    """Per page, the indexes of repeated headers/footers and bare page numbers.

    A line counts as a header/footer when it sits in the first or last two lines of a page
    (one on short pages), is short, and recurs (digits ignored: "Page 3 of 9") on at least
    half of the pages (three or more).
    """
    def edges(lines: list[str]) -> set[int]:
        idx = [i for i, ln in enumerate(lines) if ln]
        zone = 2 if len(idx) >= 8 else 1
        return set(idx[:zone] + idx[-zone:])

    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_furniture_key(lines[i]) for i in edges(lines) if len(lines[i]) <= 120})
    repeated = {k for k, n in counts.items() if len(pages) >= 3 and n >= max(3, 0.5 * len(pages))}
    return [{i for i in edges(lines)
             if _furniture_key(lines[i]) in repeated or _PAGE_NUMBER.match(lines[i])}
            for lines in pages]


def drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """The pages' lines without repeated headers/footers and bare page numbers."""
    return [[ln for i, ln in enumerate(lines) if i not in drop]
            for lines, drop in zip(pages, furniture(pages))]


def paragraphs(lines: list[str]) -> str:
    """Lines of a page without positions → text with a blank line after each line that ends
    a paragraph (a sentence end on a clearly short line, or a heading-like line); the other
    line breaks stay for the normaliser to judge (``reflow=True``)."""
    lengths = sorted(len(ln) for ln in lines if ln)
    if not lengths:
        return ""
    typical = lengths[int(len(lengths) * 0.8)] if len(lengths) >= 5 else max(lengths)
    out: list[str] = []
    for i, ln in enumerate(lines):
        if not ln:
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(ln)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        ends = re.search(r"[.!?:;\"”’»)]$|[。！？]$", ln)
        short = len(ln) < 0.75 * typical
        heading = (len(ln) < 0.6 * typical and not re.search(r"[.,;:]$", ln)
                   and nxt[:1].isupper() and len(nxt) > len(ln))
        if (ends and short) or heading:
            out.append("")
    return "\n".join(out).strip("\n")


def join_pages(pages: list[list[str]]) -> str:
    """Paragraphs of all pages; a paragraph cut by a page break is joined again."""
    out: list[str] = []
    for paras in pages:
        paras = [p for p in paras if p.strip()]
        if not paras:
            continue
        if out and not re.search(r"[.!?:\"”»)。]$", out[-1]) and paras[0][:1].islower():
            last = out.pop()
            paras[0] = (last[:-1] if last.endswith(_SOFT) else
                        last + _JOIN if last.endswith("-") else last + " ") + paras[0]
        out.extend(paras)
    return dehyphenate("\n\n".join(out).replace(_SOFT, ""))


def dehyphenate(text: str) -> str:
    """Resolve hyphens at joined line ends: "Ex-|isting" → "Existing" when the document uses
    "existing" elsewhere and never "ex-isting"; otherwise the hyphen stays ("well-known")."""
    if _JOIN not in text:
        return text
    elsewhere = re.sub(r"\w+-" + _JOIN + r"\w+", " ", text).lower()
    words = set(re.findall(r"\w+", elsewhere))
    hyphenated = set(re.findall(r"\w+-\w+", elsewhere))

    def fix(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        if (a + b).lower() in words and f"{a}-{b}".lower() not in hyphenated:
            return a + b
        return f"{a}-{b}"

    text = re.sub(r"(\w+)-" + _JOIN + r"(\w+)", fix, text)
    return text.replace(_JOIN, "")


@dataclass
class Line:
    """One text line of a page; positions in PDF points (None without a character map)."""

    text: str
    left: float | None = None
    right: float | None = None
    top_bottom: float | None = None    # bottom of the line's first character
    end_bottom: float | None = None    # bottom of its last character
    height: float | None = None        # font height of its first character


def page_lines(textpage) -> list[Line]:
    """PDFium's lines of a page, each with the position of its first and last character."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return [Line(t) for t in re.split(r"\r\n|\n|\r", text)]  # cannot map positions
    lines: list[Line] = []
    start = 0
    for m in list(re.finditer(r"\r\n|\n|\r", text)) + [None]:
        end = m.start() if m else len(text)
        first = next((k for k in range(start, end) if not text[k].isspace()), None)
        last = next((k for k in range(end - 1, start - 1, -1) if not text[k].isspace()), None)
        if first is None or last is None:
            lines.append(Line(text[start:end]))
        else:
            a, b = textpage.get_charbox(first, loose=True), textpage.get_charbox(last, loose=True)
            lines.append(Line(text[start:end], a[0], b[2], a[1], b[1], a[3] - a[1]))
        start = m.end() if m else end
    return lines


_BULLET = re.compile(r"^(?:[•·▪►◦‣∙\-–—*!]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")


def _same_column(a: Line, b: Line) -> bool:
    overlap = min(a.right, b.right) - max(a.left, b.left)
    return overlap >= 0.5 * min(a.right - a.left, b.right - b.left)


def layout_paragraphs(lines: list[Line]) -> list[str]:
    """Join the wrapped lines of a page into paragraphs, using where the lines sit.

    A line break is a wrap when the line reaches the right edge of its column, i.e. the next
    line's first word would not have fitted after it. The edge is taken from the neighbouring
    lines (text flowing around a figure has a nearer edge), except for runs of short lines
    (lists, verse, headings), which are measured against the whole column. A paragraph ends at
    a line that stops short, before a vertical gap over 1.5 line pitches, before an indented
    first line, or before a line that starts with a bullet.
    """
    lines = [ln for ln in lines if ln.text and ln.left is not None]
    if not lines:
        return []
    steps = [a.end_bottom - b.top_bottom for a, b in zip(lines, lines[1:])
             if a.end_bottom - b.top_bottom > 0.5]
    pitch = sorted(steps)[len(steps) // 4] if steps else 0.0
    paragraphs: list[str] = []
    current = lines[0].text
    for i in range(1, len(lines)):
        prev, cur = lines[i - 1], lines[i]
        column = [ln for ln in lines[max(0, i - 10):i + 9] if _same_column(ln, prev)] or [prev]
        rights = sorted(ln.right for ln in column)
        col_right = rights[int(0.9 * (len(rights) - 1))]
        col_left = min(ln.left for ln in column)
        near = [ln for ln in lines[max(0, i - 3):i + 2] if _same_column(ln, prev)] or [prev]
        edge = max(ln.right for ln in near)
        char = (prev.right - prev.left) / max(len(prev.text.strip()), 1)
        need = (len(cur.text.split()[0]) if cur.text.split() else 0) + 1  # next word + space
        if prev.right + need * char >= col_right - 0.5 * char:
            wrapped = True   # the line fills its column
        elif edge - col_left >= 0.5 * (col_right - col_left):
            # A narrower stretch (text flowing around a figure): wrapped if it fills that
            # stretch, but a sentence end there more likely ends the paragraph.
            wrapped = (prev.right + need * char >= edge - 0.5 * char
                       and not re.search(r"[.!?:;]['\"’”)]?$", prev.text))
        else:
            wrapped = False  # short lines: lists, verse, headings
        gap = prev.end_bottom - cur.top_bottom
        indented = cur.left > col_left + 1.5 * char and prev.left <= col_left + 0.5 * char
        resized = bool(prev.height and cur.height
                       and abs(prev.height - cur.height) > 0.2 * max(prev.height, cur.height))
        if (wrapped and not (pitch and gap > 1.5 * pitch) and not indented and not resized
                and not _BULLET.match(cur.text)):
            if current.endswith(_SOFT):
                current = current[:-1] + cur.text
            else:
                current += (_JOIN if current.endswith("-") else " ") + cur.text
        else:
            paragraphs.append(current)
            current = cur.text
    paragraphs.append(current)
    return paragraphs
