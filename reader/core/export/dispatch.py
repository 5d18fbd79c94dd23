"""The export as text or as a file, in the format asked for: the one place that knows which
module renders which format."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..errors import InvalidArgument
from .annotations import render_json
from .collect import Collected, collect
from .csvfile import render_csv
from .files import check_writable, format_for, write_atomic
from .htmlpage import render_html
from .markdown import render_markdown

RENDERERS = {"md": render_markdown, "html": render_html, "csv": render_csv, "json": render_json}
FORMATS = tuple(RENDERERS)          # md, html, csv, json


def render(data: Collected, fmt: str) -> str:
    if fmt not in RENDERERS:
        raise InvalidArgument(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return RENDERERS[fmt](data)


def export(library, fmt: str = "md", *, doc_ids: Iterable[str] | None = None,
           kind: str = "all") -> str:
    """The export as text (CSV starts with a byte order mark)."""
    if fmt not in FORMATS:
        raise InvalidArgument(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return render(collect(library, doc_ids, kind), fmt)


def write_export(library, path: Path | str, fmt: str | None = None, *,
                 doc_ids: Iterable[str] | None = None, kind: str = "all",
                 force: bool = False) -> Path:
    """Export to a file (format from ``fmt``, else the file's suffix, else Markdown)."""
    path = Path(path)
    check_writable(path, force=force)          # fail before the work, not after
    text = export(library, fmt or format_for(path), doc_ids=doc_ids, kind=kind)
    write_atomic(path, text.encode("utf-8"), force=force)
    return path
