"""Long work off the GUI thread: one worker class that runs a core generator on a QThreadPool.

Each ``yield`` of the generator is a progress report, forwarded to the GUI thread as a signal
(at most every ``PROGRESS_INTERVAL`` seconds). Cancelling sets a ``threading.Event`` that the
generator checks between its steps. Signals live on a separate QObject because a QRunnable is
not one (the pattern of napari's and superqt's GeneratorWorker).

Everything that writes to the library goes through one ``JobQueue`` whose pool has a single
thread, because the library has one writer at a time (Whoosh allows one); read-only work
(search) may use another queue.
"""

from __future__ import annotations

import gc
import threading
import time
import traceback
from contextlib import nullcontext
from typing import Callable, Generator

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from ...core.gcpause import full_collections_paused

PROGRESS_INTERVAL = 0.05     # seconds between two progress signals of one job

MakeGenerator = Callable[[threading.Event], Generator]


class JobSignals(QObject):
    started = Signal()
    progress = Signal(object)     # the report the generator yielded (Progress, XrefProgress, ...)
    finished = Signal(object)     # the generator's return value (None if it returns nothing)
    failed = Signal(str)          # one line: what went wrong
    ended = Signal()              # after finished or failed, in every case


class Job(QRunnable):
    """Runs ``make(cancel_event)`` to its end on a pool thread."""

    def __init__(self, kind: str, label: str, make: MakeGenerator, *,
                 pause_full_gc: bool = False):
        super().__init__()
        self.setAutoDelete(False)          # the queue keeps the Python object until it ends
        self.kind = kind                   # "import", "xref", "remove", "search", ...
        self.label = label                 # for people: "Importing 3 files"
        self.signals = JobSignals()
        self.cancel_event = threading.Event()
        self._make = make
        self._pause_full_gc = pause_full_gc
        self.last_progress = None

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def run(self) -> None:
        signals = self.signals
        signals.started.emit()
        with full_collections_paused() if self._pause_full_gc else nullcontext():
            self._run(signals)
        signals.ended.emit()

    def _run(self, signals: JobSignals) -> None:
        try:
            gen = self._make(self.cancel_event)
            result = None
            last = 0.0
            while True:
                try:
                    report = next(gen)
                except StopIteration as stop:
                    result = stop.value
                    break
                self.last_progress = report
                now = time.monotonic()
                if now - last >= PROGRESS_INTERVAL:
                    last = now
                    signals.progress.emit(report)
        except Exception as exc:   # noqa: BLE001 - reported to the window, never lost
            traceback.print_exc()
            signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            signals.finished.emit(result)


class JobQueue(QObject):
    """A queue of jobs run one after the other (``threads=1``) on its own QThreadPool."""

    job_started = Signal(object)      # the Job that began running
    job_ended = Signal(object)        # the Job that ended (finished, failed or cancelled)

    def __init__(self, threads: int = 1, parent: QObject | None = None, *,
                 long_jobs: bool = False):
        super().__init__(parent)
        # long jobs pause full garbage collections (``core.gcpause``)
        self._long_jobs = long_jobs
        self._closed = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._jobs: list[Job] = []

    def submit(self, kind: str, label: str, make: MakeGenerator) -> Job:
        job = Job(kind, label, make, pause_full_gc=self._long_jobs)
        self._jobs.append(job)
        job.signals.started.connect(lambda: self.job_started.emit(job))
        job.signals.ended.connect(lambda: self._on_ended(job))
        # Started from the event loop, not here: the caller connects to the job's signals
        # after ``submit`` returns, and a quick job could otherwise end before that (its
        # signals would then reach no one and the caller would wait forever).
        QTimer.singleShot(0, self, lambda: self._start(job))
        return job

    def _start(self, job: Job) -> None:
        if self._closed:
            self._on_ended(job)
            return
        self._pool.start(job)

    def _on_ended(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        self.job_ended.emit(job)

    def jobs(self) -> list[Job]:
        """Queued and running jobs, oldest first."""
        return list(self._jobs)

    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in self._jobs:
            job.cancel()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel everything and wait for the running job to stop between two steps."""
        self._closed = True
        self.cancel_all()
        self._pool.clear()
        return self._pool.waitForDone(timeout_ms)


def shutdown_all(*queues: JobQueue, timeout_ms: int = 30000) -> bool:
    """Shut the queues down with Python's cyclic garbage collector paused, then collect on
    this (the GUI) thread.

    A job still running when the window closes allocates as it winds down; a collection it
    set off would run on its pool thread and could free the closed window's Qt objects there,
    from the wrong thread (a segmentation fault in ``benchmarks/ui_speed.py``). In the app the
    ``GuiThreadCollector`` (collector.py) keeps every automatic collection on the GUI thread;
    this pause covers queues used without it (tests), and did not suffice alone: a collection
    already under way when the pause begins runs on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        done = [q.shutdown(timeout_ms) for q in queues]
    finally:
        if enabled:
            gc.enable()
    gc.collect()
    return all(done)
