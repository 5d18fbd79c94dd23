"""The library's single-writer lock, across threads and processes.

Whoosh allows one writer per index, and SQLite one writing transaction at a time. Reader keeps
both simple by letting exactly one writer work on a library: within a process, writes are
serialised by a lock; across processes, by an OS file lock (flock on POSIX, msvcrt on Windows,
through Whoosh's portable FileLock). The OS drops the file lock when its process dies, so a
killed import never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from whoosh.util.filelock import FileLock

from .errors import LibraryBusy, ReadOnlyLibrary


class WriterLock:
    def __init__(self, path: Path, timeout: float = 30.0, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self.timeout = timeout
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._file_lock: FileLock | None = None

    @contextmanager
    def hold(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the lock for the block; wait up to ``timeout`` seconds, then raise LibraryBusy."""
        timeout = self.timeout if timeout is None else timeout
        if self.read_only:
            raise ReadOnlyLibrary(f"the library at {self.path.parent} is read-only: nothing "
                                  "can be changed in it")
        if not self._thread_lock.acquire(timeout=max(timeout, 0.0)):
            raise LibraryBusy("the library is busy: another task in this window is writing to it")
        try:
            if self._depth == 0:
                self._acquire_file(timeout)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release_file()
        finally:
            self._thread_lock.release()

    def _acquire_file(self, timeout: float) -> None:
        lock = FileLock(str(self.path))
        deadline = time.monotonic() + timeout
        while not lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                holder = self._holder()
                raise LibraryBusy(
                    f"the library is busy: another Reader process{holder} is writing to it; "
                    "try again when it has finished")
            time.sleep(0.05)
        try:   # say who holds it, for the busy message of the next one
            os.ftruncate(lock.fd, 0)
            os.write(lock.fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass
        self._file_lock = lock

    def _release_file(self) -> None:
        if self._file_lock is not None:
            try:
                os.ftruncate(self._file_lock.fd, 0)
            except OSError:
                pass
            self._file_lock.release()
            self._file_lock = None

    def _holder(self) -> str:
        try:
            pid = self.path.read_text().strip()
        except OSError:
            return ""
        return f" (pid {pid})" if pid.isdigit() else ""
