"""Back / forward through the places a person read, like a browser. Plain Python (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

LIMIT = 200


@dataclass(frozen=True)
class Location:
    doc_id: str
    offset: int = 0                              # text offset at the top of the view
    selection: tuple[int, int] | None = None     # a passage to select on arrival
    story: object = None                         # a story's matrix (stories.Story), not a text
    cell: tuple[int, int] | None = None          # the matrix's current cell (row, column)


class History:
    def __init__(self) -> None:
        self._back: list[Location] = []
        self._forward: list[Location] = []

    def visit(self, here: Location | None) -> None:
        """Called before leaving ``here`` for somewhere new: it becomes the place Back returns
        to, and the forward list is dropped."""
        if here is not None:
            if not self._back or self._back[-1] != here:
                self._back.append(here)
            del self._back[:-LIMIT]
        self._forward.clear()

    def back(self, here: Location | None) -> Location | None:
        if not self._back:
            return None
        if here is not None:
            self._forward.append(here)
        return self._back.pop()

    def forward(self, here: Location | None) -> Location | None:
        if not self._forward:
            return None
        if here is not None:
            self._back.append(here)
        return self._forward.pop()

    def can_back(self) -> bool:
        return bool(self._back)

    def can_forward(self) -> bool:
        return bool(self._forward)

    def forget(self, doc_ids: set[str]) -> None:
        """Drop the places in removed documents."""
        self._back = [loc for loc in self._back if loc.doc_id not in doc_ids]
        self._forward = [loc for loc in self._forward if loc.doc_id not in doc_ids]
