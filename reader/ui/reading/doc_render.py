"""A document as a QTextDocument: a header (title, source, author, date, url), then one block
per paragraph, with highlight formats on spans.

Spans are in the library's one coordinate system (Python str indices into the normalised
text). The QTextDocument counts UTF-16 code units, adds the header before the body and one
block separator between paragraphs where the text has a blank line; ``OffsetMap`` converts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable

from PySide6.QtGui import (QFont, QFontMetricsF, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextDocument)

from ..theme import Theme

LINE_HEIGHT = 150          # percent of the font's line spacing
MEASURE = 70              # characters per line of the reading column
_SAMPLE = "the quick brown fox jumps over the lazy dog, and then"   # 54 typical characters
_END_PUNCT = tuple(".!?:;\"”’)»…")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@dataclass
class OffsetMap:
    """Text offsets ↔ QTextDocument positions, paragraph by paragraph."""

    text: str = ""
    text_starts: list[int] = field(default_factory=list)
    text_ends: list[int] = field(default_factory=list)
    doc_starts: list[int] = field(default_factory=list)
    astral: list[bool] = field(default_factory=list)
    body_start: int = 0                 # first document position of the body

    def add(self, start: int, end: int, doc_start: int) -> None:
        self.text_starts.append(start)
        self.text_ends.append(end)
        self.doc_starts.append(doc_start)
        self.astral.append(bool(_ASTRAL.search(self.text, start, end)))

    def to_doc(self, offset: int) -> int:
        """Document position of a text offset (an offset between paragraphs maps to the start
        of the next paragraph; past the end, to the end of the last one)."""
        if not self.text_starts:
            return self.body_start
        i = bisect.bisect_right(self.text_starts, offset) - 1
        if i < 0:
            return self.doc_starts[0]
        start, end = self.text_starts[i], self.text_ends[i]
        if offset > end:
            if i + 1 < len(self.text_starts):
                return self.doc_starts[i + 1]
            offset = end
        if self.astral[i]:
            piece = self.text[start:offset]
            return self.doc_starts[i] + len(piece) + len(_ASTRAL.findall(piece))
        return self.doc_starts[i] + offset - start

    def to_text(self, pos: int) -> int | None:
        """Text offset of a document position; None inside the header."""
        if not self.doc_starts or pos < self.doc_starts[0]:
            return None
        i = bisect.bisect_right(self.doc_starts, pos) - 1
        start, end = self.text_starts[i], self.text_ends[i]
        delta = pos - self.doc_starts[i]
        if self.astral[i]:
            units = 0
            for k, ch in enumerate(self.text[start:end]):
                if units >= delta:
                    return start + k
                units += 2 if ord(ch) > 0xFFFF else 1
            return end
        return min(start + delta, end)


def is_heading(text: str) -> bool:
    """A short line without closing punctuation, inside an article, reads as a heading."""
    t = text.strip()
    return 0 < len(t) <= 100 and not t.endswith(_END_PUNCT) and len(t.split()) <= 14


def body_paragraphs(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stored paragraph spans, or blank-line separated blocks when there are none."""
    if paragraphs:
        return paragraphs
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def build_document(doc, paragraphs: list[tuple[int, int]], theme: Theme,
                   font: QFont) -> tuple[QTextDocument, OffsetMap]:
    """``doc`` is a DocumentRow. Returns the document and its offset map."""
    qdoc = QTextDocument()
    qdoc.setUndoRedoEnabled(False)
    qdoc.setDefaultFont(font)
    qdoc.setDocumentMargin(font.pointSizeF() * 1.6)
    size = font.pointSizeF()
    cursor = QTextCursor(qdoc)

    title_fmt = QTextCharFormat()
    title_fmt.setFontPointSize(size * 1.45)
    title_fmt.setFontWeight(QFont.Weight.Bold)
    title_block = QTextBlockFormat()
    title_block.setBottomMargin(size * 0.6)
    title_block.setLineHeight(120, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    cursor.setBlockFormat(title_block)
    cursor.insertText(doc.title or "(untitled)", title_fmt)

    meta_fmt = QTextCharFormat()
    meta_fmt.setForeground(theme.muted)
    meta_fmt.setFontPointSize(size * 0.85)
    meta_block = QTextBlockFormat()
    meta_block.setBottomMargin(size * 0.2)
    meta = " · ".join(x for x in (doc.source, doc.author and f"by {doc.author}",
                                   doc.date[:10] if doc.date else "") if x)
    lines = [meta] if meta else []
    if doc.url:
        lines.append(doc.url)
    for line in lines:
        cursor.insertBlock(meta_block, meta_fmt)
        cursor.insertText(line, meta_fmt)

    body_fmt = QTextCharFormat()
    body_fmt.setForeground(theme.ink)
    body_block = QTextBlockFormat()
    body_block.setLineHeight(LINE_HEIGHT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    body_block.setBottomMargin(size * 0.75)
    head_fmt = QTextCharFormat(body_fmt)
    head_fmt.setFontWeight(QFont.Weight.Bold)
    head_fmt.setFontPointSize(size * 1.12)
    head_block = QTextBlockFormat(body_block)
    head_block.setTopMargin(size * 0.7)
    head_block.setBottomMargin(size * 0.35)
    head_block.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)

    text = doc.text
    omap = OffsetMap(text=text)
    first_body = True
    for start, end in body_paragraphs(text, paragraphs):
        piece = text[start:end]
        heading = is_heading(piece)
        block = head_block if heading else body_block
        if first_body:               # space between the header and the body
            block = QTextBlockFormat(block)
            block.setTopMargin(size * 1.4)
            first_body = False
        fmt = head_fmt if heading else body_fmt
        cursor.insertBlock(block, fmt)
        omap.add(start, end, cursor.position())
        cursor.insertText(piece, fmt)
    omap.body_start = omap.doc_starts[0] if omap.doc_starts else cursor.position()
    return qdoc, omap


def apply_format(qdoc: QTextDocument, omap: OffsetMap, spans: Iterable[tuple[int, int]],
                 fmt: QTextCharFormat) -> None:
    """Merge ``fmt`` into the characters of each span."""
    cursor = QTextCursor(qdoc)
    for start, end in spans:
        a, b = omap.to_doc(start), omap.to_doc(end)
        if b <= a:
            continue
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)


def format_at(qdoc: QTextDocument, pos: int) -> QTextCharFormat:
    """The character format of the character at document position ``pos``."""
    block = qdoc.findBlock(pos)
    it = block.begin()
    while not it.atEnd():
        frag = it.fragment()
        if frag.position() <= pos < frag.position() + frag.length():
            return frag.charFormat()
        it += 1
    return QTextCharFormat()


def centre_column(qdoc: QTextDocument, font: QFont, width: float, margin: float) -> float:
    """Side margins that make a readable column (``MEASURE`` characters) centred in ``width``.
    The document's frame changes only when they move by 2 px or more. Returns the margins."""
    metrics = QFontMetricsF(font)
    column = metrics.horizontalAdvance(_SAMPLE) * MEASURE / len(_SAMPLE)
    side = max(0.0, (width - column) / 2 - qdoc.documentMargin())
    if abs(side - margin) < 2:
        return margin
    frame = qdoc.rootFrame()
    fmt = frame.frameFormat()
    fmt.setLeftMargin(side)
    fmt.setRightMargin(side)
    frame.setFrameFormat(fmt)
    return side


def y_of(qdoc: QTextDocument, pos: int) -> float:
    """The top of the line holding document position ``pos``, in document coordinates."""
    block = qdoc.findBlock(pos)
    y = qdoc.documentLayout().blockBoundingRect(block).top()
    line = block.layout().lineForTextPosition(pos - block.position()) \
        if block.layout() is not None else None
    if line is not None and line.isValid():
        y += line.y()
    return y

