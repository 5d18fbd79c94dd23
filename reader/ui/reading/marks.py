"""The user's highlights as the document view draws them: which one lies at an offset, what its
tooltip says, and their backgrounds merged into the QTextDocument.

Orphaned highlights (their text is no longer in the document) are not drawn: the highlights
panel lists them. Offsets are the library's (str indices into the normalised text).
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtGui import QTextDocument

from ...core.highlights import Highlight
from ..theme import Theme
from .doc_render import OffsetMap, apply_format


class Marks:
    def __init__(self, highlights: Iterable[Highlight] = (), labels: dict | None = None):
        self.items = sorted((h for h in highlights if not h.orphaned),
                            key=lambda h: (h.start, h.end, h.id))
        self.labels = dict(labels or {})

    def __len__(self) -> int:
        return len(self.items)

    def find(self, start: int, end: int | None = None) -> Highlight | None:
        """The highlight under a caret (``end`` None or equal to ``start``: the innermost one
        holding it), or the one that overlaps a selection the most."""
        if end is None or end <= start:
            holding = [h for h in self.items if h.start <= start <= h.end]
            return min(holding, key=lambda h: h.end - h.start) if holding else None
        best, overlap = None, 0
        for h in self.items:
            n = min(end, h.end) - max(start, h.start)
            if n > overlap:
                best, overlap = h, n
        return best

    def at(self, offset: int) -> Highlight | None:
        """The innermost highlight whose text holds the character at ``offset``."""
        holding = [h for h in self.items if h.start <= offset < h.end]
        return min(holding, key=lambda h: h.end - h.start) if holding else None

    def tooltip(self, h: Highlight) -> str:
        lines = [f"Your highlight: {self.labels.get(h.color, h.color)} ({h.color})"]
        if h.note:
            lines.append(f"Note: {h.note}")
        if h.tags:
            lines.append("Tags: " + ", ".join(h.tags))
        if h.link is not None:
            lines.append(f"Pinned link: {h.link.relation} — “{h.link.quote[:120]}”")
        lines.append("E edits the note, Shift+Del removes it.")
        return "\n".join(lines)

    def apply(self, qdoc: QTextDocument, omap: OffsetMap, theme: Theme) -> None:
        """Longer highlights first, so a short one inside a long one shows on top."""
        for h in sorted(self.items, key=lambda h: h.start - h.end):
            apply_format(qdoc, omap, [(h.start, h.end)], theme.mark_format(h.color, h.id))
