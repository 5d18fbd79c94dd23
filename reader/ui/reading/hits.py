"""Snippets and passages as rich text, with their matched or shared words marked. Plain
Python (no Qt). (What a search marks in a whole document: core.search.Marks.)"""

from __future__ import annotations

from html import escape


def marked_html(text: str, offset: int, spans: list[tuple[int, int]], css: dict) -> str:
    """``text`` (starting at document offset ``offset``) as HTML with ``spans`` marked."""
    out, pos = [], 0
    style = (f"background-color:{css['mark_bg']};color:{css['mark_fg']};"
             "font-weight:bold")
    for a, b in sorted(spans):
        a, b = a - offset, b - offset
        if a < pos or b > len(text) or a >= b:
            continue
        out.append(escape(text[pos:a]))
        out.append(f'<span style="{style}">{escape(text[a:b])}</span>')
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def words_html(text: str, words: list[str], css: dict) -> str:
    """``text`` as HTML with each of ``words`` emphasised (case-insensitive, whole words)."""
    import re
    if not words:
        return escape(text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in
                                                sorted(words, key=len, reverse=True))
                         + r")(?!\w)", re.I)
    spans = [m.span() for m in pattern.finditer(text)]
    style = "font-weight:bold;text-decoration:underline"
    out, pos = [], 0
    for a, b in spans:
        out.append(escape(text[pos:a]))
        out.append(f'<span style="{style}">{escape(text[a:b])}</span>')
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)
