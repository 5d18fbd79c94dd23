"""The long operations the window runs, as generators over the core's own generators.

Each takes the ``threading.Event`` that cancels it and returns its outcome; the worker
(worker.py) runs them on the library's serial write queue. Plain Python: no Qt here.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ...core.library import ImportReport, Library, Progress

INBOX = "inbox"


@dataclass
class ImportOutcome:
    report: ImportReport
    new_ids: list[str] = field(default_factory=list)
    pasted: bool = False            # the import of pasted text (not of files the user chose)


def import_files(lib: Library, paths: list[Path], cancel: threading.Event) -> Iterator:
    """Import files and folders; returns an ImportOutcome (cancelled imports keep what they
    finished: the core commits document by document)."""
    job = lib.import_paths(paths, cancel=cancel)
    yield Progress(0, len(paths), phase="import")
    yield from job
    return ImportOutcome(job.report, [d["id"] for d in job.report.imported])


def import_url(lib: Library, url: str, cancel: threading.Event) -> Iterator:
    """Download the web page at ``url`` and import it; returns an ImportOutcome. The job's
    first report, at once, names the download (a report before it would hold its place: the
    worker forwards one report per 50 ms)."""
    job = lib.import_paths([url], cancel=cancel)
    yield from job
    return ImportOutcome(job.report, [d["id"] for d in job.report.imported])


@dataclass
class XrefOutcome:
    doc_ids: list[str] | None      # None: every pending document
    cancelled: bool


def cross_reference(lib: Library, doc_ids: list[str] | None,
                    cancel: threading.Event) -> Iterator:
    """Link the claims of ``doc_ids`` (None: every pending document); returns an XrefOutcome
    (a cancelled run writes nothing: the links stay as they were)."""
    yield from lib.cross_reference(doc_ids, cancel=cancel)
    return XrefOutcome(doc_ids, cancel.is_set())


def remove(lib: Library, doc_ids: list[str], cancel: threading.Event) -> Iterator:
    """Delete documents; returns (removed, not_found)."""
    yield Progress(0, len(doc_ids), phase="remove")
    return lib.remove(doc_ids)


def edit_metadata(lib: Library, doc_id: str, changes: dict[str, str],
                  cancel: threading.Event) -> Iterator:
    """Set some of a document's metadata (it is re-indexed); returns the document as saved."""
    return lib.edit_metadata(doc_id, **changes)
    yield  # noqa: unreachable - makes this a generator, which is what the worker runs


_URL_LINE = re.compile(r"^\s*(?:https?|ftp)://\S+\s*$", re.I)


def pasted_article(text: str, now: float | None = None) -> tuple[str, str]:
    """(file name, file content) for pasted text: a Markdown file whose title is the first
    line. A pasted list of web addresses is kept as a list of links (never fetched)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if lines and all(_URL_LINE.match(ln) for ln in lines):
        title = f"Links pasted on {time.strftime('%Y-%m-%d %H:%M', time.localtime(now))}"
        body = "\n\n".join(f"<{ln}>" for ln in lines)
        return f"links-{stamp}.md", f"---\ntitle: {title}\n---\n\n{body}\n"
    first = lines[0] if lines else "Pasted text"
    title = first if len(first) <= 120 else first[:117].rstrip() + "…"
    body = text.strip()
    if body.startswith(first) and len(lines) > 1:
        body = body[len(first):].strip()
    safe_title = title.replace('"', "'")
    return f"pasted-{stamp}.md", f'---\ntitle: "{safe_title}"\n---\n\n{body}\n'


def write_inbox_file(root: Path, name: str, content: str) -> Path:
    """Write atomically into the library's inbox (a temporary file renamed into place)."""
    inbox = Path(root) / INBOX
    inbox.mkdir(parents=True, exist_ok=True)
    target = inbox / name
    n = 1
    while target.exists():
        target = inbox / f"{Path(name).stem}-{n}{Path(name).suffix}"
        n += 1
    fd, tmp = tempfile.mkstemp(dir=inbox, prefix=".paste-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def import_pasted(lib: Library, text: str, cancel: threading.Event) -> Iterator:
    """Write pasted text to the inbox and import it; returns an ImportOutcome."""
    name, content = pasted_article(text)
    path = write_inbox_file(lib.root, name, content)
    outcome = yield from import_files(lib, [path], cancel)
    outcome.pasted = True
    return outcome
