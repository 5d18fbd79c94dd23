"""Plain data passed between the importers, the text pipeline and the library."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Extracted:
    """What an importer read from one article (a file, or one record of a collection).

    ``text`` is the body with paragraphs separated by blank lines ("\\n\\n"). When ``reflow`` is
    true, single newlines inside it are hard wraps that the normaliser should join.
    Title, source and author are plain one-line strings ("" when unknown); ``date`` is ISO 8601
    (``YYYY-MM-DD`` or a full timestamp) or "".
    """

    text: str
    title: str = ""
    source: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    reflow: bool = False
    record_id: str | None = None   # a JSONL/CSV record's own ``id``
    locator: str = ""              # where it came from inside the file, e.g. "line 12"
    tags: list[str] = field(default_factory=list)


@dataclass
class RecordFailure:
    """One record of a collection could not be read; the rest of the file still imports."""

    locator: str   # e.g. "line 12"
    reason: str
