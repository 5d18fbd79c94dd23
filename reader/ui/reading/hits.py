"""Search hits in a whole document, and snippets as rich text. Plain Python (no Qt).

A search result carries snippets with their matched words; opening the document highlights
every occurrence of those words (by the index's own analysis, so "troop" marks "troops").
"""

from __future__ import annotations

from html import escape


def matched_words(hit) -> list[str]:
    """The surface words a search Hit matched in its snippets."""
    words: dict[str, None] = {}
    for snip in hit.snippets:
        for a, b in snip.matches:
            word = snip.text[a - snip.start:b - snip.start]
            if word:
                words.setdefault(word.lower())
    return list(words)


def hit_spans(analyzer, text: str, words: list[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` whose analysed form is that of one of ``words``."""
    if not words:
        return []
    terms = {t.text for w in words for t in analyzer(w, removestops=False, mode="query")}
    if not terms:
        return []
    return [(t.startchar, t.endchar)
            for t in analyzer(text, chars=True, removestops=False, mode="index")
            if t.text in terms]


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
