"""Writing an export to a file: whole or not at all (a temporary file beside the target,
fsync, rename), never over an existing file without ``force``, with a clear ``OutputError``
for a folder that is missing or not writable."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OutputError, OutputExists

SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv",
            ".json": "json", ".jsonld": "json"}


def format_for(path: Path | str, default: str = "md") -> str:
    """The format a file name asks for by its suffix."""
    return SUFFIXES.get(Path(path).suffix.lower(), default)


def check_writable(path: Path, *, force: bool = False) -> None:
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    if path.exists() and not force:
        raise OutputExists(f"{path} exists; use --force to overwrite it")
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"cannot write {path}: {parent} is not a folder")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write {path}: no permission to write in {parent}")


def write_atomic(path: Path | str, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file in the same folder,
    fsync, then rename over the target (only with ``force`` when it exists)."""
    path = Path(path)
    check_writable(path, force=force)
    parent = path.parent
    _remove_stale(parent, path.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{_TMP_PREFIX.format(name=path.name)}{os.getpid()}-",
                                   suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        if hasattr(os, "fchmod"):     # mkstemp makes 0600; an export is an ordinary file
            os.fchmod(fd, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if force:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except OSError as exc:
        if isinstance(exc, FileExistsError):
            raise OutputExists(f"{path} exists; use --force to overwrite it") from None
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _fsync_dir(parent)


_TMP_PREFIX = ".{name}.reader-"     # then the writer's process id, "-", random, ".tmp"


def _remove_stale(parent: Path, name: str) -> None:
    """Delete the temporary files of earlier writes of ``name`` whose process is gone (killed
    during an export): hidden files that nothing else would ever remove."""
    prefix = _TMP_PREFIX.format(name=name)
    try:
        entries = [e for e in os.scandir(parent) if e.name.startswith(prefix)
                   and e.name.endswith(".tmp")]
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _alive(pid: int) -> bool:
    if os.name == "nt":                 # os.kill would end the process there: keep the file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:    # someone else's process (permission denied), or no way to tell
        return True
    return True


def _link_new(tmp: str, path: Path) -> None:
    """Move ``tmp`` to ``path`` only if ``path`` does not exist (no race with another writer
    where hard links work; a check then a rename where they do not)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
