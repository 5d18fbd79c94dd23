"""Importers: files on disk → :class:`Extracted` articles (or specific failures).

Public API:

* ``SUPPORTED`` — the file extensions that can be imported.
* :func:`iter_files` — expand the paths the user chose (folders recursively, sorted) into
  importable files, or ``(path, ImportFailure)`` for a path that cannot be used.
* :func:`read_path` — read one file: an iterator of :class:`Extracted` (one for an article
  file, one per record for a .jsonl/.ndjson/.csv collection, interleaved with
  :class:`RecordFailure` for bad records). A whole-file failure raises :class:`ImportFailure`
  whose ``str()`` is a specific one-line reason.
* :class:`Limits` / ``DEFAULT_LIMITS`` — size limits (see :class:`Limits` for the defaults).

The importers return clean text and metadata; the library runs the text normaliser on every
``Extracted.text`` afterwards (``reflow`` tells it whether single newlines are hard wraps).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Callable, Iterable, Iterator

from reader.core.errors import ImportFailure
from reader.core.model import Extracted, RecordFailure

from .safety import DEFAULT_LIMITS, Limits, os_reason

__all__ = ["SUPPORTED", "DEFAULT_LIMITS", "Limits", "iter_files", "read_path",
           "ImportFailure", "Extracted", "RecordFailure"]

SUPPORTED = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".epub",
             ".docx", ".jsonl", ".ndjson", ".csv"}
COLLECTIONS = {".jsonl", ".ndjson", ".csv"}


def _unsupported(path: Path) -> ImportFailure:
    supported = ", ".join(sorted(SUPPORTED))
    if not path.suffix:
        return ImportFailure(f"unsupported file type (no extension; supported: {supported})")
    return ImportFailure(f"unsupported file type {path.suffix!r} (supported: {supported})")


def _check_readable(path: Path, st: os.stat_result) -> ImportFailure | None:
    if stat.S_ISDIR(st.st_mode):
        return ImportFailure("is a directory")
    if not stat.S_ISREG(st.st_mode):
        return ImportFailure("not a regular file (a device, pipe or socket)")
    try:  # O_NONBLOCK: never hang on a special file that slipped through
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        os.close(fd)
    except OSError as exc:
        return ImportFailure(os_reason(exc))
    return None


def _stat(path: Path) -> os.stat_result | ImportFailure:
    try:
        return os.stat(path)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and os.path.lexists(path):
            return ImportFailure("broken symbolic link (its target does not exist)")
        return ImportFailure(os_reason(exc))


def iter_files(paths: Iterable[Path]) -> Iterator[Path | tuple[Path, ImportFailure]]:
    """Expand ``paths`` into files to import, in a deterministic order.

    Folders are walked recursively in sorted order (by case-folded name); inside folders,
    hidden entries (".name") and files with unsupported extensions are skipped silently. A
    path named explicitly that is missing, unreadable, of an unsupported type or a symbolic
    link loop yields ``(path, ImportFailure(reason))``; so does an unreadable folder or a
    folder symlink that leads back to one of its own ancestors inside a walk. Each file and
    folder is yielded/walked once even when reached twice (resolved paths are tracked), so
    symlink cycles cannot hang the walk.
    """
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        yield from _expand(path, True, seen_files, seen_dirs, ())


def _expand(path: Path, explicit: bool, seen_files, seen_dirs, ancestors: tuple):
    st = _stat(path)
    if isinstance(st, ImportFailure):
        yield path, st
        return
    key = (st.st_dev, st.st_ino)
    if stat.S_ISDIR(st.st_mode):
        if key in ancestors:
            yield path, ImportFailure("symbolic link loop (the folder leads back to itself)")
            return
        if key in seen_dirs:
            return
        seen_dirs.add(key)
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: (e.name.casefold(), e.name))
        except OSError as exc:
            yield path, ImportFailure(os_reason(exc))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir and child.suffix.lower() not in SUPPORTED:
                continue
            yield from _expand(child, False, seen_files, seen_dirs, ancestors + (key,))
        return
    if path.suffix.lower() not in SUPPORTED:
        if explicit:
            yield path, _unsupported(path)
        return
    if key in seen_files:
        return
    seen_files.add(key)
    problem = _check_readable(path, st)
    if problem is not None:
        yield path, problem
        return
    yield path


def _reader(suffix: str) -> Callable:
    if suffix in (".txt", ".text"):
        from .text import read_text as fn
    elif suffix in (".md", ".markdown"):
        from .markdown import read_markdown as fn
    elif suffix in (".html", ".htm", ".xhtml"):
        from .html import read_html as fn
    elif suffix == ".pdf":
        from .pdf import read_pdf as fn
    elif suffix == ".epub":
        from .epub import read_epub as fn
    elif suffix == ".docx":
        from .docx import read_docx as fn
    elif suffix in (".jsonl", ".ndjson"):
        from .records import read_jsonl as fn
    elif suffix == ".csv":
        from .records import read_csv as fn
    else:
        raise KeyError(suffix)
    return fn


def read_path(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Extracted | RecordFailure]:
    """Read one file; dispatch on its extension (case-insensitive).

    For an article file (.txt, .md, .html, .pdf, .epub, .docx) the whole extraction happens in
    this call, so a whole-file failure raises ImportFailure here, and the returned iterator
    holds one Extracted. For a collection (.jsonl, .ndjson, .csv) the size, encoding and
    (CSV) header are checked in this call; records are then read lazily, one Extracted or
    RecordFailure each, and a read error part-way raises ImportFailure from the iterator.
    Unexpected library errors are turned into ImportFailure too, so a bad file never
    crashes the caller.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise _unsupported(path)
    fn = _reader(suffix)
    try:
        result = run_reader(lambda: fn(path, limits), suffix.lstrip(".").upper())
    except ImportFailure as exc:
        raise _named(path, exc) from exc.__cause__
    if isinstance(result, Extracted):
        return iter([result])
    return _guard(result, suffix)


def run_reader(read: Callable, kind: str):
    """``read()``, with whatever goes wrong turned into an ImportFailure that says what (``kind``
    names the format: "could not read this PDF file (…)"); the fetch of a web page reads its
    body through here too."""
    try:
        return read()
    except ImportFailure:
        raise
    except MemoryError:
        raise ImportFailure("not enough memory to read the file") from None
    except RecursionError:
        raise ImportFailure("the document is nested too deeply to read") from None
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None
    except Exception as exc:  # a library choking on a malformed file
        detail = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:200]
        raise ImportFailure(f"could not read this {kind} file ({detail})") from exc


_SAYS_WHAT = re.compile(r"^not an? [\w ]+: (it|this) is |\(it looks like ")


def _named(path: Path, failure: ImportFailure) -> ImportFailure:
    """The failure, saying what the file really is when its name says otherwise ("a PNG
    image, not HTML: binary data, not text")."""
    from .safety import NotRead, misnamed
    if isinstance(failure, NotRead):
        return failure
    if _SAYS_WHAT.search(str(failure)):
        return failure          # the importer has said what the file is already
    real = misnamed(path)
    if not real:
        return failure
    return ImportFailure(f"{real}: {failure}")


def _guard(records: Iterator, suffix: str) -> Iterator[Extracted | RecordFailure]:
    try:
        yield from records
    except ImportFailure:
        raise
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:200]
        raise ImportFailure(f"could not read this {suffix.lstrip('.').upper()} file "
                            f"({detail})") from exc
