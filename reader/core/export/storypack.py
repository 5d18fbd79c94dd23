"""The evidence pack of a story as text or as a file, in the format asked for (story.py says
what it holds): the one place that knows which module renders which of its formats."""

from __future__ import annotations

from pathlib import Path

from ..errors import InvalidArgument
from ..store import DocumentRow
from ..stories.model import Matrix
from .files import check_writable, format_for, write_atomic
from .story import render_story_csv, render_story_markdown
from .storyhtml import render_story_html

STORY_RENDERERS = {"html": render_story_html, "csv": render_story_csv,
                   "md": render_story_markdown}
STORY_FORMATS = tuple(STORY_RENDERERS)          # html, csv, md


def export_story(matrix: Matrix, docs: dict[str, DocumentRow], fmt: str) -> str:
    """The pack as text (CSV starts with a byte order mark). ``docs``: doc id → DocumentRow
    (with its text, for the locations) of the story's documents and their copies."""
    if fmt not in STORY_RENDERERS:
        raise InvalidArgument(f"unknown format {fmt!r}; choose one of "
                              f"{', '.join(STORY_FORMATS)}")
    return STORY_RENDERERS[fmt](matrix, docs)


def write_story(matrix: Matrix, docs: dict[str, DocumentRow], path: Path | str,
                fmt: str | None = None, *, force: bool = False) -> Path:
    """Write the pack whole or not at all, never over a file without ``force`` (format from
    ``fmt``, else the file's suffix, else HTML)."""
    path = Path(path)
    check_writable(path, force=force)
    text = export_story(matrix, docs, fmt or format_for(path, default="html"))
    write_atomic(path, text.encode("utf-8"), force=force)
    return path
